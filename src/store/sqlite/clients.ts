// SQLite's ClientStore (src/store/clients.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { ClientStore } from '../clients.js';

export function sqliteClient(_db: Database.Database): ClientStore {
  return {};
}
