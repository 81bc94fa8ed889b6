// The storage of the credit ledger (ledger_entries, append-only) and of the
// shop purchases it records: the interface every engine implements
// (src/store/sqlite/ledger.ts), the only writer of ledger_entries.

/** 'purchase' | 'consumption' | 'reversal' | 'forfeit' | 'adjustment' (src/db/schema.ts) */
export type LedgerKind = 'purchase' | 'consumption' | 'reversal' | 'forfeit' | 'adjustment';

export interface NewLedgerEntry {
  clientId: number;
  at: number;
  kind: LedgerKind;
  /** signed: + adds credit, − takes it */
  minutes: number;
  /** order id, ticket number or forfeit day */
  reference: string | null;
  ticketId: number | null;
  note: string | null;
  agent: string;
}

/** An entry as a statement reads it. */
export interface LedgerRow {
  id: number;
  at: number;
  kind: string;
  minutes: number;
  reference: string | null;
  ticketId: number | null;
  note: string | null;
}

export interface LedgerStore {
  /** Appends one entry: its id. */
  append(entry: NewLedgerEntry): number;
  /**
   * Appends the orders of the import spooled on this store (ImportStore) that
   * are to be imported: for each, in line order, a `purchase` entry and its
   * purchases row. Runs inside the import's write transaction.
   */
  appendSpooledPurchases(at: number, agent: string): void;

  /** The client's balance: the sum of its entries (0 without any), kept by the engine as entries are written. */
  balance(clientId: number): number;
  /** Every client's balance that has entries (kept likewise). */
  balances(): Map<number, number>;
  /** The client's entries in ledger order (time, then id); only those at or before `until` when given. */
  entries(clientId: number, until?: number): LedgerRow[];
  /** The instant of the client's latest entry, or undefined. */
  latestAt(clientId: number): number | undefined;
  /** The forfeit days whose forfeit is written for the client (not the forfeits following a reversal). */
  forfeitDaysWritten(clientId: number): string[];
  /** The same, of every client. */
  allForfeitDaysWritten(): Map<number, string[]>;
  /** What the ticket was charged and given back, in ledger order. */
  ticketCharges(ticketId: number): { at: number; minutes: number; kind: string }[];
}
