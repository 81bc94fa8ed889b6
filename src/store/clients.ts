// The storage of the client register: clients, their contacts and their
// licences. The interface every engine implements (src/store/sqlite/clients.ts).
// Row types come from src/db/schema.ts. Codes and e-mail addresses are
// matched without regard to case.
import type { clients, licences } from '../db/schema.js';

export type ClientRow = typeof clients.$inferSelect;
export type LicenceRow = typeof licences.$inferSelect;

export interface NewClientRow {
  code: string;
  name: string;
  email: string | null;
  language: string;
  at: number;
}

/** A contact with its client's code and name. */
export interface ContactRow {
  id: number;
  clientId: number;
  clientCode: string;
  clientName: string;
  email: string;
  name: string | null;
  language: string;
  createdAt: number;
}

export interface NewContactRow {
  clientId: number;
  email: string;
  name: string | null;
  language: string;
  at: number;
}

/** A licence's dates as the validity rule reads them, and the instant it was recorded. */
export interface TermRow {
  startsOn: string;
  endsOn: string;
  createdAt: number;
}

/** A licence whose coverage ended, with its client's code. */
export interface EndedLicence {
  client: string;
  licence: number;
  endsOn: string;
}

export interface ClientStore {
  /** The client with this code (without regard to case), or undefined. */
  byCode(code: string): ClientRow | undefined;
  /** Every client, by code. */
  all(): ClientRow[];
  /** A new client (its first contact, from its e-mail, is made by the store). */
  add(client: NewClientRow): ClientRow;
  /** The client's tickets still open (pending or in progress), oldest first. */
  openTickets(clientId: number): { number: number; subject: string; status: string }[];

  /** The contact (not removed) with this address, without regard to case, or undefined. */
  contactByEmail(email: string): ContactRow | undefined;
  contactById(id: number): ContactRow | undefined;
  /** The client's first contact: the oldest not removed. */
  firstContact(clientId: number): ContactRow | undefined;
  /** The client's contacts not removed, oldest first. */
  contactsOf(clientId: number): ContactRow[];
  /** Every contact not removed, by client code then age. */
  contacts(): ContactRow[];
  /** A new contact: its id. */
  addContact(contact: NewContactRow): number;
  /** Marks the contact removed at `at` and ends its client-space sessions. */
  removeContact(id: number, at: number): void;

  /** A new licence: its id. */
  addLicence(licence: Omit<LicenceRow, 'id'>): number;
  /** The client's licences, by first day. */
  licencesOf(clientId: number): LicenceRow[];
  /**
   * The licences with their client's code, by end: all, or one client's; with
   * `expiring`, only those covering its first day and ending by its second.
   */
  licences(clientId?: number, expiring?: { from: string; to: string }): (LicenceRow & { code: string })[];
  /** The licences whose last day was `endedOn` with no licence of their client covering `coveredOn`, by client code. */
  endedLicences(endedOn: string, coveredOn: string): EndedLicence[];
  /** The client's licence terms. */
  termsOf(clientId: number): TermRow[];
  /** Every client's licence terms. */
  allTerms(): Map<number, TermRow[]>;
}
