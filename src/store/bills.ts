// The storage of bill runs' records (bills): the interface every engine implements
// (src/store/sqlite/bills.ts). Row types come from src/db/schema.ts.
import type { bills } from '../db/schema.js';

/** A bill run's record of one ticket, as `tickets show` lists it. */
export type TicketBill = Pick<
  typeof bills.$inferSelect,
  'at' | 'agent' | 'billableMinutes' | 'previouslyChargedMinutes' | 'chargedMinutes' | 'waivedMinutes' | 'uncoveredMinutes'
>;

export interface BillStore {
  /** The bill runs that changed what the ticket owes, oldest first. */
  ofTicket(ticketId: number): TicketBill[];
}
