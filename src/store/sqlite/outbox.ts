// SQLite's OutboxStore (src/store/outbox.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { OutboxStore } from '../outbox.js';

export function sqliteOutbox(_db: Database.Database): OutboxStore {
  return {};
}
