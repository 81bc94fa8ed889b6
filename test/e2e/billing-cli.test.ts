// `bill`, `defect`, `fixes …` and `report usage` run as a user would: the real
// CLI in child processes on a temporary database.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, take } from '../../src/services/tickets.js';
import { cli, type Cli } from '../helpers/cli.js';
import { snapshotDesk } from '../helpers/raw-sql.js';
import { seed } from '../helpers/store.js';

const T = (hhmm: string) => `2026-11-26T${hhmm}:00Z`;

/**
 * C042 (all-inclusive, 60 min of credit): #1 worked 1h10 (resolved), #2 a
 * defect worked 20 min (resolved), #3 red. C043 (on-demand, no credit): #4 a
 * defect worked 5 min (resolved).
 */
async function desk(): Promise<Cli> {
  const c = cli(T('12:00'));
  await seed(c.db, async (ctx) => {
    const at = (hhmm: string) => ({ ...ctx, now: Date.parse(T(hhmm)) });
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, 'C042', 60, 'AST01');
    addClient(ctx, { code: 'C043', name: 'Martin' });
    addLicence(ctx, { client: 'C043', plan: 'on-demand', start: '2026-01-01', months: 12 });
    for (const [client, minutes, defect] of [
      ['C042', 70, false],
      ['C042', 20, true],
    ] as const) {
      const { number } = await openTicket(at('08:30'), { client, subject: 'Export PDF plante' });
      await take(at('09:00'), number);
      await close({ ...ctx, now: Date.parse(T('09:00')) + minutes * 60_000 }, number, { resolution: 'done', defect });
    }
    await openTicket(at('10:00'), { client: 'C042', subject: 'waiting' });
    const { number } = await openTicket(at('08:30'), { client: 'C043', subject: 'Crash' });
    await take(at('09:00'), number, { force: true });
    await close(at('09:05'), number, { resolution: 'bug', defect: true });
  });
  return c;
}

describe('bill', () => {
  it('--json: exactly the SPEC shape; a second run bills nothing', async () => {
    const c = await desk();
    const r = c.run(['bill', '--all', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.json()).toStrictEqual({
      bills: [
        {
          ticket: 1,
          client: 'C042',
          workedSeconds: 4200,
          slices: 5,
          billableMinutes: 75,
          previouslyChargedMinutes: 0,
          chargedMinutes: 60,
          waivedMinutes: 0,
          uncoveredMinutes: 15,
          balanceAfterMinutes: 0,
        },
        {
          ticket: 2,
          client: 'C042',
          workedSeconds: 1200,
          slices: 2,
          billableMinutes: 30,
          previouslyChargedMinutes: 0,
          chargedMinutes: 0,
          waivedMinutes: 30,
          uncoveredMinutes: 0,
          balanceAfterMinutes: 0,
        },
        {
          ticket: 4,
          client: 'C043',
          workedSeconds: 300,
          slices: 1,
          billableMinutes: 15,
          previouslyChargedMinutes: 0,
          chargedMinutes: 0,
          waivedMinutes: 15,
          uncoveredMinutes: 0,
          balanceAfterMinutes: 0,
        },
      ],
      totals: { chargedMinutes: 60, waivedMinutes: 45, uncoveredMinutes: 15 },
    });
    expect(c.run(['bill', '--all', '--json']).json()).toStrictEqual({
      bills: [],
      totals: { chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 },
    });
    expect(c.run(['credits', 'balance', 'C042', '--json']).json().balanceMinutes).toBe(0);
  });

  it('human: a table with a totals row, the uncovered minutes pointed out; --dry-run writes nothing', async () => {
    const c = await desk();
    const before = snapshotDesk(c.db);
    const dry = c.run(['bill', '1', '2', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(dry.stdout).toMatch(
      /^ticket {2}client {5}worked {2}billable {2}before {2}charged {2}waived {2}uncovered {2}balance$/m,
    );
    expect(dry.stdout).toMatch(/^ +#1 {2}C042 +1h10 +1h15 +0h00 +1h00 +0h00 +0h15 +0h00$/m);
    expect(dry.stdout).toMatch(/^ *total {2}2 tickets +1h00 +0h30 +0h15$/m);
    expect(dry.stdout).toContain('0h15 not covered by the credit: invoice them separately.');
    expect(dry.stdout).not.toMatch(/\u001b\[/);
    expect(snapshotDesk(c.db)).toEqual(before);
    const real = c.run(['bill', '1', '2']);
    expect(real.stdout).not.toContain('Dry run');
    expect(snapshotDesk(c.db)).not.toEqual(before);
  });

  it('errors: nothing named (2), numbers with --all (2), a red ticket (4), an unknown one (3); nothing written', async () => {
    const c = await desk();
    const before = snapshotDesk(c.db);
    for (const [args, exit, code] of [
      [['bill'], 2, 'USAGE'],
      [['bill', '1', '--all'], 2, 'USAGE'],
      [['bill', '0'], 2, 'USAGE'],
      [['bill', '1', '3'], 4, 'INVALID_TRANSITION'],
      [['bill', '1', '99'], 3, 'TICKET_NOT_FOUND'],
    ] as const) {
      const r = c.run([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(exit);
      expect(r.stdout).toBe('');
      expect(r.error().code).toBe(code);
    }
    expect(snapshotDesk(c.db)).toEqual(before);
  });
});

describe('defects and fixes', () => {
  it('defect after billing gives the charge back; the statement shows both; fixes by plan', async () => {
    const c = await desk();
    c.run(['bill', '--all']);
    const d = c.run(['defect', '1', '--reason', 'PDF export crashes', '--json'], { now: T('13:00') });
    expect(d.code).toBe(0);
    const doc = d.json();
    expect(doc.ticket).toMatchObject({ number: 1, defect: true, chargedMinutes: 0 });
    expect(doc.fix).toMatchObject({
      ticket: 1,
      client: 'C042',
      plan: 'all-inclusive',
      delivery: 'hotfix',
      status: 'pending',
      version: null,
    });
    expect(doc.bill).toMatchObject({
      ticket: 1,
      chargedMinutes: -60,
      waivedMinutes: 75,
      uncoveredMinutes: -15,
      balanceAfterMinutes: 60,
    });
    const entries = c.run(['credits', 'statement', 'C042', '--json']).json().entries;
    expect(
      entries.map((e: { kind: string; minutes: number; reference: string }) => [e.kind, e.minutes, e.reference]),
    ).toEqual([
      ['adjustment', 60, null],
      ['consumption', -60, '1'],
      ['reversal', 60, '1'],
    ]);
    expect(c.run(['defect', '1', '--json'], { now: T('13:05') }).error().code).toBe('INVALID_TRANSITION');

    const fixes = c.run(['fixes', 'list', '--json']).json().fixes;
    expect(
      fixes.map((f: { ticket: number; plan: string; delivery: string }) => [f.ticket, f.plan, f.delivery]),
    ).toEqual([
      [1, 'all-inclusive', 'hotfix'],
      [2, 'all-inclusive', 'hotfix'],
      [4, 'on-demand', 'next-release'],
    ]);
    for (const key of ['ticket', 'client', 'plan', 'delivery', 'status', 'version'])
      expect(fixes[0]).toHaveProperty(key);

    const release = c.run(['fixes', 'release', '4.3.0', '--json']).json();
    expect(release.fixes.map((f: { ticket: number }) => f.ticket)).toEqual([4]);
    expect(
      c
        .run(['fixes', 'list', '--pending', '--json'])
        .json()
        .fixes.map((f: { ticket: number }) => f.ticket),
    ).toEqual([1, 2]);
    const delivered = c.run(['fixes', 'deliver', '2', '--version', '4.2.1-hotfix1', '--json']);
    expect(delivered.code).toBe(0);
    expect(delivered.json().fix).toMatchObject({ ticket: 2, status: 'delivered', version: '4.2.1-hotfix1' });
    expect(c.run(['fixes', 'deliver', '2', '--version', '4.2.2', '--json']).error().code).toBe('INVALID_TRANSITION');
    expect(c.run(['fixes', 'deliver', '3', '--version', '4.2.2', '--json']).error()).toMatchObject({
      code: 'FIX_NOT_FOUND',
      exitCode: 3,
    });
    expect(c.run(['fixes', 'deliver', '1', '--json']).error().code).toBe('USAGE');
    expect(c.run(['fixes', 'list']).stdout).toMatch(/^ +#1 {2}C042 +all-inclusive {2}hotfix +pending/m);
  });
});

describe('report usage', () => {
  it('json, csv and table forms', async () => {
    const c = await desk();
    c.run(['bill', '--all']);
    const json = c.run(['report', 'usage', '--by', 'client', '--json']).json();
    expect(json.by).toBe('client');
    expect(json.rows).toStrictEqual([
      {
        key: 'C042',
        tickets: 2,
        workedSeconds: 5400,
        billableMinutes: 105,
        chargedMinutes: 60,
        waivedMinutes: 30,
        uncoveredMinutes: 15,
      },
      {
        key: 'C043',
        tickets: 1,
        workedSeconds: 300,
        billableMinutes: 15,
        chargedMinutes: 0,
        waivedMinutes: 15,
        uncoveredMinutes: 0,
      },
    ]);
    expect(json.totals).toStrictEqual({
      tickets: 3,
      workedSeconds: 5700,
      billableMinutes: 120,
      chargedMinutes: 60,
      waivedMinutes: 45,
      uncoveredMinutes: 15,
    });
    expect(c.run(['report', 'usage', '--format', 'json', '--by', 'month']).json().rows).toEqual([
      expect.objectContaining({ key: '2026-11', tickets: 3 }),
    ]);

    const csv = c.run(['report', 'usage', '--by', 'agent', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(parse(csv.stdout)).toEqual([
      ['agent', 'tickets', 'workedSeconds', 'billableMinutes', 'chargedMinutes', 'waivedMinutes', 'uncoveredMinutes'],
      ['alice', '3', '5700', '120', '60', '45', '15'],
    ]);

    const table = c.run(['report', 'usage', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(table.stdout).toContain('Usage by client, tickets resolved from 2026-11-01 to 2026-11-30');
    expect(table.stdout).toMatch(/^total +3 +1h35 +2h00 +1h00 +0h45 +0h15$/m);

    expect(c.run(['report', 'usage', '--by', 'week']).code).toBe(2);
    expect(c.run(['report', 'usage', '--from', '2026-11-31', '--json']).error()).toMatchObject({
      code: 'INVALID_INPUT',
      exitCode: 6,
    });
  });
});
