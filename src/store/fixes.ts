// The storage of fixes owed for software defects (fixes): the interface every engine implements
// (src/store/sqlite/fixes.ts). Row types come from src/db/schema.ts.
import type { fixes } from '../db/schema.js';

/** A fix with its client's code. */
export type FixRow = Omit<typeof fixes.$inferSelect, 'id' | 'clientId'> & { client: string };

export interface NewFix {
  ticketId: number;
  clientId: number;
  plan: string | null;
  delivery: string;
  at: number;
}

export interface FixStore {
  /** A pending fix for the ticket: its id, or undefined when the ticket already owes one (it keeps that one). */
  record(fix: NewFix): number | undefined;
  /** Every fix, or only the pending ones, by ticket. */
  list(options: { pending: boolean }): FixRow[];
  /** The pending fixes a patch release delivers (next-release, not hotfixes), by ticket. */
  dueAtRelease(): FixRow[];
  ofTicket(ticketId: number): FixRow | undefined;
  /** The ticket's fix delivered in `version` at `at`. */
  deliver(ticketId: number, version: string, at: number): void;
  /** Every pending next-release fix delivered in `version` at `at`: how many. */
  release(version: string, at: number): number;
}
