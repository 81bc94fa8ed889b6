// SQLite's ImportStore (src/store/imports.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { ImportStore } from '../imports.js';

export function sqliteImport(_db: Database.Database): ImportStore {
  return {};
}
