// `report usage` through the services: by client, agent and month, the period
// selected by resolution day (business time zone), and its CSV form.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { usageCsv } from '../../src/render/report.js';
import { bill } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, take, timerStart, timerStop } from '../../src/services/tickets.js';
import { usageReport } from '../../src/services/usage-report.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A ticket worked by `agents` (minutes each, timers running together from `start`), closed when the longest ends. */
async function worked(
  desk: TestDesk,
  client: string,
  start: string,
  agents: Record<string, number>,
  defect = false,
): Promise<number> {
  const t0 = Date.parse(start);
  const { number } = await openTicket(desk.at(iso(t0 - MIN)), { client, subject: 'x' });
  const [first, ...others] = Object.keys(agents);
  await take(desk.at(iso(t0), first), number, { force: true });
  for (const agent of others) await timerStart(desk.at(iso(t0), agent), number);
  // Stop each shorter timer at its own length, then close at the longest.
  const longest = Math.max(...Object.values(agents));
  for (const [agent, minutes] of Object.entries(agents))
    if (minutes < longest) await timerStop(desk.at(iso(t0 + minutes * MIN), agent), number);
  const closer = Object.entries(agents).find(([, m]) => m === longest)![0];
  await close(desk.at(iso(t0 + longest * MIN), closer), number, { resolution: 'done', defect });
  return number;
}

async function desk(): Promise<TestDesk> {
  const d = tempDesk('2026-12-10T09:00:00Z');
  for (const code of ['C001', 'C002']) {
    addClient(d.ctx, { code, name: code });
    addLicence(d.ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
  }
  adjust(d.ctx, 'C001', 60, 'credit');
  // C001: 1h10 on 60 min of credit (60 charged, 15 uncovered), resolved in November.
  await worked(d, 'C001', '2026-11-03T09:00:00Z', { alice: 70 });
  // C002: alice 20 min and bob 30 min together (50 min → 60 billable), no credit: uncovered.
  await worked(d, 'C002', '2026-11-30T23:00:00Z', { alice: 20, bob: 30 }); // resolved 23:30 UTC = 00:30 on 1 December in Paris
  // C001: a defect, bob 10 min, in December.
  await worked(d, 'C001', '2026-12-02T09:00:00Z', { bob: 10 }, true);
  bill(d.ctx, { all: true });
  return d;
}

const TOTALS = {
  tickets: 3,
  workedSeconds: (70 + 50 + 10) * 60,
  billableMinutes: 75 + 60 + 15,
  chargedMinutes: 60,
  waivedMinutes: 15,
  uncoveredMinutes: 15 + 60,
};

describe('report usage', () => {
  it('by client (the default): worked, billable, charged, waived, uncovered', async () => {
    const d = await desk();
    const r = usageReport(d.ctx);
    expect(r).toEqual({
      by: 'client',
      from: null,
      to: null,
      rows: [
        {
          key: 'C001',
          tickets: 2,
          workedSeconds: 4800,
          billableMinutes: 90,
          chargedMinutes: 60,
          waivedMinutes: 15,
          uncoveredMinutes: 15,
        },
        {
          key: 'C002',
          tickets: 1,
          workedSeconds: 3000,
          billableMinutes: 60,
          chargedMinutes: 0,
          waivedMinutes: 0,
          uncoveredMinutes: 60,
        },
      ],
      totals: TOTALS,
    });
  });

  it('by month of resolution, in the business time zone', async () => {
    const d = await desk();
    expect(usageReport(d.ctx, { by: 'month' }).rows.map((r) => [r.key, r.tickets, r.billableMinutes])).toEqual([
      ['2026-11', 1, 75],
      ['2026-12', 2, 75],
    ]);
  });

  it("by agent: each agent's own time; the ticket's minutes shared in proportion, adding up to the same totals", async () => {
    const d = await desk();
    const r = usageReport(d.ctx, { by: 'agent' });
    expect(r.rows).toEqual([
      // 75 (C001) + 60 × 20/50 = 24 of C002's uncovered 60
      {
        key: 'alice',
        tickets: 2,
        workedSeconds: 70 * 60 + 20 * 60,
        billableMinutes: 75 + 24,
        chargedMinutes: 60,
        waivedMinutes: 0,
        uncoveredMinutes: 15 + 24,
      },
      {
        key: 'bob',
        tickets: 2,
        workedSeconds: 30 * 60 + 10 * 60,
        billableMinutes: 36 + 15,
        chargedMinutes: 0,
        waivedMinutes: 15,
        uncoveredMinutes: 36,
      },
    ]);
    expect(r.totals).toEqual(TOTALS);
    for (const k of [
      'workedSeconds',
      'billableMinutes',
      'chargedMinutes',
      'waivedMinutes',
      'uncoveredMinutes',
    ] as const)
      expect(r.rows.reduce((s, row) => s + row[k], 0)).toBe(TOTALS[k]);
  });

  it('--from/--to select tickets by their resolution day (inclusive)', async () => {
    const d = await desk();
    expect(usageReport(d.ctx, { from: '2026-11-01', to: '2026-11-30' }).totals.tickets).toBe(1);
    expect(usageReport(d.ctx, { from: '2026-12-01', to: '2026-12-01' }).rows.map((r) => r.key)).toEqual(['C002']);
    expect(usageReport(d.ctx, { from: '2026-12-02' }).rows).toEqual([
      expect.objectContaining({ key: 'C001', tickets: 1, waivedMinutes: 15 }),
    ]);
    expect(usageReport(d.ctx, { to: '2026-10-31' })).toMatchObject({
      rows: [],
      totals: { tickets: 0, billableMinutes: 0 },
    });
    expect(() => usageReport(d.ctx, { from: '2026-12-02', to: '2026-12-01' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(() => usageReport(d.ctx, { from: '2026-13-01' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
  });

  it('CSV: one row per key through the one writer, agent names neutralised', async () => {
    const d = tempDesk('2026-12-10T09:00:00Z');
    addClient(d.ctx, { code: 'C001', name: 'x' });
    await worked(d, 'C001', '2026-12-01T09:00:00Z', { '=HYPERLINK("http://x")': 5 });
    const csv = usageCsv(usageReport(d.ctx, { by: 'agent' }));
    expect(parse(csv)).toEqual([
      ['agent', 'tickets', 'workedSeconds', 'billableMinutes', 'chargedMinutes', 'waivedMinutes', 'uncoveredMinutes'],
      [`'=HYPERLINK("http://x")`, '1', '300', '15', '0', '0', '0'],
    ]);
  });
});
