// The storage of the invariants `db check` verifies, and the backup: the
// interface every engine implements (src/store/sqlite/check.ts). Each method is
// one pass over the desk that yields only the rows breaking its invariant (so a
// million-ticket desk is checked in linear time and flat memory); the service
// (src/services/db-check.ts) decides and words the findings.

/** A row whose reference points at no row. */
export interface DanglingReference {
  table: string;
  /** the row's key in its table */
  row: number;
  /** the table it refers to */
  parent: string;
}

/** A ledger entry whose kind and sign disagree, or a charge/reversal without a ticket of its client. */
export interface OddLedgerEntry {
  id: number;
  kind: string;
  minutes: number;
  ticketId: number | null;
  /** the client of the entry's ticket, null without one */
  ticketClientId: number | null;
  clientId: number;
}

/** A client whose running balance, in statement order, falls below zero. */
export interface NegativeRun {
  code: string | null;
  lowest: number;
  /** the entry that first takes it below zero */
  firstNegativeEntry: number;
}

/** A client whose kept balance (client_balances) is not the sum of its ledger entries. */
export interface KeptBalanceMismatch {
  clientId: number;
  code: string | null;
  /** null: no kept row */
  kept: number | null;
  ledger: number;
}

export interface ReversalRow {
  id: number;
  clientId: number;
  ticketId: number;
  at: number;
  minutes: number;
  /** the forfeit written with it (same ticket, same instant), in positive minutes */
  forfeited: number;
}

/** A purchase whose ledger entry is missing or disagrees with it. */
export interface UnmatchedPurchase {
  orderId: string;
  minutes: number;
  /** null: no entry */
  entryId: number | null;
  entryKind: string | null;
  entryMinutes: number | null;
  sameClient: boolean;
}

/** A ticket whose totals disagree with its ledger charges or its bills. */
export interface TicketTotals {
  id: number;
  charged: number;
  waived: number;
  uncovered: number;
  ledgerCharged: number;
  billsCharged: number;
  billsWaived: number;
  billsUncovered: number;
}

/** A bill whose ledger entry is missing or disagrees with it. */
export interface UnmatchedBill {
  id: number;
  ticketId: number;
  charged: number;
  entryId: number | null;
  entryMinutes: number | null;
  entryTicketId: number | null;
}

export interface BillRow {
  id: number;
  ticketId: number;
  workedSeconds: number;
  billableMinutes: number;
}

export interface EntryRef {
  id: number;
  ticketId: number;
}

export interface CheckStore {
  /** Runs fn on one consistent snapshot of the desk, writers not blocked; nothing is written. */
  snapshot<T>(fn: () => T): T;
  /**
   * The words for an error the engine raised reading a damaged desk (a finding,
   * not a crash); undefined for any other error.
   */
  engineFailure(err: unknown): string | undefined;

  /** The engine's own check of pages, indexes and records (quick: indexes not matched against their tables): its complaints. */
  integrityProblems(quick: boolean): string[];
  danglingReferences(): Iterable<DanglingReference>;

  oddLedgerEntries(): Iterable<OddLedgerEntry>;
  /** Running balances per client in date order, a day forfeit first at its instant (as statements show them). */
  negativeRunningBalances(): Iterable<NegativeRun>;
  /** Clients whose kept balance differs from the sum of their entries (a kept row without entries must hold 0). */
  keptBalanceMismatches(): Iterable<KeptBalanceMismatch>;
  /** Every reversal of a ticket's charge, in ledger order. */
  reversals(): ReversalRow[];
  /** The ticket's charges and reversals written before the entry `beforeEntry`, in writing order. */
  chargesBefore(ticketId: number, beforeEntry: number): { at: number; minutes: number; kind: string }[];

  unmatchedPurchases(): Iterable<UnmatchedPurchase>;
  /** Purchase entries without an imported order. */
  purchaseEntriesWithoutOrder(): Iterable<{ id: number; minutes: number }>;

  ticketTotalsMismatches(): Iterable<TicketTotals>;
  unmatchedBills(): Iterable<UnmatchedBill>;
  /** Bills whose billable minutes are not the slices of their worked seconds (15 min per started quarter hour). */
  billsAgainstSliceRule(): Iterable<BillRow>;
  /** Tickets whose charged + waived + uncovered differ from the billable minutes of their last bill. */
  totalsAgainstLastBill(): Iterable<{ id: number; accounted: number; billableMinutes: number }>;
  /**
   * Green tickets not marked to bill whose billable minutes (the slices of their
   * ended time) differ from their last bill's: grew, or for a defect changed at all.
   */
  unmarkedToBill(): Iterable<{ id: number; billable: number; billed: number }>;

  /** Tickets not orange with a timer running. */
  timersOffOrange(): Iterable<{ id: number; status: string; running: number }>;
  entriesEndingBeforeStart(): Iterable<EntryRef>;
  /** Running timers without a valid instant to stop by themselves. */
  timersWithoutStop(): Iterable<EntryRef>;
  /** Time entries starting before their ticket's first take (takenAt null: never taken). */
  entriesBeforeTake(): Iterable<{ id: number; ticketId: number; startedAt: number; takenAt: number | null }>;
  /** Entries starting within the same agent's earlier time on the ticket (a running timer ends at `now` or where it stops by itself). */
  overlappingEntries(
    now: number,
  ): Iterable<{ id: number; ticketId: number; agent: string; startedAt: number; previousEnd: number }>;
  /**
   * Tickets whose status is not the one their last state event leaves them in
   * (`statusAfter`: each state event → that status); event null: no state event.
   */
  statusBehindHistory(
    statusAfter: ReadonlyMap<string, string>,
  ): Iterable<{ id: number; status: string; event: string | null; eventId: number | null }>;

  /**
   * Copies the desk, as of one instant, into the new empty file `to` (writers
   * carry on meanwhile); the copy is self-contained (no log beside it).
   * Returns its size in pages and the engine's quick check of it ('ok').
   */
  backup(to: string): Promise<{ pages: number; check: string }>;
}
