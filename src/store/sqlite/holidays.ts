// SQLite's HolidayStore (src/store/holidays.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { HolidayStore } from '../holidays.js';

export function sqliteHoliday(_db: Database.Database): HolidayStore {
  return {};
}
