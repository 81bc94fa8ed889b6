// Signing in to the client space: single-use sign-in links and sessions.
import type { Contact } from './contacts.js';
import type { Ctx } from './context.js';

export const SIGN_IN_TTL_MINUTES = 15;
export const SESSION_IDLE_DAYS = 30;

const todo = (): never => {
  throw new Error('portal-auth: not implemented yet');
};

/** For `portal link`: a sign-in link for a contact (the given e-mail, else the client's first contact). */
export function issueSignInLink(ctx: Ctx, o: { client: string; email?: string; ttlMinutes?: number; baseUrl: string }): { url: string; email: string; expiresAt: string } {
  void ctx, o;
  return todo();
}

/** A known contact gets a sign-in e-mail (outbox, kind 'sign-in'); an unknown address gets nothing. */
export function requestSignInLink(ctx: Ctx, o: { email: string; baseUrl: string }): void {
  void ctx, o;
  todo();
}

/** What a token is worth, without consuming it (mail scanners follow links). */
export function peekSignInToken(ctx: Ctx, token: string): 'valid' | 'used' | 'expired' | 'unknown' {
  void ctx, token;
  return todo();
}

/** Consumes a token and opens a session, in one transaction. */
export function consumeSignInToken(
  ctx: Ctx,
  token: string,
): { ok: true; sessionId: string; contact: Contact } | { ok: false; reason: 'used' | 'expired' | 'unknown' } {
  void ctx, token;
  return todo();
}

/** The session's contact; undefined after 30 days idle, sign-out, or the contact's removal. */
export function sessionContact(ctx: Ctx, sessionId: string): Contact | undefined {
  void ctx, sessionId;
  return todo();
}

export function endSession(ctx: Ctx, sessionId: string): void {
  void ctx, sessionId;
  todo();
}
