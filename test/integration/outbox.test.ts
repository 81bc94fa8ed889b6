// The outbox service against a real SMTP server on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { LEASE_MS, listOutbox, retryDelayMs, sendOutbox, smtpSettings } from '../../src/services/outbox.js';
import { historyOf, openTicket } from '../../src/services/tickets.js';
import { deadPort, parseMail, startSmtp } from '../helpers/smtp.js';
import { tempDesk } from '../helpers/store.js';

const NOW = '2026-11-26T09:00:00Z';
const at = (ms: number) => new Date(ms).toISOString();

function desk() {
  const d = tempDesk(NOW);
  addClient(d.ctx, { code: 'C042', name: 'Dupont SA', email: 'jeanne@dupont.fr' });
  addClient(d.ctx, { code: 'C043', name: 'Smith Ltd', email: 'ops@smith.example', language: 'en' });
  addClient(d.ctx, { code: 'C044', name: 'Sans Courriel', language: 'fr' });
  return d;
}

const settings = (url: string, maxAttempts?: number) =>
  smtpSettings(
    { ALIAS_SUPPORT_SMTP_URL: url, ALIAS_SUPPORT_MAIL_FROM: 'Support ALIAS <support@alias.example>' },
    maxAttempts,
  );

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('sending receipts', () => {
  it('delivers a French receipt: recipient, ticket number, accents decoded, sent only once', async () => {
    const { ctx } = desk();
    const ticket = await openTicket(ctx, { client: 'C042', subject: 'Écran figé à l’ouverture du modèle « Été »' });
    const smtp = await startSmtp();

    const report = await sendOutbox(ctx, settings(smtp.url));
    expect(report).toMatchObject({ sent: 1, requeued: 0, failed: 0, waiting: 0, nextAttemptAt: null });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['jeanne@dupont.fr']);
    expect(mail!.from).toBe('support@alias.example');

    const parsed = parseMail(mail!.raw);
    expect(parsed.sevenBit).toBe(true);
    expect(parsed.charset).toBe('utf-8');
    expect(['quoted-printable', 'base64']).toContain(parsed.transferEncoding);
    expect(parsed.subject).toBe(
      `[Support ALIAS n°${ticket.number}] Demande reçue : Écran figé à l’ouverture du modèle « Été »`,
    );
    expect(parsed.text).toContain(`Son numéro de ticket est le ${ticket.number}.`);
    expect(parsed.text).toContain('« Écran figé à l’ouverture du modèle « Été » »');
    expect(parsed.text).toContain('jours ouvrés');
    expect(parsed.header('to')).toBe('jeanne@dupont.fr');
    expect(parsed.header('auto-submitted')).toBe('auto-generated');
    expect(parsed.header('message-id')).toBe(`<outbox-1.ticket-${ticket.number}@alias.example>`);

    const [view] = listOutbox(ctx, 'sent');
    expect(view).toEqual({
      id: 1,
      ticket: ticket.number,
      to: 'jeanne@dupont.fr',
      subject: parsed.subject,
      state: 'sent',
      attempts: 1,
      lastError: null,
      createdAt: '2026-11-26T09:00:00.000Z',
      sentAt: '2026-11-26T09:00:00.000Z',
      nextAttemptAt: null,
      kind: 'receipt',
    });
    expect(historyOf(ctx, ticket.number).map((h) => [h.event, h.detail])).toContainEqual([
      'receipt-sent',
      'to jeanne@dupont.fr',
    ]);

    // A second run has nothing to send.
    expect((await sendOutbox(ctx, settings(smtp.url))).messages).toEqual([]);
    expect(smtp.received).toHaveLength(1);
  });

  it('writes English for an English client, French when --language fr overrides it', async () => {
    const { ctx } = desk();
    await openTicket(ctx, { client: 'C043', subject: 'Licence key rejected' });
    await openTicket(ctx, { client: 'C043', subject: 'Clé refusée', language: 'fr' });
    const smtp = await startSmtp();
    await sendOutbox(ctx, settings(smtp.url));
    const [en, fr] = smtp.received.map((m) => parseMail(m.raw));
    expect(en!.subject).toBe('[ALIAS support #1] Request received: Licence key rejected');
    expect(en!.text).toContain('No time is counted\nuntil an agent takes it');
    expect(en!.header('content-language')).toBe('en');
    expect(fr!.subject).toBe('[Support ALIAS n°2] Demande reçue : Clé refusée');
  });

  it('refuses an unknown receipt language with the ticket (nothing written)', async () => {
    const { ctx } = desk();
    await expect(openTicket(ctx, { client: 'C042', subject: 'x', language: 'de' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(listOutbox(ctx, 'all')).toEqual([]);
  });

  it('a subject carrying CR/LF cannot add a header or a recipient', async () => {
    const { ctx } = desk();
    await openTicket(ctx, { client: 'C042', subject: 'Bug\r\nBcc: victim@evil.example\r\n\r\nfake body' });
    const smtp = await startSmtp();
    await sendOutbox(ctx, settings(smtp.url));
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['jeanne@dupont.fr']);
    const parsed = parseMail(mail!.raw);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toBe('[Support ALIAS n°1] Demande reçue : Bug Bcc: victim@evil.example fake body');
  });

  it('a client without an e-mail address: the receipt is recorded as failed at once, and the history says so', async () => {
    const { ctx } = desk();
    const ticket = await openTicket(ctx, { client: 'C044', subject: 'Pas de courriel' });
    expect(listOutbox(ctx, 'failed')).toMatchObject([
      {
        ticket: ticket.number,
        to: null,
        state: 'failed',
        attempts: 0,
        lastError: 'no receipt e-mail: client C044 has no e-mail address',
      },
    ]);
    expect(historyOf(ctx, ticket.number)[0]).toMatchObject({
      event: 'opened',
      detail: 'no receipt e-mail: client C044 has no e-mail address',
    });
    const smtp = await startSmtp();
    expect((await sendOutbox(ctx, settings(smtp.url))).messages).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('authenticates with the URL credentials (percent-encoded) and never shows the password', async () => {
    const { ctx } = desk();
    await openTicket(ctx, { client: 'C042', subject: 'Auth' });
    const smtp = await startSmtp({ auth: { user: 'desk@alias.example', pass: 'p@ss:w/rd%42' } });
    const report = await sendOutbox(ctx, settings(smtp.url));
    expect(report.sent).toBe(1);
    expect(smtp.received[0]!.user).toBe('desk@alias.example');

    await openTicket(ctx, { client: 'C042', subject: 'Wrong password' });
    const wrong = `smtp://desk%40alias.example:${encodeURIComponent('Sup3r-Secret!')}@127.0.0.1:${smtp.port}`;
    const failed = await sendOutbox(ctx, settings(wrong));
    expect(failed.requeued).toBe(1);
    const error = failed.messages[0]!.lastError!;
    expect(error).toMatch(/535|Invalid/);
    expect(error).toContain('smtp://desk%40alias.example:***@127.0.0.1');
    const stored = JSON.stringify([listOutbox(ctx, 'all'), historyOf(ctx, 2)]);
    expect(stored).not.toContain('Sup3r-Secret');
    expect(stored).not.toContain('Sup3r%2DSecret');
  });

  it.each(['starttls', 'implicit'] as const)(
    'TLS (%s): an untrusted certificate is refused unless tls.rejectUnauthorized=false',
    async (tls) => {
      const { ctx } = desk();
      await openTicket(ctx, { client: 'C042', subject: 'Chiffré' });
      const smtp = await startSmtp({ tls, auth: { user: 'desk', pass: 'tls-secret' } });
      const refused = await sendOutbox(ctx, settings(smtp.url));
      expect(refused.requeued).toBe(1);
      // smtp-server's built-in certificate is self-signed (and expired by now).
      expect(refused.messages[0]!.lastError).toMatch(/certificate/);
      const ok = await sendOutbox(ctx, settings(`${smtp.url}?tls.rejectUnauthorized=false`), { retryNow: true });
      expect(ok.sent).toBe(1);
      expect(smtp.received[0]!.user).toBe('desk');
    },
  );
});

describe('failures: the message stays queued with its error, then fails after N attempts', () => {
  it.each([
    ['5xx to RCPT TO', { rejectRecipient: 550 }, /550/],
    ['5xx after DATA', { rejectData: 554 }, /554/],
  ])('a server answering %s', async (_what, options, pattern) => {
    const d = desk();
    await openTicket(d.ctx, { client: 'C042', subject: 'Refusé' });
    const smtp = await startSmtp(options);
    const url = smtp.url;
    const t0 = Date.parse(NOW);

    const first = await sendOutbox(d.ctx, settings(url, 3));
    expect(first).toMatchObject({ sent: 0, requeued: 1, failed: 0, waiting: 1 });
    const [m] = listOutbox(d.ctx, 'queued');
    expect(m).toMatchObject({ state: 'queued', attempts: 1, sentAt: null });
    expect(m!.lastError).toMatch(pattern);
    expect(Date.parse(m!.nextAttemptAt!) - t0).toBeGreaterThanOrEqual(retryDelayMs(1));

    // Before its delay, a run leaves it alone; --retry-now does not wait.
    expect((await sendOutbox(d.ctx, settings(url, 3))).messages).toEqual([]);
    expect((await sendOutbox(d.ctx, settings(url, 3), { retryNow: true })).messages[0]).toMatchObject({
      attempts: 2,
      state: 'queued',
    });

    // Third failure with maxAttempts 3: failed, listed, and in the ticket history.
    const later = d.at(at(t0 + retryDelayMs(2) + 60_000));
    const last = await sendOutbox(later, settings(url, 3));
    expect(last).toMatchObject({ sent: 0, requeued: 0, failed: 1, waiting: 0 });
    expect(listOutbox(d.ctx, 'failed')).toMatchObject([
      { state: 'failed', attempts: 3, lastError: expect.stringMatching(pattern) },
    ]);
    expect(historyOf(d.ctx, 1).at(-1)).toMatchObject({
      event: 'receipt-failed',
      detail: expect.stringMatching(/^after 3 attempts: /),
    });
    expect((await sendOutbox(d.at(at(t0 + 86_400_000)), settings(url, 3))).messages).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('a server that is down: the first message keeps its error, the others are not tried this run', async () => {
    const d = desk();
    for (const subject of ['un', 'deux', 'trois']) await openTicket(d.ctx, { client: 'C042', subject });
    const port = await deadPort();
    const report = await sendOutbox(d.ctx, settings(`smtp://127.0.0.1:${port}`));
    expect(report).toMatchObject({ sent: 0, requeued: 1, failed: 0, waiting: 3 });
    expect(listOutbox(d.ctx, 'queued').map((m) => [m.attempts, m.lastError])).toEqual([
      [1, expect.stringMatching(new RegExp(`ECONNREFUSED.*127\\.0\\.0\\.1:${port}`))],
      [0, null],
      [0, null],
    ]);

    // The server is back: the next run delivers the two fresh ones now and the
    // first once its delay is over.
    const smtp = await startSmtp();
    const back = await sendOutbox(d.ctx, settings(smtp.url));
    expect(back).toMatchObject({ sent: 2, waiting: 1 });
    const after = await sendOutbox(d.at(at(Date.parse(NOW) + retryDelayMs(1) + 60_000)), settings(smtp.url));
    expect(after).toMatchObject({ sent: 1, waiting: 0 });
    expect(listOutbox(d.ctx, 'sent').map((m) => [m.ticket, m.attempts, m.lastError])).toEqual([
      [1, 2, null],
      [2, 1, null],
      [3, 1, null],
    ]);
    expect(smtp.received.map((r) => parseMail(r.raw).subject.replace(/.*: /, ''))).toEqual(['deux', 'trois', 'un']);
  });

  it('the retry delay grows: 5 min, 20 min, 80 min, 5h20, then 6 h', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n) / 60_000)).toEqual([5, 20, 80, 320, 360, 360]);
  });
});

describe('claims', () => {
  function claimAs(ctx: Ctx, id: number, claimedUntil: number): void {
    // Another sender's claim, taken through the store as any sender takes one.
    expect(ctx.store.outbox.claimNext(id - 1, ctx.now, true, 'other-sender', claimedUntil)?.id).toBe(id);
  }

  it("a message held by another sender is left alone until that sender's lease ends", async () => {
    const d = desk();
    await openTicket(d.ctx, { client: 'C042', subject: 'claimed' });
    await openTicket(d.ctx, { client: 'C042', subject: 'free' });
    const t0 = Date.parse(NOW);
    claimAs(d.ctx, 1, t0 + LEASE_MS);
    const smtp = await startSmtp();

    const report = await sendOutbox(d.ctx, settings(smtp.url));
    expect(report.messages.map((m) => m.id)).toEqual([2]);
    expect(listOutbox(d.ctx, 'queued')).toMatchObject([{ id: 1, state: 'queued', nextAttemptAt: at(t0 + LEASE_MS) }]);

    // The other sender died: once its lease is over the message is sent.
    const later = await sendOutbox(d.at(at(t0 + LEASE_MS)), settings(smtp.url));
    expect(later.messages.map((m) => [m.id, m.state])).toEqual([[1, 'sent']]);
    expect(smtp.received).toHaveLength(2);
  });

  it('--limit sends at most N messages', async () => {
    const d = desk();
    for (let i = 0; i < 4; i++) await openTicket(d.ctx, { client: 'C043', subject: `n${i}` });
    const smtp = await startSmtp();
    expect(await sendOutbox(d.ctx, settings(smtp.url), { limit: 3 })).toMatchObject({ sent: 3, waiting: 1 });
    expect(smtp.received).toHaveLength(3);
  });

  it('two senders in one process at once send each message exactly once', async () => {
    const d = desk();
    for (let i = 0; i < 12; i++) await openTicket(d.ctx, { client: 'C042', subject: `m${i}` });
    const smtp = await startSmtp({ delayMs: 5 });
    const [a, b] = await Promise.all([sendOutbox(d.ctx, settings(smtp.url)), sendOutbox(d.ctx, settings(smtp.url))]);
    expect(a.sent + b.sent).toBe(12);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    const tickets = smtp.received.map((r) => Number(/n°(\d+)/.exec(parseMail(r.raw).subject)![1]));
    expect(tickets.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe('SMTP configuration', () => {
  it('missing: SMTP_NOT_CONFIGURED, exit 6', () => {
    for (const url of [undefined, '', '  ']) {
      expect(errorOf(() => smtpSettings({ ALIAS_SUPPORT_SMTP_URL: url }))).toMatchObject({
        code: 'SMTP_NOT_CONFIGURED',
        exitCode: 6,
      });
    }
  });

  it.each([
    ['not a URL', 'smtp://user:hunter2@', /not a URL: smtp:\/\/user:\*\*\*@/],
    ['no host', 'smtp:/user', /no host/],
    ['wrong scheme', 'https://user:hunter2@mail.example', /smtp:\/\/ or smtps:\/\//],
    ['unknown option', 'smtp://user:hunter2@mail.example?pool=true', /unsupported option pool=true/],
    ['bad option value', 'smtp://user:hunter2@mail.example?requireTLS=yes', /unsupported option requireTLS=yes/],
    ['bad percent-encoding', 'smtp://user:hunter2%zz@mail.example', /percent-encoded/],
  ])('invalid (%s): SMTP_CONFIG_INVALID, exit 6, password hidden', (_what, url, message) => {
    const e = errorOf(() => smtpSettings({ ALIAS_SUPPORT_SMTP_URL: url }));
    expect(e).toMatchObject({ code: 'SMTP_CONFIG_INVALID', exitCode: 6 });
    expect(e.message).toMatch(message);
    expect(`${e.message} ${e.hint}`).not.toContain('hunter2');
  });

  it('defaults: port 587 for smtp://, 465 with TLS for smtps://, From from the user when it is an address', () => {
    expect(smtpSettings({ ALIAS_SUPPORT_SMTP_URL: 'smtp://mail.example' }).transport).toMatchObject({
      host: 'mail.example',
      port: 587,
      secure: false,
    });
    const tls = smtpSettings({ ALIAS_SUPPORT_SMTP_URL: 'smtps://desk%40alias.fr:pw@mail.example' });
    expect(tls.transport).toMatchObject({ port: 465, secure: true, auth: { user: 'desk@alias.fr', pass: 'pw' } });
    expect(tls.from).toBe('Support ALIAS <desk@alias.fr>');
    expect(smtpSettings({ ALIAS_SUPPORT_SMTP_URL: 'smtp://mail.example' }).from).toMatch(
      /^Support ALIAS <support@[^<>\s]+>$/,
    );
    const flags = smtpSettings({
      ALIAS_SUPPORT_SMTP_URL: 'smtp://mail.example:2525?tls.rejectUnauthorized=false&requireTLS=true',
    }).transport;
    expect(flags).toMatchObject({ port: 2525, tls: { rejectUnauthorized: false }, requireTLS: true });
  });

  it.each(['not an address', 'Support <no-at-sign>', 'a@b.example\r\nBcc: x@evil.example'])(
    'refuses ALIAS_SUPPORT_MAIL_FROM=%j',
    (from) => {
      expect(
        errorOf(() => smtpSettings({ ALIAS_SUPPORT_SMTP_URL: 'smtp://mail.example', ALIAS_SUPPORT_MAIL_FROM: from })),
      ).toMatchObject({
        code: 'SMTP_CONFIG_INVALID',
        exitCode: 6,
      });
    },
  );

  it('redacts the password, raw and decoded', () => {
    const s = smtpSettings({ ALIAS_SUPPORT_SMTP_URL: 'smtp://u:a%2Fb@mail.example' });
    expect(s.redact('pass a/b and a%2Fb')).toBe('pass *** and ***');
    expect(s.server).toBe('smtp://u:***@mail.example');
  });
});
