// SQLite's PortalStore (src/store/portal.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { PortalStore } from '../portal.js';

export function sqlitePortal(_db: Database.Database): PortalStore {
  return {};
}
