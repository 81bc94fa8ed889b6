// Dates and instants from the command line and the environment: years outside
// the range the desk handles are refused (exit 6) before they reach the data,
// and a "now" set back cannot rewrite a ticket's past (exit 4).
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket } from '../../src/services/tickets.js';
import { cli, type Cli } from '../helpers/cli.js';
import { snapshotDesk } from '../helpers/raw-sql.js';
import { seed } from '../helpers/store.js';

/** C1 licensed with credit, ticket #1 opened at 10:00. */
async function desk(): Promise<Cli> {
  const c = cli('2026-11-26T10:00:00Z');
  await seed(
    c.db,
    async (ctx) => {
      addClient(ctx, { code: 'C1', name: 'Dupont SA' });
      addLicence(ctx, { client: 'C1', plan: 'all-inclusive', start: '2025-01-15' });
      adjust(ctx, 'C1', 120, 'opening balance');
      await openTicket(ctx, { client: 'C1', subject: 'Export PDF plante' });
    },
    '2026-11-26T10:00:00Z',
  );
  return c;
}

describe('a licence "for ever" cannot break the desk', () => {
  it('an end in 9999 and 100000 months are refused (exit 6); every command still works', async () => {
    const c = await desk();
    const before = snapshotDesk(c.db);
    const end = c.run([
      'licences',
      'add',
      'C1',
      '--plan',
      'on-demand',
      '--start',
      '2026-01-01',
      '--end',
      '9999-12-31',
      '--json',
    ]);
    expect(end.code).toBe(6);
    expect(end.error()).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('9999-12-31') });
    const months = c.run([
      'licences',
      'add',
      'C1',
      '--plan',
      'on-demand',
      '--start',
      '2026-01-01',
      '--months',
      '100000',
      '--json',
    ]);
    expect(months.code).toBe(6);
    expect(months.error()).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('100000') });
    expect(snapshotDesk(c.db)).toEqual(before);

    // The longest terms accepted still leave a working desk.
    expect(
      c.run(['licences', 'add', 'C1', '--plan', 'on-demand', '--start', '2026-01-01', '--end', '2199-12-31']).code,
    ).toBe(0);
    expect(
      c.run(['licences', 'add', 'C1', '--plan', 'on-demand', '--start', '2199-12-31', '--months', '1200']).code,
    ).toBe(0);
    for (const args of [
      ['licences', 'expire'],
      ['db', 'check'],
      ['credits', 'list'],
      ['clients', 'list'],
      ['queue'],
      ['clients', 'show', 'C1'],
    ]) {
      const r = c.run([...args, '--json']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  it.each([
    [['licences', 'expire', '--as-of', '2200-01-01']],
    [['credits', 'statement', 'C1', '--from', '1900-01-01']],
    [['report', 'usage', '--to', '9999-12-31']],
    [['licences', 'list', '--expiring-within', '999999999']],
  ])('%o: exit 6, not an internal error', async (args) => {
    const c = await desk();
    const r = c.run([...args, '--json']);
    expect(r.code, r.stderr).toBe(6);
    expect(r.error().code).toBe('INVALID_INPUT');
  });
});

describe('ALIAS_SUPPORT_NOW is a real instant with its zone', () => {
  it.each([
    ['2026-02-30T10:00:00Z', 'no 30 February'],
    ['2026-11-26T10:00:00', 'no zone: the host TZ would decide'],
    ['2026-11-26', 'a day, not an instant'],
    ['2999-01-01T00:00:00Z', 'past 2199'],
  ])('%s (%s): exit 6 with a hint', async (now) => {
    const c = await desk();
    const started = Date.now();
    const r = c.run(['queue', '--json'], { now });
    expect(r.code).toBe(6);
    expect(r.error()).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining(now),
      hint: expect.stringMatching(/Z or ±hh:mm.*1970–2199/),
    });
    expect(c.run(['queue'], { now }).stderr).toMatch(
      /^alias-support: ALIAS_SUPPORT_NOW .*\(.*2026-11-26T09:00:00Z.*\)\n$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an offset is honoured whatever the host zone', async () => {
    const c = await desk();
    const r = c.run(['take', '1', '--json'], { now: '2026-11-26T12:00:00+01:00', env: { TZ: 'America/New_York' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().ticket.takenAt).toBe('2026-11-26T11:00:00.000Z');
  });
});

describe('a "now" set back cannot rewrite a ticket\'s past', () => {
  it('take before the opening, close before the take: CLOCK_BEHIND (exit 4), both instants named, nothing changed', async () => {
    const c = await desk();
    const before = snapshotDesk(c.db);
    const take = c.run(['take', '1', '--json'], { now: '2026-11-26T09:00:00Z' });
    expect(take.code).toBe(4);
    expect(take.error()).toMatchObject({ code: 'CLOCK_BEHIND', message: expect.stringMatching(/09:00:00.*10:00:00/) });
    expect(snapshotDesk(c.db)).toEqual(before);

    expect(c.run(['take', '1'], { now: '2026-11-26T11:00:00Z' }).code).toBe(0);
    const close = c.run(['close', '1', '--resolution', 'done'], { now: '2026-11-26T08:00:00Z' });
    expect(close.code).toBe(4);
    expect(close.stderr).toMatch(
      /^alias-support: #1 .*2026-11-26T08:00:00\.000Z.*\(taken\).*2026-11-26T11:00:00\.000Z/,
    );
    expect(c.run(['tickets', 'show', '1', '--json']).json().ticket).toMatchObject({
      color: 'orange',
      resolvedAt: null,
    });
  });
});

describe('bill, defect and time add follow the clock and the work', () => {
  it('time add over the running timer: TIME_OVERLAP; --at after it: added; bill and defect a week early: CLOCK_BEHIND, nothing charged', async () => {
    const c = await desk();
    expect(c.run(['take', '1'], { now: '2026-11-26T11:00:00Z' }).code).toBe(0);
    const overlap = c.run(['time', '1', 'add', '10m', '--json'], { now: '2026-11-26T11:10:00Z' });
    expect(overlap.code).toBe(4);
    expect(overlap.error().code).toBe('TIME_OVERLAP');
    expect(c.run(['time', '1', 'add', '10m'], { now: '2026-11-26T11:10:00Z' }).stderr).toMatch(/time 1 stop.*--at/);
    expect(c.run(['time', '1', 'stop'], { now: '2026-11-26T11:10:00Z' }).code).toBe(0);
    // 12:10 in Paris: after the timer's 10 minutes.
    const added = c.run(['time', '1', 'add', '15m', '--at', '12:10', '--json'], { now: '2026-11-26T11:30:00Z' });
    expect(added.code, added.stderr).toBe(0);
    expect(added.json().entries.map((e: { startedAt: string; endedAt: string }) => [e.startedAt, e.endedAt])).toEqual([
      ['2026-11-26T11:00:00.000Z', '2026-11-26T11:10:00.000Z'],
      ['2026-11-26T11:10:00.000Z', '2026-11-26T11:25:00.000Z'],
    ]);
    expect(c.run(['time', '1', 'add', '15m', '--at', '25:00'], { now: '2026-11-26T11:30:00Z' }).code).toBe(6);
    expect(c.run(['close', '1', '--resolution', 'done'], { now: '2026-11-26T11:30:00Z' }).code).toBe(0);

    const before = snapshotDesk(c.db);
    for (const args of [
      ['bill', '1'],
      ['bill', '--all'],
      ['defect', '1'],
    ]) {
      const r = c.run([...args, '--json'], { now: '2026-11-19T11:00:00Z' });
      expect(r.code, args.join(' ')).toBe(4);
      expect(r.error().code).toBe('CLOCK_BEHIND');
    }
    expect(snapshotDesk(c.db)).toEqual(before);
    const billed = c.run(['bill', '1', '--json'], { now: '2026-11-26T11:40:00Z' });
    expect(billed.json().bills[0]).toMatchObject({
      workedSeconds: 1500,
      billableMinutes: 30,
      chargedMinutes: 30,
      balanceAfterMinutes: 90,
    });
    expect(c.run(['db', 'check'], { now: '2026-11-26T11:40:00Z' }).code).toBe(0);
  });
});
