// The storage of tickets, time entries, ticket events, ticket counts, the queue's reads: the interface every engine implements
// (src/store/sqlite/tickets.ts). Row types come from src/db/schema.ts.
import type { tickets } from '../db/schema.js';
import type { TicketStatus } from '../rules/ticket-states.js';

export type TicketRow = typeof tickets.$inferSelect;

/** A ticket with its client's code and its requester's e-mail (null: none recorded). */
export type TicketWithCode = TicketRow & { clientCode: string; requester: string | null };

/** A red ticket as take --next judges it. */
export interface RedCandidate {
  id: number;
  clientId: number;
  clientCode: string;
  queuedAt: number;
}

/** A time entry as every reader of worked time sees it at `now`. */
export interface EntryRow {
  agent: string;
  startedAt: number;
  /** its end; for a timer still open, now or the instant it stopped by itself, whichever comes first */
  endedAt: number;
  running: boolean;
  /** a timer that stopped by itself (rules/business-time.ts autoStopAt) */
  autoStopped: boolean;
  note: string | null;
}

export interface EventRow {
  at: number;
  agent: string;
  event: string;
  detail: string | null;
}

export interface NewTicketRow {
  clientId: number;
  subject: string;
  body: string | null;
  at: number;
  requesterId: number | null;
  formKey: string | null;
}

export interface NewEntry {
  ticketId: number;
  agent: string;
  startedAt: number;
  /** null: a timer, running from startedAt */
  endedAt: number | null;
  note: string | null;
  /** where a timer stops by itself; null for an entry added ended */
  stopsAt: number | null;
}

/** The queue's filters: one client's tickets, those taken by one agent. */
export interface QueueFilter {
  clientId?: number;
  agent?: string;
}

export interface TicketStore {
  /** The ticket, or undefined. */
  ticket(id: number): TicketWithCode | undefined;
  /** A red ticket: its number. */
  open(ticket: NewTicketRow): number;
  /** Orange: taken by `agent` at `at`. */
  take(id: number, at: number, agent: string): void;
  /** Green, and marked for the next bill run. */
  close(id: number, at: number, resolution: string, defect: boolean): void;
  /** Back to red from green. */
  reopen(id: number, at: number): void;
  /** Back to red from orange. */
  release(id: number, at: number): void;
  /** What it owes may have changed (time added once green): the next bill run reads it. */
  markToBill(id: number): void;

  /** A history event: its id. */
  addEvent(ticketId: number, at: number, agent: string, event: string, detail: string | null): number;
  /** The recorded events, in the order written. */
  history(ticketId: number): EventRow[];
  /** The latest event by time, or undefined. */
  latestEvent(ticketId: number): { at: number; event: string } | undefined;
  /** When counting started: its first take, or null. */
  firstTake(ticketId: number): number | null;

  /** A time entry: its id. */
  addEntry(entry: NewEntry): number;
  /** Every entry, in time order, as seen at `now`. */
  entries(ticketId: number, now: number): EntryRow[];
  /** Every entry's time (running ones up to now or their stop, never negative), and whether a timer runs. */
  worked(ticketId: number, now: number): { ms: number; running: boolean };
  /** worked() of each ticket given, in one read where the engine gains by it (a list of tickets). */
  workedOfEach(ticketIds: readonly number[], now: number): Map<number, { ms: number; running: boolean }>;
  /** Whether the ticket was ever timed. */
  hasEntries(ticketId: number): boolean;
  /** Whether `agent`'s timer on the ticket runs at `now`. */
  timerRunning(ticketId: number, agent: string, now: number): boolean;
  /** The first of the agent's entries on the ticket overlapping [from, to), as seen at `now`. */
  overlapping(
    ticketId: number,
    agent: string,
    from: number,
    to: number,
    now: number,
  ): { startedAt: number; endedAt: number } | undefined;
  /** Ends the open timers of the ticket (or of one agent on it) at `now`, or where they stopped by themselves. */
  stopTimers(ticketId: number, now: number, agent?: string): void;

  /**
   * take --next: up to `limit` red tickets in queue order after `after` (from
   * the front when undefined), leaving out those of `skipClients` (clients
   * already refused), so that a client with many red tickets is met once.
   */
  redCandidates(
    after: { queuedAt: number; id: number } | undefined,
    skipClients: readonly number[],
    limit: number,
  ): RedCandidate[];
  /**
   * take --next: holds the candidate chosen for this transaction, false when
   * another agent's transaction holds or took it (then the next one is tried):
   * agents taking --next at once each get another ticket.
   */
  claimRed(ticketId: number): boolean;
  /**
   * The queue, read at one moment: how many tickets of each status match the
   * filter (for the whole desk, counts kept as tickets change, never counted),
   * and the first `limit` tickets of `statuses`, status after status, each in
   * the queue's order (red by queuedAt, orange by takenAt, oldest first; green
   * newest resolved first).
   */
  queue(
    statuses: readonly TicketStatus[],
    filter: QueueFilter,
    limit: number,
  ): { counts: Record<TicketStatus, number>; tickets: TicketWithCode[] };
}
