// SQLite's TicketStore (src/store/tickets.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { TicketStore } from '../tickets.js';

export function sqliteTicket(_db: Database.Database): TicketStore {
  return {};
}
