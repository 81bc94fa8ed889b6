// The storage of queued mail (outbox): the interface every engine implements
// (src/store/sqlite/outbox.ts). Row types come from src/db/schema.ts.
//
// A row is 'queued', then 'sending' while a sender holds its claim (claimedBy,
// until claimedUntil), then 'sent' or 'failed', or 'queued' again to be retried
// from claimedUntil. Every change of a claimed row names the claim: a sender
// whose lease ran out (and whose row another sender took) changes nothing.
import type { outbox } from '../db/schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface NewMail {
  ticketId: number | null;
  recipient: string | null;
  subject: string;
  body: string;
  language: string;
  /** 'failed' at once for a mail that cannot be sent (no recipient), with its reason in lastError */
  state: 'queued' | 'failed';
  lastError: string | null;
  at: number;
  kind: 'receipt' | 'sign-in';
}

export interface OutboxStore {
  /** Queues a mail: its id. */
  queue(mail: NewMail): number;
  /** The messages in these states (every message when undefined), oldest first. */
  list(states?: readonly string[]): OutboxRow[];
  /**
   * Claims the first message after `afterId` that is due at `now` (queued and
   * past its retry time, or any queued one with `retryNow`; or held by a sender
   * whose lease ran out) for `token` until `leaseUntil`; undefined when none.
   */
  claimNext(afterId: number, now: number, retryNow: boolean, token: string, leaseUntil: number): OutboxRow | undefined;
  /** Sent at `at`, its body replaced by `body`; undefined when the claim is no longer `token`'s. */
  markSent(id: number, token: string, change: { attempts: number; at: number; body: string }): OutboxRow | undefined;
  /** Queued again, to be tried from `retryAt`; undefined when the claim is no longer `token`'s. */
  retryLater(
    id: number,
    token: string,
    change: { attempts: number; error: string; retryAt: number },
  ): OutboxRow | undefined;
  /** Failed for good; undefined when the claim is no longer `token`'s. */
  markFailed(id: number, token: string, change: { attempts: number; error: string }): OutboxRow | undefined;
  /** The messages still to send (queued or held), and the earliest instant one of them waits for (0: none waits). */
  waiting(): { count: number; next: number | null };
}
