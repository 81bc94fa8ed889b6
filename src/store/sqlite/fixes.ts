// SQLite's FixStore (src/store/fixes.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { FixStore } from '../fixes.js';

export function sqliteFix(_db: Database.Database): FixStore {
  return {};
}
