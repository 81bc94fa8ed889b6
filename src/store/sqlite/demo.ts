// SQLite's DemoStore (src/store/demo.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { DemoStore } from '../demo.js';

export function sqliteDemo(_db: Database.Database): DemoStore {
  return {};
}
