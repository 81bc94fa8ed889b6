// The desk's main path, run as a user would: bin/alias-support.js in child
// processes, on a temporary database, with ALIAS_SUPPORT_NOW.
import { describe, expect, it } from 'vitest';
import { cli, type Cli } from '../helpers/cli.js';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { snapshotDesk } from '../helpers/raw-sql.js';
import { seed } from '../helpers/store.js';

const T = (hhmmss: string) => `2026-11-26T${hhmmss}Z`;

/** A desk with C042 licensed (all-inclusive from 2025-01-15) and 4h15 of credit. */
async function desk(): Promise<Cli> {
  const c = cli(T('08:00:00'));
  await seed(c.db, (ctx) => {
    addClient(ctx, { code: 'C042', name: 'Dupont SA', email: 'support@dupont.fr' });
    addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, 'C042', 255, 'opening balance');
  });
  return c;
}

describe('the smoke path (../shared/smoke.sh), as far as the foundation commands reach', () => {
  it('licence, open, take, conflict, slices, close, errors', () => {
    const c = cli(T('08:00:00'));
    c.run(['clients', 'add', 'C001', '--name', 'Dupont SA', '--email', 'c001@example.fr', '--json']);
    expect(
      c.run(['licences', 'add', 'C001', '--plan', 'all-inclusive', '--start', '2025-01-15', '--json']).json().licence
        .endsOn,
    ).toBe('2029-01-14');
    // `credits import` comes with a later issue: the same 120 minutes by an adjustment.
    expect(c.run(['credits', 'adjust', 'C001', '+2h', '--reason', 'order W1', '--json']).json().balanceMinutes).toBe(
      120,
    );
    const n = c.run(['tickets', 'open', '--client', 'C001', '--subject', 'Export PDF plante', '--json']).json()
      .ticket.number;
    expect(c.run(['tickets', 'show', String(n), '--json']).json().ticket.color).toBe('red');
    expect(c.run(['take', String(n), '--json'], { now: T('09:00:00') }).json().ticket.color).toBe('orange');
    expect(c.run(['take', String(n), '--json'], { now: T('09:01:00'), agent: 'bob' }).code).toBe(4);
    expect(c.run(['time', String(n), '--json'], { now: T('09:15:01') }).json().ticket.billableMinutes).toBe(30);
    expect(
      c.run(['close', String(n), '--resolution', 'config fixed', '--json'], { now: T('09:15:01') }).json().ticket.color,
    ).toBe('green');
    expect(c.run(['take', '99999', '--json']).code).toBe(3);
    expect(c.run(['frobnicate']).code).toBe(2);
  });
});

describe('the SPEC example ticket', () => {
  it('open 08:12, taken 09:00, timer running for 21 min: every field as the SPEC shows it', async () => {
    // (The SPEC's example has its 21 minutes at the very instant of the take: counting starts at the take, so here they are on the timer.)
    const c = await desk();
    const n = c
      .run(['tickets', 'open', '--client', 'C042', '--subject', 'Export PDF plante', '--json'], { now: T('08:12:00') })
      .json().ticket.number;
    c.run(['take', String(n), '--json'], { now: T('09:00:00') });
    const r = c.run(['tickets', 'show', String(n), '--json'], { now: T('09:21:00') });
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(doc.ticket).toStrictEqual({
      number: n,
      client: 'C042',
      subject: 'Export PDF plante',
      status: 'in_progress',
      color: 'orange',
      createdAt: '2026-11-26T08:12:00.000Z',
      takenAt: '2026-11-26T09:00:00.000Z',
      takenBy: 'alice',
      resolvedAt: null,
      resolution: null,
      defect: false,
      workedSeconds: 1260,
      slices: 2,
      billableMinutes: 30,
      chargedMinutes: 0,
      timerRunning: true,
      ageBusinessMinutes: 69,
      requester: null,
    });
    expect(doc.entries).toStrictEqual([
      { agent: 'alice', startedAt: '2026-11-26T09:00:00.000Z', endedAt: null, seconds: 1260, note: null },
    ]);
    expect(doc.history).toStrictEqual([
      { at: '2026-11-26T08:12:00.000Z', agent: 'alice', event: 'opened', detail: null },
      { at: '2026-11-26T09:00:00.000Z', agent: 'alice', event: 'taken', detail: null },
    ]);
  });
});

describe('the JSON shapes of SPEC §2', () => {
  const ticketShape = {
    number: expect.any(Number),
    client: expect.any(String),
    subject: expect.any(String),
    status: expect.stringMatching(/^(pending|in_progress|resolved)$/),
    color: expect.stringMatching(/^(red|orange|green)$/),
    createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    takenAt: null,
    takenBy: null,
    resolvedAt: null,
    resolution: null,
    defect: expect.any(Boolean),
    workedSeconds: expect.any(Number),
    slices: expect.any(Number),
    billableMinutes: expect.any(Number),
    chargedMinutes: expect.any(Number),
    timerRunning: expect.any(Boolean),
    ageBusinessMinutes: expect.any(Number),
    requester: null,
  };

  it('every ticket command answers {"ticket":{…}} with every field', async () => {
    const c = await desk();
    const open = c.run(['tickets', 'open', '--client', 'C042', '--subject', 'Lenteur', '--json']).json();
    expect(open).toStrictEqual({ ticket: { ...ticketShape, status: 'pending', color: 'red' } });
    const n = String(open.ticket.number);
    const taken = {
      ...ticketShape,
      status: 'in_progress',
      color: 'orange',
      takenAt: expect.any(String),
      takenBy: 'alice',
    };
    const resolved = {
      ...taken,
      status: 'resolved',
      color: 'green',
      resolvedAt: expect.any(String),
      resolution: 'fixed',
    };
    const entries = expect.arrayContaining([
      {
        agent: 'alice',
        startedAt: expect.any(String),
        endedAt: expect.toBeOneOf([null, expect.any(String)]),
        seconds: expect.any(Number),
        note: expect.toBeOneOf([null, expect.any(String)]),
      },
    ]);
    const steps: [string[], Record<string, unknown>][] = [
      [['take', n], { ticket: taken }],
      [['time', n], { ticket: taken, entries }],
      [['time', n, 'stop'], { ticket: taken, entries }],
      [['time', n, 'start'], { ticket: taken, entries }],
      // Off the clock while the timer was stopped (the clock moves a minute a step).
      [['time', n, 'add', '1m', '--at', T('08:02:00')], { ticket: taken, entries }],
      [['release', n], { ticket: { ...ticketShape, status: 'pending', color: 'red' } }],
      [['take', n], { ticket: taken }],
      [['close', n, '--resolution', 'fixed'], { ticket: resolved }],
      [
        ['tickets', 'show', n],
        {
          ticket: resolved,
          body: null,
          entries,
          history: expect.any(Array),
          billing: { chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0, bills: [], fix: null },
        },
      ],
      [['reopen', n], { ticket: { ...ticketShape, status: 'pending', color: 'red' } }],
    ];
    for (const [i, [args, shape]] of steps.entries()) {
      const r = c.run([...args, '--json'], { now: T(`08:0${i}:00`) });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.json(), args.join(' ')).toStrictEqual(shape);
    }
    const history = c.run(['tickets', 'show', n, '--json']).json().history;
    for (const h of history)
      expect(h).toStrictEqual({
        at: expect.any(String),
        agent: 'alice',
        event: expect.any(String),
        detail: expect.toBeOneOf([null, expect.any(String)]),
      });
  });

  it('clients add/show → {"client":{code,name,email,balanceMinutes,validity,licences}}', () => {
    const c = cli();
    const added = c.run(['clients', 'add', 'C042', '--name', 'Dupont SA', '--json']).json();
    expect(added).toStrictEqual({
      client: {
        code: 'C042',
        name: 'Dupont SA',
        email: null,
        language: 'fr',
        balanceMinutes: 0,
        validity: 'unlicensed',
        validUntil: null,
        licences: [],
      },
    });
    c.run(['licences', 'add', 'C042', '--plan', 'on-demand', '--start', '2026-01-01', '--months', '12']);
    const shown = c.run(['clients', 'show', 'C042', '--json']).json();
    expect(shown.client).toMatchObject({
      code: 'C042',
      name: 'Dupont SA',
      email: null,
      balanceMinutes: 0,
      validity: 'active',
      licences: [{ id: 1, client: 'C042', plan: 'on-demand', startsOn: '2026-01-01', endsOn: '2026-12-31' }],
    });
    expect(c.run(['clients', 'list', '--json']).json()).toStrictEqual({
      clients: [expect.objectContaining({ code: 'C042', balanceMinutes: 0, validity: 'active' })],
    });
  });

  it('licences add → {"licence":{id,client,plan,startsOn,endsOn}}; licences list → {"licences":[…]}', () => {
    const c = cli();
    c.run(['clients', 'add', 'C042', '--name', 'Dupont SA']);
    const r = c.run([
      'licences',
      'add',
      'C042',
      '--plan',
      'on-demand',
      '--start',
      '2026-01-01',
      '--end',
      '2026-06-30',
      '--json',
    ]);
    expect(r.json()).toStrictEqual({
      licence: {
        id: 1,
        client: 'C042',
        plan: 'on-demand',
        startsOn: '2026-01-01',
        endsOn: '2026-06-30',
        active: false,
      },
    });
    expect(c.run(['licences', 'list', '--json']).json()).toStrictEqual({ licences: [r.json().licence] });
  });

  it('credits balance → {client,balanceMinutes,validity,validUntil}', async () => {
    const c = await desk();
    expect(c.run(['credits', 'balance', 'C042', '--json']).json()).toStrictEqual({
      client: 'C042',
      balanceMinutes: 255,
      validity: 'active',
      validUntil: '2031-01-14',
    });
    c.run(['clients', 'add', 'C043', '--name', 'Martin']);
    expect(c.run(['credits', 'balance', 'C043', '--json']).json()).toStrictEqual({
      client: 'C043',
      balanceMinutes: 0,
      validity: 'unlicensed',
      validUntil: null,
    });
  });
});

describe('human output', () => {
  it('one-line confirmations say what happened', () => {
    const c = cli(T('08:00:00'));
    expect(c.run(['clients', 'add', 'C042', '--name', 'Dupont SA', '--email', 'support@dupont.fr']).stdout).toBe(
      'Client C042 Dupont SA <support@dupont.fr> added\n',
    );
    expect(c.run(['licences', 'add', 'C042', '--plan', 'all-inclusive', '--start', '2025-01-15']).stdout).toBe(
      'Licence #1 (all-inclusive) for C042: 2025-01-15 → 2029-01-14\n',
    );
    expect(c.run(['credits', 'adjust', 'C042', '+4h15', '--reason', 'opening']).stdout).toBe(
      'Adjusted C042 by +4h15 — C042: 4h15 of credit, active\n',
    );
    expect(c.run(['tickets', 'open', '--client', 'C042', '--subject', 'Export PDF plante']).stdout).toBe(
      '#1 ● red C042 “Export PDF plante” — opened, receipt queued for the client\n',
    );
    expect(c.run(['take', '1'], { now: T('09:00:00') }).stdout).toBe(
      '#1 ● orange C042 “Export PDF plante” — taken by alice, timer running; C042 has 4h15 of credit\n',
    );
    expect(c.run(['time', '1'], { now: T('09:21:00') }).stdout).toMatch(
      /^#1 ● orange C042 “Export PDF plante” — 0h21 worked, 2 slices = 0h30 billable, timer running\n/,
    );
    expect(c.run(['release', '1'], { now: T('09:21:00') }).stdout).toMatch(
      /^#1 ● red .* — released to the red queue, time kept \(0h21 worked, 2 slices = 0h30 billable\)\n$/,
    );
    c.run(['take', '1'], { now: T('09:30:00') });
    expect(c.run(['close', '1', '--resolution', 'export settings fixed'], { now: T('09:40:00') }).stdout).toBe(
      '#1 ● green C042 “Export PDF plante” — resolved, 0h45 billable\n',
    );
    expect(c.run(['reopen', '1'], { now: T('10:00:00') }).stdout).toBe(
      '#1 ● red C042 “Export PDF plante” — reopened, back in the red queue\n',
    );
  });

  it('tickets show reads as words, with its entries and history', async () => {
    const c = await desk();
    c.run([
      'tickets',
      'open',
      '--client',
      'C042',
      '--subject',
      'Export PDF plante',
      '--body',
      'Bonjour,\nl’export plante.',
    ]);
    c.run(['take', '1'], { now: T('09:00:00') });
    const out = c.run(['tickets', 'show', '1'], { now: T('09:10:00') }).stdout;
    expect(out).toMatch(/^#1 ● orange C042/);
    expect(out).toContain('0h10 worked, 1 slice = 0h15 billable, timer running');
    expect(out).toContain('l’export plante.');
    expect(out).toMatch(/History\n.*opened\n.*taken/);
    // Instants in the business time zone, never UTC with a Z.
    expect(out).toMatch(/ taken {7}2026-11-26 10:00 by alice\n/);
    expect(out).toMatch(/^ {2}2026-11-26 10:00 {2}alice {6}taken$/m);
    expect(out).not.toMatch(/\d{2}:\d{2}Z/);
    const montreal = c.run(['tickets', 'show', '1'], {
      now: T('09:10:00'),
      env: { ALIAS_SUPPORT_TZ: 'America/Montreal' },
    }).stdout;
    expect(montreal).toMatch(/ taken {7}2026-11-26 04:00 by alice\n/);
  });

  it('confirmations flag what needs attention: no e-mail address, low credit, a forced take', async () => {
    const c = await desk();
    expect(c.run(['clients', 'add', 'C043', '--name', 'Café Bérénice']).stdout).toBe(
      'Client C043 Café Bérénice added — no e-mail address: receipts cannot be sent\n',
    );
    expect(c.run(['tickets', 'open', '--client', 'C043', '--subject', 'Caisse bloquée']).stdout).toBe(
      '#1 ● red C043 “Caisse bloquée” — opened, no receipt: the client has no e-mail address, tell them another way\n',
    );
    expect(c.run(['take', '1', '--force']).stdout).toBe(
      '#1 ● orange C043 “Caisse bloquée” — taken by alice, timer running; C043 has no credit left (unlicensed) — taken with --force, recorded in the history\n',
    );
    c.run(['credits', 'adjust', 'C042', '-4h', '--reason', 'test']);
    c.run(['tickets', 'open', '--client', 'C042', '--subject', `Export PDF plante ${'encore '.repeat(10)}`]);
    expect(c.run(['take', '2']).stdout).toBe(
      '#2 ● orange C042 “Export PDF plante encore encore encore…” — taken by alice, timer running; C042 has 0h15 of credit (low)\n',
    );
  });
});

describe('demo', () => {
  it('fills an empty database with clients of both plans, credit, tickets in all three states; refuses a second run', () => {
    const c = cli();
    const r = c.run(['demo', '--json']);
    expect(r.code).toBe(0);
    const { demo } = r.json();
    expect(demo.clients).toBeGreaterThan(0);
    expect(demo.tickets).toEqual({ red: expect.any(Number), orange: expect.any(Number), green: expect.any(Number) });
    expect(Math.min(demo.tickets.red, demo.tickets.orange, demo.tickets.green)).toBeGreaterThan(0);
    const db = snapshotDesk(c.db);
    expect(new Set((db.licences as { plan: string }[]).map((l) => l.plan))).toEqual(
      new Set(['all-inclusive', 'on-demand']),
    );
    expect((db.time_entries as unknown[]).length).toBeGreaterThan(0);
    expect((db.ledger_entries as { minutes: number }[]).some((e) => e.minutes > 0)).toBe(true);

    const again = c.run(['demo', '--json']);
    expect(again.code).toBe(4);
    expect(again.error().code).toBe('DUPLICATE');
    expect(snapshotDesk(c.db)).toEqual(db);
  });
});
