// The storage of a generated demo desk, loaded in bulk: the interface every
// engine implements (src/store/sqlite/demo.ts). The plan (src/services/demo/plan.ts)
// is plain data in these shapes; the store only writes it, in plan order, so
// that the same plan gives the same rows. Ledger entries have the ledger's own
// shape (src/store/ledger.ts) and are written through it.
import type { NewBill } from './bills.js';
import type { NewLedgerEntry } from './ledger.js';

/** A ledger entry of a planned client: its id is known only once written. */
export type DemoLedgerEntry = Omit<NewLedgerEntry, 'clientId'>;

/** A shop order, imported: its purchase entry and its purchases row. */
export interface DemoPurchase {
  entry: DemoLedgerEntry;
  orderId: string;
  product: string;
  quantity: number;
  purchasedAt: number;
  minutes: number;
  importedAt: number;
}

export interface DemoLicence {
  plan: 'on-demand' | 'all-inclusive';
  startsOn: string;
  endsOn: string;
  createdAt: number;
  createdBy: string;
}

export interface DemoClient {
  code: string;
  name: string;
  email: string | null;
  language: 'fr' | 'en';
  createdAt: number;
  licences: DemoLicence[];
  /** bought with the first licence */
  purchases: DemoPurchase[];
}

export interface DemoTicket {
  /** the client's place in the plan's clients */
  client: number;
  /** bought just before the ticket was opened */
  purchases: DemoPurchase[];
  id: number;
  subject: string;
  body: string | null;
  status: 'pending' | 'in_progress' | 'resolved';
  createdAt: number;
  queuedAt: number;
  takenAt: number | null;
  takenBy: string | null;
  resolvedAt: number | null;
  resolution: string | null;
  defect: boolean;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
  /** green, and a bill run has yet to settle it */
  toBill: boolean;
  /** its bill (a bill run's row, but the ids the writer gives), with the consumption entry when it charges */
  bill: (Omit<NewBill, 'ticketId' | 'ledgerEntryId'> & { entry: DemoLedgerEntry | null }) | null;
  timeEntries: {
    agent: string;
    startedAt: number;
    endedAt: number | null;
    note: string | null;
    stopsAt: number | null;
  }[];
  receipt: {
    recipient: string | null;
    subject: string;
    body: string;
    language: 'fr' | 'en';
    state: 'queued' | 'sent' | 'failed';
    attempts: number;
    lastError: string | null;
    createdAt: number;
    sentAt: number | null;
  };
  fix: {
    plan: string | null;
    delivery: string;
    status: 'pending' | 'delivered';
    version: string | null;
    createdAt: number;
    deliveredAt: number | null;
  } | null;
  /** its history, in time order */
  events: { at: number; agent: string; event: string; detail: string | null }[];
}

export interface DemoStore {
  /** How many clients the desk holds (the demo's codes follow theirs). */
  clientCount(): number;
  /** The number the next ticket gets. */
  nextTicketId(): number;
  /**
   * Writes the clients (licences, purchases), then the tickets in the order
   * given (each with its purchases, bill, time, receipt, fix and history).
   * Runs inside the caller's write transaction; `tickets` is read once, as it
   * comes, so a million-ticket plan is never held in memory.
   */
  load(clients: readonly DemoClient[], tickets: Iterable<DemoTicket>): void;
}
