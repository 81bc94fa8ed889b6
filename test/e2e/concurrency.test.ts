// Many agents on one SQLite file, as real processes of the CLI: the mixed
// workload of a desk (open, take, time, close, bill) run by four agents at
// once ends with `db check` clean and the exact balances, and `take --next`
// raced by six agents hands each red ticket to exactly one of them. No command
// ever fails with DB_BUSY: every change is one BEGIN IMMEDIATE transaction and
// the others wait their turn. (8 agents taking the same ticket: see
// test/integration/store.test.ts.)
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket } from '../../src/services/tickets.js';
import { cli, type CliResult } from '../helpers/cli.js';

const NOW = '2026-11-26T09:00:00Z';
const WORKERS = 4;
const LOOPS = 3;

/** Licensed clients with prepaid credit, written in-process (faster than a CLI run per row). */
async function seed(db: string, credit: Record<string, number>, then?: (ctx: Ctx) => Promise<unknown>): Promise<void> {
  const store = openStore(db);
  const ctx: Ctx = { store, now: Date.parse(NOW), agent: 'admin', tz: 'Europe/Paris' };
  for (const [code, minutes] of Object.entries(credit)) {
    addClient(ctx, { code, name: `Client ${code}` });
    addLicence(ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, code, minutes, 'prepaid');
  }
  await then?.(ctx);
  store.close();
}

function ok(r: CliResult, what: string): CliResult {
  expect(r.stderr, what).toBe('');
  expect(r.code, what).toBe(0);
  return r;
}

describe('four agents working at once', () => {
  it('open/take/time/close/bill loops: db check clean, balances exact to the minute, no DB_BUSY', async () => {
    const desk = cli(NOW);
    await seed(desk.db, { RICH: 600, POOR: 60 });

    // Each loop: a ticket worked 20 min (2 slices = 30 min billable), billed by
    // number or by a `bill --all` that races the other agents' bills.
    const worker = async (w: number): Promise<number[]> => {
      const agent = `agent${w}`;
      const step = async (args: string[], now?: string) =>
        ok(await desk.start([...args, '--json'], { agent, timeout: 60_000, now }), `${agent}: ${args.join(' ')}`);
      const later = new Date(Date.parse(NOW) + 20 * 60_000).toISOString(); // 20 minutes on the timer
      const mine: number[] = [];
      for (let i = 0; i < LOOPS; i++) {
        const client = i % 2 === 0 ? 'RICH' : 'POOR';
        const n = (await step(['tickets', 'open', '--client', client, '--subject', `${agent} loop ${i}`])).json().ticket
          .number as number;
        mine.push(n);
        // --force: POOR runs out of credit on the way, the work is still done.
        await step(['take', String(n), '--force']);
        await step(['close', String(n), '--resolution', 'done'], later);
        await step(i % 4 < 2 ? ['bill', String(n)] : ['bill', '--all'], later);
      }
      return mine;
    };
    const tickets = (await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w + 1)))).flat();
    expect(new Set(tickets).size).toBe(WORKERS * LOOPS);

    // Whatever the interleaving: nothing is left to bill, each ticket charged once.
    expect(ok(desk.run(['bill', '--all', '--json']), 'final bill').json().totals).toEqual({
      chargedMinutes: 0,
      waivedMinutes: 0,
      uncoveredMinutes: 0,
    });
    const shown = ok(desk.run(['queue', '--state', 'all', '--limit', '100', '--json']), 'queue').json()
      .tickets as Record<string, unknown>[];
    expect(shown.map((t) => t.number).sort((a, b) => Number(a) - Number(b))).toEqual(
      [...tickets].sort((a, b) => a - b),
    );
    for (const t of shown)
      expect(t).toMatchObject({ status: 'resolved', workedSeconds: 1200, billableMinutes: 30, timerRunning: false });
    const of = (client: string) => shown.filter((t) => t.client === client);
    const charged = (client: string) => of(client).reduce((s, t) => s + (t.chargedMinutes as number), 0);
    // RICH pays every ticket; POOR pays the 60 minutes it held, the rest is reported uncovered.
    expect(charged('RICH')).toBe(30 * of('RICH').length);
    expect(charged('POOR')).toBe(60);
    expect(ok(desk.run(['credits', 'balance', 'RICH', '--json']), 'balance').json().balanceMinutes).toBe(
      600 - 30 * of('RICH').length,
    );
    expect(ok(desk.run(['credits', 'balance', 'POOR', '--json']), 'balance').json().balanceMinutes).toBe(0);
    const report = ok(desk.run(['report', 'usage', '--by', 'client', '--json']), 'report').json();
    expect(report.rows.find((r: { key: string }) => r.key === 'POOR')).toMatchObject({
      chargedMinutes: 60,
      uncoveredMinutes: 30 * of('POOR').length - 60,
    });

    const check = desk.run(['db', 'check', '--json']);
    expect(check.json().findings).toEqual([]);
    expect(check.code).toBe(0);
  });

  it('six agents racing take --next on four red tickets: each ticket to exactly one agent, the others told the queue is empty', async () => {
    const desk = cli(NOW);
    await seed(desk.db, { C1: 300 }, async (ctx) => {
      for (let i = 0; i < 4; i++) await openTicket(ctx, { client: 'C1', subject: `request ${i}` });
    });

    const results = await Promise.all(
      Array.from({ length: 6 }, (_, a) => desk.start(['take', '--next', '--json'], { agent: `agent${a}` })),
    );
    const won = results.filter((r) => r.code === 0).map((r) => r.json().ticket);
    expect(won).toHaveLength(4);
    expect(new Set(won.map((t) => t.number))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(won.map((t) => t.takenBy)).size).toBe(4);
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(3);
      expect(r.error().code).toBe('TICKET_NOT_FOUND');
    }
    expect(desk.run(['db', 'check']).code).toBe(0);
  });
});
