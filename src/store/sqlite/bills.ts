// SQLite's BillStore (src/store/bills.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { BillStore } from '../bills.js';

export function sqliteBill(_db: Database.Database): BillStore {
  return {};
}
