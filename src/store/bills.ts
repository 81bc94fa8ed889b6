// The storage of bill runs: the bills rows, and the billing columns each bill
// keeps on its ticket (the totals it cached, whether the ticket awaits a bill,
// a defect found after closing). The interface every engine implements
// (src/store/sqlite/bills.ts).

/** A ticket as a bill run and the usage report read it: its billing totals and its worked time. */
export interface TicketTotals {
  id: number;
  clientId: number;
  client: string;
  status: string;
  resolvedAt: number | null;
  defect: boolean;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
  /** every time entry's time, running timers up to now or where they stopped by themselves */
  workedMs: number;
  /** the instant of the ticket's latest history event */
  latestEventAt: number;
}

/** Resolution instants [from, to): either end open when undefined. */
export interface ResolvedPeriod {
  from?: number;
  to?: number;
}

/** One bill of a ticket: a bills row, its totals added to the ticket's. */
export interface NewBill {
  ticketId: number;
  at: number;
  agent: string;
  workedSeconds: number;
  billableMinutes: number;
  previouslyChargedMinutes: number;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
  /** the ledger entry of its charge or reversal, when it has one */
  ledgerEntryId: number | null;
}

/** A bill's values in the order of the bills table's columns (the engines' positional writers). */
export const billRow = (b: NewBill): unknown[] => [
  b.ticketId,
  b.at,
  b.agent,
  b.workedSeconds,
  b.billableMinutes,
  b.previouslyChargedMinutes,
  b.chargedMinutes,
  b.waivedMinutes,
  b.uncoveredMinutes,
  b.ledgerEntryId,
];

/** A bill run's record of one ticket, as `tickets show` lists it. */
export interface TicketBill {
  at: number;
  agent: string;
  billableMinutes: number;
  previouslyChargedMinutes: number;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
}

export interface BillStore {
  /** The bill runs that changed what the ticket owes, oldest first. */
  ofTicket(ticketId: number): TicketBill[];
  /** The tickets with these numbers (those that exist), by number, as seen at `now`. */
  totalsOf(ticketIds: readonly number[], now: number): TicketTotals[];
  /** The resolved tickets marked since their last bill (all a bill run may change), by number. */
  toBill(now: number): TicketTotals[];
  /** The resolved tickets resolved within the period, by number. */
  resolved(period: ResolvedPeriod, now: number): TicketTotals[];
  /** Each agent's own time (ms) on each ticket resolved within the period, by ticket then agent. */
  agentTime(period: ResolvedPeriod, now: number): { ticketId: number; agent: string; ms: number }[];

  /** Records a bill: its row, and its totals added to the ticket's, which it settles (to_bill = 0). */
  record(bill: NewBill): void;
  /**
   * The tickets are settled (nothing left for the next run): all those `toBill` reads, or the ones given. Those a
   * bill settled already are left as they are (no new version of their row).
   */
  settle(ticketIds: readonly number[] | 'all'): void;
  /** A resolved ticket found to be a software defect; `toBill`: whether the next run must read it. */
  markDefect(ticketId: number, toBill: boolean): void;
}
