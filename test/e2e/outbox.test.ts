// `outbox list|send` through the real CLI (child processes) and a real SMTP
// server on 127.0.0.1. `outbox send` runs with cli().start(): a blocking spawn
// would freeze the test's event loop, and with it the SMTP server.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openTestStore } from '../helpers/store.js';
import { openTicket } from '../../src/services/tickets.js';
import { cli, commandLine, type Cli } from '../helpers/cli.js';
import { deadPort, parseMail, startSmtp } from '../helpers/smtp.js';

const NOW = '2026-11-26T09:00:00Z';
const PASSWORD = 'Tr0ub4dor&3';
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

function deskWithClients(): Cli {
  const desk = cli(NOW);
  expect(desk.run(['clients', 'add', 'C042', '--name', 'Dupont SA', '--email', 'jeanne@dupont.fr']).code).toBe(0);
  expect(
    desk.run(['clients', 'add', 'C043', '--name', 'Smith Ltd', '--email', 'ops@smith.example', '--language', 'en'])
      .code,
  ).toBe(0);
  return desk;
}

const smtpEnv = (url: string, extra: NodeJS.ProcessEnv = {}) => ({ env: { ALIAS_SUPPORT_SMTP_URL: url, ...extra } });

describe('outbox through the CLI', () => {
  it('tickets open queues the receipt; outbox send delivers it; outbox list shows the SPEC shape', async () => {
    const desk = deskWithClients();
    const opened = desk.run([
      'tickets',
      'open',
      '--client',
      'C042',
      '--subject',
      'Impossible d’éditer « Préférences »',
      '--json',
    ]);
    expect(opened.code).toBe(0);
    const number = opened.json().ticket.number as number;
    expect(desk.run(['tickets', 'open', '--client', 'C043', '--subject', 'Crash on start', '--json']).code).toBe(0);

    const queued = desk.run(['outbox', 'list', '--json']).json();
    expect(queued.messages).toHaveLength(2);
    expect(Object.keys(queued.messages[0]).slice(0, 7)).toEqual([
      'id',
      'ticket',
      'to',
      'subject',
      'state',
      'attempts',
      'lastError',
    ]);
    expect(queued.messages[0]).toMatchObject({
      ticket: number,
      to: 'jeanne@dupont.fr',
      state: 'queued',
      attempts: 0,
      lastError: null,
    });

    const smtp = await startSmtp();
    const sent = await desk.start(
      ['outbox', 'send', '--json'],
      smtpEnv(smtp.url, { ALIAS_SUPPORT_MAIL_FROM: 'Support ALIAS <support@alias.example>' }),
    );
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.json()).toMatchObject({ sent: 2, requeued: 0, failed: 0, waiting: 0 });

    const [fr, en] = smtp.received;
    expect(fr!.to).toEqual(['jeanne@dupont.fr']);
    expect(fr!.from).toBe('support@alias.example');
    const mail = parseMail(fr!.raw);
    expect(mail.sevenBit).toBe(true);
    expect(mail.charset).toBe('utf-8');
    expect(mail.subject).toBe(`[Support ALIAS n°${number}] Demande reçue : Impossible d’éditer « Préférences »`);
    expect(mail.text).toContain(`Son numéro de ticket est le ${number}.`);
    expect(mail.text).toContain('rouge');
    expect(en!.to).toEqual(['ops@smith.example']);
    expect(parseMail(en!.raw).subject).toBe('[ALIAS support #2] Request received: Crash on start');

    expect(desk.run(['outbox', 'list', '--json']).json().messages).toEqual([]);
    expect(
      desk
        .run(['outbox', 'list', '--state', 'sent', '--json'])
        .json()
        .messages.map((m: { state: string }) => m.state),
    ).toEqual(['sent', 'sent']);
    const history = desk.run(['tickets', 'show', String(number), '--json']).json().history;
    expect(history.at(-1)).toMatchObject({ event: 'receipt-sent', detail: 'to jeanne@dupont.fr', agent: 'alice' });

    const human = desk.run(['outbox', 'list', '--state', 'sent']);
    expect(human.stdout).toContain('jeanne@dupont.fr');
    expect(human.stdout).toContain('sent');
  });

  it('missing or invalid configuration: exit 6, one clear line, no stack trace, no password', async () => {
    const desk = deskWithClients();
    desk.run(['tickets', 'open', '--client', 'C042', '--subject', 'x']);

    const missing = await desk.start(['outbox', 'send', '--json']);
    expect(missing.code).toBe(6);
    expect(missing.stdout).toBe('');
    expect(missing.error()).toMatchObject({ code: 'SMTP_NOT_CONFIGURED', exitCode: 6 });

    for (const url of [
      `ftp://desk:${PASSWORD}@mail.example`,
      `smtp://desk:${PASSWORD}@`,
      `smtp://desk:${PASSWORD}@mail.example?verbose=1`,
    ]) {
      const bad = await desk.start(['outbox', 'send'], smtpEnv(url));
      expect(bad.code).toBe(6);
      expect(bad.stderr).toMatch(/^alias-support: ALIAS_SUPPORT_SMTP_URL[ :].*\n$/);
      expect(bad.stderr).not.toContain(PASSWORD);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }

    const from = await desk.start(
      ['outbox', 'send', '--json'],
      smtpEnv('smtp://127.0.0.1:25', { ALIAS_SUPPORT_MAIL_FROM: 'nobody' }),
    );
    expect(from.error()).toMatchObject({ code: 'SMTP_CONFIG_INVALID', exitCode: 6 });
    const attempts = await desk.start(['outbox', 'send', '--max-attempts', '0'], smtpEnv('smtp://127.0.0.1:25'));
    expect(attempts.code).toBe(2);
    expect(desk.run(['outbox', 'list', '--json']).json().messages[0]).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('a server that is down, then one that refuses (5xx): queued with the error, exit 7, failed after the max attempts', async () => {
    const desk = deskWithClients();
    desk.run(['tickets', 'open', '--client', 'C042', '--subject', 'Panne']);
    const env = { ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS: '2' };

    const down = await desk.start(
      ['outbox', 'send', '--json'],
      smtpEnv(`smtp://desk:${encodeURIComponent(PASSWORD)}@127.0.0.1:${await deadPort()}`, env),
    );
    expect(down.code).toBe(7);
    expect(down.json()).toMatchObject({ sent: 0, requeued: 1, failed: 0, waiting: 1, nextAttemptAt: later(5) });
    expect(down.error()).toMatchObject({ code: 'SEND_FAILED', exitCode: 7 });
    expect(down.error().message).toMatch(/ECONNREFUSED/);
    let [m] = desk.run(['outbox', 'list', '--json']).json().messages;
    expect(m).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });

    const smtp = await startSmtp({ rejectRecipient: 550 });
    const refused = await desk.start(['outbox', 'send'], { now: later(6), ...smtpEnv(smtp.url, env) });
    expect(refused.code).toBe(7);
    expect(refused.stdout).toMatch(/#1 → jeanne@dupont\.fr: failed after 2 attempts: .*550/);
    // The server's answer is said once, on its message's line; the error line counts and points to it.
    expect(refused.stderr).toMatch(/^alias-support: 1 of 1 message not sent \(the error is on its line above\)/);
    expect(`${refused.stdout}${refused.stderr}`.match(/550/g)).toHaveLength(1);
    [m] = desk.run(['outbox', 'list', '--state', 'failed', '--json']).json().messages;
    expect(m).toMatchObject({ ticket: 1, state: 'failed', attempts: 2, lastError: expect.stringMatching(/550/) });

    const everything = [
      down.stdout,
      down.stderr,
      refused.stdout,
      refused.stderr,
      desk.run(['outbox', 'list', '--state', 'all', '--json']).stdout,
      desk.run(['tickets', 'show', '1', '--json']).stdout,
    ].join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(encodeURIComponent(PASSWORD));
    expect(everything).toContain('desk:***@127.0.0.1');
  });

  it('two outbox send processes at once send each of 30 messages exactly once', async () => {
    const desk = deskWithClients();
    // Setup through the service on the same desk (30 CLI starts would only slow the suite).
    const store = openTestStore(desk.db);
    const ctx = { store, now: Date.parse(NOW), agent: 'alice', tz: 'Europe/Paris' };
    for (let i = 1; i <= 30; i++) await openTicket(ctx, { client: i % 2 ? 'C042' : 'C043', subject: `Demande n°${i}` });
    store.close();

    const smtp = await startSmtp({ delayMs: 20 });
    const runs = await Promise.all([1, 2].map(() => desk.start(['outbox', 'send', '--json'], smtpEnv(smtp.url))));
    for (const run of runs) expect([run.code, run.stderr]).toEqual([0, '']);
    const counts = runs.map((r) => r.json().sent as number);
    expect(counts[0]! + counts[1]!).toBe(30);
    expect(Math.min(...counts)).toBeGreaterThan(0);

    const tickets = smtp.received.map((r) => Number(/(?:n°|#)(\d+)\]/.exec(parseMail(r.raw).subject)![1]));
    expect(tickets.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const list = desk.run(['outbox', 'list', '--state', 'sent', '--json']).json().messages;
    expect(list).toHaveLength(30);
    expect(list.every((m: { attempts: number }) => m.attempts === 1)).toBe(true);
  });

  it('a sender killed in the middle of a send: the message waits for its lease, then another sender delivers it', async () => {
    const desk = deskWithClients();
    desk.run(['tickets', 'open', '--client', 'C042', '--subject', 'Coupure']);

    const stuck = await startSmtp({ hang: true });
    // Killed once the server holds the message (not after a fixed delay: a loaded machine may not be there yet).
    const sender = spawn(...commandLine(['outbox', 'send']), {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: 'UTC',
        ALIAS_SUPPORT_DB: desk.db,
        ALIAS_SUPPORT_NOW: NOW,
        ALIAS_SUPPORT_AGENT: 'alice',
        ALIAS_SUPPORT_SMTP_URL: stuck.url,
      },
      stdio: 'ignore',
    });
    const ended = new Promise<string | null>((resolve) => sender.on('exit', (_code, signal) => resolve(signal)));
    for (let waited = 0; stuck.held() === 0 && waited < 20_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    expect(stuck.held()).toBe(1);
    sender.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');
    const [m] = desk.run(['outbox', 'list', '--json']).json().messages;
    expect(m).toMatchObject({ state: 'queued', attempts: 0 });
    expect(Date.parse(m.nextAttemptAt)).toBeGreaterThanOrEqual(Date.parse(later(5)));

    const smtp = await startSmtp();
    const early = await desk.start(['outbox', 'send', '--json'], { now: later(1), ...smtpEnv(smtp.url) });
    expect(early.json()).toMatchObject({ sent: 0, waiting: 1 });
    const after = await desk.start(['outbox', 'send', '--json'], { now: later(6), ...smtpEnv(smtp.url) });
    expect(after.json()).toMatchObject({ sent: 1, waiting: 0 });
    expect(smtp.received).toHaveLength(1);
  });
});
