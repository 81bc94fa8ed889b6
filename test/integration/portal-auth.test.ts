// SPEC 5 sign-in: single-use links valid 15 minutes, a GET that consumes
// nothing, sessions of 30 days idle; tokens and session ids random and stored
// only as SHA-256 hashes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { addContact } from '../../src/services/contacts.js';
import {
  consumeSignInToken,
  endSession,
  issueSignInLink,
  peekSignInToken,
  requestSignInLink,
  SESSION_IDLE_DAYS,
  readSession,
} from '../../src/services/portal-auth.js';
import { listOutbox, sendOutbox, smtpSettings } from '../../src/services/outbox.js';
import { parseMail, startSmtp } from '../helpers/smtp.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { openTestStore, tempDesk } from '../helpers/store.js';

const NOW = '2026-11-26T09:00:00Z';
const BASE = 'https://support.example.com';
const MINUTE = 60_000;
const DAY = 86_400_000;

function desk() {
  const d = tempDesk(NOW);
  addClient(d.ctx, { code: 'C042', name: 'Dupont SA', email: 'accueil@dupont.fr' });
  addContact(d.ctx, { client: 'C042', email: 'john@dupont.fr', name: 'John', language: 'en' });
  addClient(d.ctx, { code: 'C043', name: 'Sans contact' });
  const later = (ms: number) => ({ ...d.ctx, now: d.ctx.now + ms });
  return { ...d, later };
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('sign-in links', () => {
  it("portal link: for the client's first contact by default, or the one named; 15 minutes; 256 random bits", () => {
    const { ctx } = desk();
    const link = issueSignInLink(ctx, { client: 'c042', baseUrl: `${BASE}/` });
    expect(link).toEqual({
      url: expect.stringMatching(/^https:\/\/support\.example\.com\/sign-in\/[A-Za-z0-9_-]{43}$/),
      email: 'accueil@dupont.fr',
      expiresAt: '2026-11-26T09:15:00.000Z',
    });
    const other = issueSignInLink(ctx, { client: 'C042', email: 'JOHN@dupont.fr', ttlMinutes: 60, baseUrl: BASE });
    expect(other).toMatchObject({ email: 'john@dupont.fr', expiresAt: '2026-11-26T10:00:00.000Z' });
    expect(tokenOf(other.url)).not.toBe(tokenOf(link.url));
  });

  it('refuses a client without contact, a contact of another client, a ttl out of range', () => {
    const { ctx } = desk();
    expect(() => issueSignInLink(ctx, { client: 'C043', baseUrl: BASE })).toThrow(
      expect.objectContaining({ code: 'CONTACT_NOT_FOUND', exitCode: 3 }),
    );
    expect(() => issueSignInLink(ctx, { client: 'C043', email: 'john@dupont.fr', baseUrl: BASE })).toThrow(
      expect.objectContaining({ code: 'CONTACT_NOT_FOUND' }),
    );
    expect(() => issueSignInLink(ctx, { client: 'C999', baseUrl: BASE })).toThrow(
      expect.objectContaining({ code: 'CLIENT_NOT_FOUND' }),
    );
    for (const ttlMinutes of [0, 7 * 24 * 60 + 1, 1.5])
      expect(() => issueSignInLink(ctx, { client: 'C042', ttlMinutes, baseUrl: BASE })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
      );
  });

  it('stores only the SHA-256 of the token: the token itself is nowhere in the database', () => {
    const { ctx } = desk();
    const token = tokenOf(issueSignInLink(ctx, { client: 'C042', baseUrl: BASE }).url);
    const rows = rawOf(ctx.store).all<{ hash: string }>('SELECT token_hash AS hash FROM sign_in_tokens');
    expect(rows).toEqual([{ hash: sha256(token) }]);
    expect(JSON.stringify(snapshotRaw(rawOf(ctx.store)))).not.toContain(token);
  });

  it('a look (GET) consumes nothing; the first consume opens a session, the second is refused as used', () => {
    const { ctx, later } = desk();
    const token = tokenOf(issueSignInLink(ctx, { client: 'C042', email: 'john@dupont.fr', baseUrl: BASE }).url);
    expect(peekSignInToken(ctx, token)).toBe('valid');
    expect(peekSignInToken(later(MINUTE), token)).toBe('valid');
    const first = consumeSignInToken(later(2 * MINUTE), token);
    expect(first).toMatchObject({
      ok: true,
      contact: { email: 'john@dupont.fr', clientCode: 'C042', clientName: 'Dupont SA', language: 'en', name: 'John' },
    });
    expect(consumeSignInToken(later(3 * MINUTE), token)).toEqual({ ok: false, reason: 'used' });
    expect(peekSignInToken(later(3 * MINUTE), token)).toBe('used');
  });

  it('two connections consuming the same token: one session, the other is told it was used', () => {
    const { ctx, path } = desk();
    const token = tokenOf(issueSignInLink(ctx, { client: 'C042', baseUrl: BASE }).url);
    const other = openTestStore(path);
    try {
      const results = [consumeSignInToken(ctx, token), consumeSignInToken({ ...ctx, store: other }, token)];
      expect(results.map((r) => r.ok)).toEqual([true, false]);
      expect(results[1]).toEqual({ ok: false, reason: 'used' });
      expect(rawOf(ctx.store).value('SELECT count(*) FROM portal_sessions')).toBe(1);
    } finally {
      other.close();
    }
  });

  it('expires after 15 minutes; an unknown token is unknown', () => {
    const { ctx, later } = desk();
    const token = tokenOf(issueSignInLink(ctx, { client: 'C042', baseUrl: BASE }).url);
    expect(peekSignInToken(later(15 * MINUTE - 1), token)).toBe('valid');
    expect(peekSignInToken(later(15 * MINUTE), token)).toBe('expired');
    expect(consumeSignInToken(later(15 * MINUTE), token)).toEqual({ ok: false, reason: 'expired' });
    expect(peekSignInToken(ctx, 'x'.repeat(43))).toBe('unknown');
    expect(consumeSignInToken(ctx, '')).toEqual({ ok: false, reason: 'unknown' });
  });
});

describe('asking for a link by e-mail (the sign-in form)', () => {
  it("a known contact gets a 'sign-in' message in its language, with a working link; the address in any case", () => {
    const { ctx } = desk();
    requestSignInLink(ctx, { email: ' John@Dupont.FR ', baseUrl: BASE });
    requestSignInLink(ctx, { email: 'accueil@dupont.fr', baseUrl: BASE });
    const rows = rawOf(ctx.store).all<{ body: string }>(
      'SELECT ticket_id AS ticket, recipient, subject, body, language, state, kind FROM outbox ORDER BY id',
    );
    expect(rows).toEqual([
      expect.objectContaining({
        ticket: null,
        recipient: 'john@dupont.fr',
        subject: 'Your sign-in link to the ALIAS client space',
        language: 'en',
        state: 'queued',
        kind: 'sign-in',
      }),
      expect.objectContaining({
        recipient: 'accueil@dupont.fr',
        subject: "Votre lien de connexion à l'espace client ALIAS",
        language: 'fr',
        kind: 'sign-in',
      }),
    ]);
    const url = /https:\/\/support\.example\.com\/sign-in\/[A-Za-z0-9_-]{43}/.exec(rows[0]!.body)![0];
    expect(rows[0]!.body).toContain('15 minutes');
    expect(consumeSignInToken(ctx, tokenOf(url))).toMatchObject({ ok: true, contact: { email: 'john@dupont.fr' } });
  });

  it('outbox send delivers it; once sent, the stored copy no longer holds the token; outbox list says its kind', async () => {
    const { ctx } = desk();
    requestSignInLink(ctx, { email: 'john@dupont.fr', baseUrl: BASE });
    expect(listOutbox(ctx)).toEqual([
      expect.objectContaining({ ticket: null, to: 'john@dupont.fr', kind: 'sign-in', state: 'queued' }),
    ]);
    const smtp = await startSmtp();
    const report = await sendOutbox(
      ctx,
      smtpSettings({
        ALIAS_SUPPORT_SMTP_URL: smtp.url,
        ALIAS_SUPPORT_MAIL_FROM: 'Support ALIAS <support@alias.example>',
      }),
    );
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const token = /\/sign-in\/([A-Za-z0-9_-]{43})/.exec(parseMail(smtp.received[0]!.raw).text)![1]!;
    expect(peekSignInToken(ctx, token)).toBe('valid');
    const [stored] = rawOf(ctx.store).all<{ body: string }>('SELECT body FROM outbox');
    expect(stored!.body).not.toContain(token);
    expect(stored!.body).toContain(`${BASE}/sign-in/…`);
    expect(JSON.stringify(snapshotRaw(rawOf(ctx.store)))).not.toContain(token);
  });

  it('an unknown address gets nothing, and nothing is written', () => {
    const { ctx } = desk();
    const before = snapshotRaw(rawOf(ctx.store));
    requestSignInLink(ctx, { email: 'nobody@dupont.fr', baseUrl: BASE });
    expect(snapshotRaw(rawOf(ctx.store))).toEqual(before);
  });
});

describe('sessions', () => {
  function signedIn() {
    const d = desk();
    const result = consumeSignInToken(d.ctx, tokenOf(issueSignInLink(d.ctx, { client: 'C042', baseUrl: BASE }).url));
    if (!result.ok) throw new Error('expected a session');
    return { ...d, sessionId: result.sessionId };
  }
  const lastSeen = (d: ReturnType<typeof signedIn>) =>
    rawOf(d.ctx.store).all<{ hash: string; at: number }>(
      'SELECT id_hash AS hash, last_seen_at AS at FROM portal_sessions',
    );

  it('a session id is 256 random bits, stored as its SHA-256 only; it gives the contact back', async () => {
    const d = signedIn();
    expect(d.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(lastSeen(d)).toEqual([{ hash: sha256(d.sessionId), at: d.ctx.now }]);
    expect((await readSession(d.ctx, d.sessionId)).contact).toMatchObject({
      email: 'accueil@dupont.fr',
      clientCode: 'C042',
    });
    expect((await readSession(d.ctx, 'forged')).contact).toBeUndefined();
  });

  it('lasts 30 days without use; each use keeps it alive, written at most every few minutes', async () => {
    const d = signedIn();
    expect((await readSession(d.later(MINUTE), d.sessionId)).contact).toBeDefined();
    expect(lastSeen(d)[0]!.at).toBe(d.ctx.now); // not written for a minute
    expect((await readSession(d.later(20 * DAY), d.sessionId)).contact).toBeDefined();
    expect(lastSeen(d)[0]!.at).toBe(d.ctx.now + 20 * DAY);
    expect((await readSession(d.later((20 + SESSION_IDLE_DAYS) * DAY), d.sessionId)).contact).toBeDefined();
    expect((await readSession(d.later((20 + 2 * SESSION_IDLE_DAYS) * DAY + 1), d.sessionId)).contact).toBeUndefined();
  });

  it('sign-out ends it; a new sign-in purges sessions idle for 30 days', async () => {
    const d = signedIn();
    endSession(d.ctx, d.sessionId);
    expect((await readSession(d.ctx, d.sessionId)).contact).toBeUndefined();
    consumeSignInToken(d.ctx, tokenOf(issueSignInLink(d.ctx, { client: 'C042', baseUrl: BASE }).url));
    const later = d.later(SESSION_IDLE_DAYS * DAY + 1);
    const fresh = consumeSignInToken(later, tokenOf(issueSignInLink(later, { client: 'C042', baseUrl: BASE }).url));
    expect(lastSeen(d)).toEqual([{ hash: sha256(fresh.ok ? fresh.sessionId : ''), at: later.now }]);
  });
});
