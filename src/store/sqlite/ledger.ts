// SQLite's LedgerStore (src/store/ledger.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { LedgerStore } from '../ledger.js';

export function sqliteLedger(_db: Database.Database): LedgerStore {
  return {};
}
