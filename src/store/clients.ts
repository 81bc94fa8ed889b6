// The storage of clients, contacts, licences: the interface every engine implements
// (src/store/sqlite/clients.ts). Row types come from src/db/schema.ts.
import type { licences } from '../db/schema.js';

export type LicenceRow = typeof licences.$inferSelect;

export interface ClientStore {
  /** The client's licences, by first day. */
  licencesOf(clientId: number): LicenceRow[];
}
