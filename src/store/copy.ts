// Copying a whole desk from one engine to another (`db copy`), table by
// table: rows read in batches from the source, written in batches to the
// target, ids kept. Tables come in the order of their foreign keys; what
// triggers derive on the target (a client's first contact, the ticket counts)
// is not copied over them: the triggers' rows for contacts are replaced by the
// source's, and the counts are compared instead.
export type CopyRow = Record<string, unknown>;

/** The desk's tables in the order of their foreign keys: a row's parents are copied before it. */
export const COPIED_TABLES = [
  'clients',
  'contacts',
  'licences',
  'sign_in_tokens',
  'portal_sessions',
  'tickets',
  'ledger_entries',
  'purchases',
  'time_entries',
  'ticket_events',
  'bills',
  'fixes',
  'outbox',
  'holidays',
  'holiday_years',
] as const;
export type CopiedTable = (typeof COPIED_TABLES)[number];

/** Tables the target's triggers fill as the tickets are written: compared, never copied. */
export const DERIVED_TABLES = ['ticket_counts', 'client_ticket_counts', 'client_balances'] as const;
export type DerivedTable = (typeof DERIVED_TABLES)[number];

/** Rows written by a trigger on the target while its parent table was copied (clients_first_contact). */
export const TRIGGER_MADE: Partial<Record<CopiedTable, CopiedTable>> = { clients: 'contacts' };

export interface CopyStore {
  /** Calls `each` with the table's rows, a batch at a time, in the order of their key. */
  read(table: CopiedTable, each: (rows: CopyRow[]) => void): void;
  /** Inserts rows as they are, ids included (inserts only: the ledger stays append-only). */
  write(table: CopiedTable, rows: CopyRow[]): void;
  /** Deletes what a trigger wrote into a table of an otherwise empty desk, before the source's rows come. */
  discard(table: CopiedTable): void;
  count(table: CopiedTable): number;
  /** A derived table's rows, sorted: what the triggers computed. */
  derived(table: DerivedTable): CopyRow[];
  /** Each client's balance: the sum of its ledger entries. */
  balances(): { clientId: number; minutes: number }[];
  /** After the rows: the next id of each table follows the copied ones. */
  finish(): void;
}
