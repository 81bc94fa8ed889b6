// Signing in to the client space (docs/client-space.md): single-use sign-in links and
// sessions. Tokens and session ids are 256 random bits; only their SHA-256 is
// stored, so a copy of the database opens no session. Looking at a token
// (the GET a mail scanner makes) consumes nothing; consuming it and opening
// the session is one transaction.
import { createHash, randomBytes } from 'node:crypto';
import { invalidInput, notFound } from '../errors.js';
import { cleanLine } from '../render/text.js';
import { requireClient } from './clients.js';
import {
  contactOf,
  findContactByEmail,
  firstContact,
  requireContactOf,
  type Contact,
  type Language,
} from './contacts.js';
import { iso, type Ctx } from './context.js';
import type { SignInTokenRow } from '../store/portal.js';

export const SIGN_IN_TTL_MINUTES = 15;
export const SESSION_IDLE_DAYS = 30;
/** `portal link --ttl`: at most a week (a link given by phone may wait for the weekend). */
export const MAX_TTL_MINUTES = 7 * 24 * 60;
const DAY_MS = 86_400_000;
/** A session's last use is written at most this often: every page would otherwise write. */
export const SESSION_TOUCH_MS = 5 * 60_000;

const secret = (): string => randomBytes(32).toString('base64url');
const hashOf = (value: string): string => createHash('sha256').update(value).digest('hex');

function linkTo(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/sign-in/${token}`;
}

/** Inside the caller's transaction: a new token for the contact; old expired tokens are purged. */
function newToken(ctx: Ctx, contact: Contact, ttlMinutes: number): { token: string; expiresAt: number } {
  ctx.store.portal.purgeSignInTokens(ctx.now - DAY_MS);
  const token = secret();
  const expiresAt = ctx.now + ttlMinutes * 60_000;
  ctx.store.portal.addSignInToken(hashOf(token), contact.id, ctx.now, expiresAt);
  return { token, expiresAt };
}

export interface SignInLink {
  url: string;
  email: string;
  expiresAt: string;
}

/** For `portal link`: a sign-in link for a contact (the given e-mail, else the client's first contact). */
export function issueSignInLink(
  ctx: Ctx,
  o: { client: string; email?: string; ttlMinutes?: number; baseUrl: string },
): SignInLink {
  const ttl = o.ttlMinutes ?? SIGN_IN_TTL_MINUTES;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_MINUTES)
    throw invalidInput(`a sign-in link lasts from 1 minute to 7 days, not ${ttl} minutes`);
  return ctx.store.immediate(() => {
    const client = requireClient(ctx, o.client);
    const contact = o.email === undefined ? firstContact(ctx, client.id) : requireContactOf(ctx, client, o.email);
    if (!contact)
      throw notFound(
        'CONTACT_NOT_FOUND',
        `${client.code} has no contact`,
        `add one: alias-support contacts add ${client.code} EMAIL`,
      );
    const { token, expiresAt } = newToken(ctx, contact, ttl);
    return { url: linkTo(o.baseUrl, token), email: contact.email, expiresAt: iso(expiresAt) };
  });
}

/** The sign-in e-mail, in the contact's language. */
export function signInText(language: Language, url: string, minutes: number): { subject: string; body: string } {
  if (language === 'en')
    return {
      subject: 'Your sign-in link to the ALIAS client space',
      body: [
        'Hello,',
        '',
        'To sign in to the ALIAS support client space, open this link:',
        '',
        url,
        '',
        `It can be used once, within ${minutes} minutes. If you did not ask for it, ignore this message.`,
        '',
        'ALIAS technical support',
      ].join('\n'),
    };
  return {
    subject: "Votre lien de connexion à l'espace client ALIAS",
    body: [
      'Bonjour,',
      '',
      "Pour vous connecter à l'espace client du support ALIAS, ouvrez ce lien :",
      '',
      url,
      '',
      `Il n'est valable qu'une fois, pendant ${minutes} minutes. Si vous ne l'avez pas demandé, ignorez ce message.`,
      '',
      'Le support technique ALIAS',
    ].join('\n'),
  };
}

/**
 * A known contact gets a sign-in e-mail (outbox, kind 'sign-in'); an unknown
 * address gets nothing, after the same work (a token drawn and hashed), so
 * the answer takes about the same time either way.
 */
export function requestSignInLink(ctx: Ctx, o: { email: string; baseUrl: string }): void {
  const contact = findContactByEmail(ctx, o.email);
  if (!contact) {
    hashOf(secret());
    return;
  }
  ctx.store.immediate(() => {
    const { token } = newToken(ctx, contact, SIGN_IN_TTL_MINUTES);
    const text = signInText(contact.language, linkTo(o.baseUrl, token), SIGN_IN_TTL_MINUTES);
    ctx.store.portal.queueSignInMail(
      { recipient: cleanLine(contact.email), subject: text.subject, body: text.body, language: contact.language },
      ctx.now,
    );
  });
}

type TokenState = 'valid' | 'used' | 'expired' | 'unknown';

function tokenState(ctx: Ctx, token: string): { state: TokenState; row?: SignInTokenRow } {
  const row = ctx.store.portal.signInToken(hashOf(token));
  // A removed contact's links open nothing: as if they never existed.
  if (!row || row.removedAt !== null) return { state: 'unknown' };
  if (row.usedAt !== null) return { state: 'used', row };
  if (ctx.now >= row.expiresAt) return { state: 'expired', row };
  return { state: 'valid', row };
}

/** What a token is worth, without consuming it (mail scanners follow links). */
export function peekSignInToken(ctx: Ctx, token: string): TokenState {
  return tokenState(ctx, token).state;
}

/** Consumes a token and opens a session, in one transaction: a token opens one session, once. */
export function consumeSignInToken(
  ctx: Ctx,
  token: string,
): { ok: true; sessionId: string; contact: Contact } | { ok: false; reason: 'used' | 'expired' | 'unknown' } {
  return ctx.store.immediate(() => {
    const { state, row } = tokenState(ctx, token);
    if (state !== 'valid' || !row) return { ok: false as const, reason: state === 'valid' ? 'unknown' : state };
    const portal = ctx.store.portal;
    portal.useSignInToken(row.id, ctx.now);
    portal.purgeSessions(ctx.now - SESSION_IDLE_DAYS * DAY_MS);
    const sessionId = secret();
    portal.openSession(hashOf(sessionId), row.contactId, ctx.now);
    const { lastSeenAt: _, ...contact } = portal.session(hashOf(sessionId))!;
    return { ok: true as const, sessionId, contact: contactOf(contact) };
  });
}

/**
 * The session's contact, and the desk's change mark read with it (the dashboard's pages are kept under it:
 * src/web/page-cache.ts). No contact for an unknown session, after 30 days without use, after sign-out or once
 * the contact is removed. Its last use is refreshed at most every few minutes.
 */
export async function readSession(
  ctx: Ctx,
  sessionId: string,
): Promise<{ contact: Contact | undefined; mark: string }> {
  const hash = hashOf(sessionId);
  const { session: row, mark } = await ctx.store.portal.sessionAndMark(hash);
  if (!row || ctx.now - row.lastSeenAt > SESSION_IDLE_DAYS * DAY_MS) return { contact: undefined, mark };
  if (ctx.now - row.lastSeenAt >= SESSION_TOUCH_MS) ctx.store.portal.touchSession(hash, ctx.now);
  const { lastSeenAt: _, ...contact } = row;
  return { contact: contactOf(contact), mark };
}

export function endSession(ctx: Ctx, sessionId: string): void {
  ctx.store.portal.endSession(hashOf(sessionId));
}
