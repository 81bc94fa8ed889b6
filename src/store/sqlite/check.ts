// SQLite's CheckStore (src/store/check.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { CheckStore } from '../check.js';

export function sqliteCheck(_db: Database.Database): CheckStore {
  return {};
}
