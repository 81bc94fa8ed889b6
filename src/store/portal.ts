// The storage of sign-in tokens, sessions, the client space's read models: the interface every engine implements
// (src/store/sqlite/portal.ts). Every read model is bound to one client and walks an index of it.

import type { ContactRow, TermRow } from './clients.js';

/** A ticket as the client space lists it. */
export interface PortalTicketRow {
  number: number;
  subject: string;
  /** 'pending' | 'in_progress' | 'resolved' */
  status: string;
  createdAt: number;
  takenAt: number | null;
  resolvedAt: number | null;
  defect: boolean;
}

/** A ticket as its request page shows it. */
export interface PortalTicketDetailRow extends PortalTicketRow {
  body: string | null;
  resolution: string | null;
  /** the requester's e-mail */
  requester: string | null;
  chargedMinutes: number;
  waivedMinutes: number;
}

export interface SignInTokenRow {
  id: number;
  contactId: number;
  expiresAt: number;
  usedAt: number | null;
  /** when its contact was removed, if it was */
  removedAt: number | null;
}

/** A session's contact, with its client. */
export type SessionRow = ContactRow & { lastSeenAt: number };

/** A licence as the dashboard lists it, and as the validity rule reads it (its terms: one read for both). */
export interface PortalLicenceRow extends TermRow {
  plan: string;
}

export interface PortalStore {
  /** How long the client space's statements wait for another process's write before failing busy. */
  waitForLocks(ms: number): void;
  /** Reads the desk; throws when it cannot. */
  healthCheck(): void;
  /**
   * The session's contact (unless the contact was removed), and a mark of the desk read with it, before what the
   * request reads next: the mark differs from every earlier one once another connection (or process) has committed
   * or this connection has written (src/web/page-cache.ts). Awaited: on PostgreSQL it is one statement on a
   * connection of its own, and serve's other requests go on meanwhile.
   */
  sessionAndMark(hash: string): Promise<{ session: SessionRow | undefined; mark: string }>;

  /** Stores a sign-in token by its hash. */
  addSignInToken(hash: string, contactId: number, at: number, expiresAt: number): void;
  signInToken(hash: string): SignInTokenRow | undefined;
  /** Marks the token used; false when it was used already (by another connection meanwhile). */
  useSignInToken(id: number, at: number): boolean;
  /** Deletes the tokens that expired before `before`. */
  purgeSignInTokens(before: number): void;
  /** Queues a sign-in e-mail (outbox, kind 'sign-in'). */
  queueSignInMail(mail: { recipient: string; subject: string; body: string; language: string }, at: number): void;

  openSession(hash: string, contactId: number, at: number): void;
  /** The session's contact, unless the contact was removed (inside a transaction: sessionAndMark is not). */
  session(hash: string): SessionRow | undefined;
  touchSession(hash: string, at: number): void;
  endSession(hash: string): void;
  /** Ends the sessions idle since before `before`. */
  purgeSessions(before: number): void;

  /** How many tickets the client has in each status. */
  ticketCounts(clientId: number): { pending: number; inProgress: number; resolved: number };
  /**
   * A page of the client's open tickets: pending ones then those in progress, each oldest in the queue first;
   * `pending`: how many are pending (ticketCounts).
   */
  openTickets(clientId: number, pending: number, limit: number, offset: number): PortalTicketRow[];
  /** The client's resolved tickets, newest first. */
  resolvedTickets(clientId: number, limit: number, offset: number): PortalTicketRow[];
  /** The client's ticket; undefined for another client's. */
  ticket(number: number, clientId: number): PortalTicketDetailRow | undefined;
  /** The events of the ticket a client sees, in order. */
  timeline(ticketId: number): { at: number; event: 'opened' | 'taken' | 'released' | 'closed' | 'reopened' }[];
  /** The client's licences, by start. */
  licences(clientId: number): PortalLicenceRow[];
  /** The ticket a request form (its key) already made for this requester. */
  ticketOfForm(requesterId: number, formKey: string): number | undefined;
}
