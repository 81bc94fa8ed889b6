// The demo desk: deterministic for a seed, consistent with the desk's rules
// (db check passes on it), and shaped like a real desk (ten years of history,
// most tickets green, a few open ones, monthly bills, purchases, forfeits).
import { describe, expect, it } from 'vitest';
import { bill } from '../../src/services/billing.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { DEMO_YEARS, defaultDemoClients, runDemo } from '../../src/services/demo.js';
import { planDemo, type DemoPlanInput } from '../../src/services/demo/plan.js';
import { holidaysFrom } from '../../src/rules/business-time.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { tempDesk } from '../helpers/store.js';

const NOW = '2026-11-26T10:00:00Z';
/** One number from plain SQL (PostgreSQL gives its bigint counts and sums as strings). */
const one = (d: ReturnType<typeof tempDesk>, sql: string, ...params: unknown[]): number =>
  Number(rawOf(d.ctx.store).value(sql, ...params));
const snapshotOf = (d: ReturnType<typeof tempDesk>) => snapshotRaw(rawOf(d.ctx.store));

describe('demo', () => {
  it('writes the same desk for the same seed, another for another seed', async () => {
    const [a, b, c] = [tempDesk(NOW), tempDesk(NOW), tempDesk(NOW)];
    await runDemo(a.ctx, { clients: 12, tickets: 200, seed: 42, force: false });
    await runDemo(b.ctx, { clients: 12, tickets: 200, seed: 42, force: false });
    await runDemo(c.ctx, { clients: 12, tickets: 200, seed: 43, force: false });
    expect(snapshotOf(a)).toEqual(snapshotOf(b));
    expect(snapshotOf(a).tickets).not.toEqual(snapshotOf(c).tickets);
  });

  it('passes every check of db check: ledger, bills, timers, history', async () => {
    const d = tempDesk(NOW);
    const result = await runDemo(d.ctx, { clients: 50, tickets: 3000, seed: 9, force: false });
    const report = checkDatabase(d.ctx);
    expect(report.findings).toEqual([]);
    expect(result.forfeits).toBeGreaterThan(0); // clients lapsed over 24 months ago: the cron job's forfeit is written
    expect(one(d, "SELECT count(*) FROM ledger_entries WHERE kind = 'forfeit'")).toBe(result.forfeits);
  });

  it('looks like a real desk: years of history, most tickets green, few red, bills of the monthly runs', async () => {
    const d = tempDesk(NOW);
    const r = await runDemo(d.ctx, { clients: 40, tickets: 2000, seed: 1, force: false });
    const { red, orange, green } = r.tickets;
    expect(red + orange + green).toBe(2000);
    expect(red).toBeGreaterThan(0);
    expect(red).toBeLessThan(orange);
    expect(green).toBeGreaterThan(0.9 * 2000);
    // Ages spread over the years; open tickets are recent; numbers follow creation.
    const years = one(d, 'SELECT max(created_at) - min(created_at) FROM tickets') / 86_400_000 / 365.25;
    expect(years).toBeGreaterThan(DEMO_YEARS / 2);
    expect(one(d, "SELECT min(created_at) FROM tickets WHERE status <> 'resolved'")).toBeGreaterThan(
      Date.parse(NOW) - 15 * 86_400_000,
    );
    expect(
      one(d, 'SELECT count(*) FROM tickets a JOIN tickets b ON b.id = a.id + 1 WHERE b.created_at < a.created_at'),
    ).toBe(0);
    // Every ticket has its receipt and its history; taken tickets have time.
    expect(one(d, 'SELECT count(*) FROM outbox')).toBe(2000);
    expect(
      one(
        d,
        "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.event = 'opened')",
      ),
    ).toBe(0);
    expect(
      one(
        d,
        "SELECT count(*) FROM tickets t WHERE t.status <> 'pending' AND NOT EXISTS (SELECT 1 FROM time_entries e WHERE e.ticket_id = t.id)",
      ),
    ).toBe(0);
    // Both plans, purchases through the shop, defects with their fix.
    expect(one(d, 'SELECT count(DISTINCT plan) FROM licences')).toBe(2);
    expect(one(d, 'SELECT count(*) FROM purchases')).toBe(r.purchases);
    expect(one(d, 'SELECT count(*) FROM tickets WHERE defect = ?', rawOf(d.ctx.store).bool(true))).toBe(
      one(d, 'SELECT count(*) FROM fixes'),
    );
    // Billed by the monthly runs: what was resolved this month waits for the next run, and bill --all bills just that.
    const monthStart = Date.parse('2026-11-01T00:00:00Z');
    expect(
      one(
        d,
        `SELECT count(*) FROM tickets WHERE status = 'resolved' AND resolved_at < ${monthStart - 86_400_000} AND id NOT IN (SELECT ticket_id FROM bills)`,
      ),
    ).toBe(0);
    const waiting = one(d, `SELECT count(*) FROM tickets WHERE status = 'resolved' AND resolved_at >= ${monthStart}`);
    expect(waiting).toBeGreaterThan(0);
    expect(bill(d.ctx, { all: true }).bills).toHaveLength(waiting);
  });

  it('with billedUntil before the first run, leaves every resolved ticket to bill', async () => {
    const d = tempDesk(NOW);
    const r = await runDemo(d.ctx, { clients: 8, tickets: 300, seed: 2, force: false, billedUntil: 0 });
    expect(r.bills).toBe(0);
    expect(one(d, "SELECT count(*) FROM ledger_entries WHERE kind = 'consumption'")).toBe(0);
    expect(bill(d.ctx, { all: true }).bills).toHaveLength(r.tickets.green);
    expect(checkDatabase(d.ctx).findings).toEqual([]);
  });

  it('refuses a desk that holds data, unless forced: then adds clients under new codes', async () => {
    const d = tempDesk(NOW);
    await runDemo(d.ctx, { clients: 3, tickets: 10, seed: 1, force: false });
    await expect(runDemo(d.ctx, { clients: 3, tickets: 10, seed: 1, force: false })).rejects.toMatchObject({
      code: 'DUPLICATE',
    });
    await runDemo(d.ctx, { clients: 3, tickets: 10, seed: 1, force: true });
    expect(
      rawOf(d.ctx.store)
        .all<{ code: string }>('SELECT code FROM clients ORDER BY id')
        .map((c) => c.code),
    ).toEqual(['C001', 'C002', 'C003', 'C004', 'C005', 'C006']);
    expect(checkDatabase(d.ctx).findings).toEqual([]);
  });

  it('writes all of it or nothing: a failure while loading leaves the desk as it was', async () => {
    const d = tempDesk(NOW);
    await runDemo(d.ctx, { clients: 3, tickets: 10, seed: 1, force: false });
    const raw = rawOf(d.ctx.store);
    raw.exec(
      raw.dialect === 'sqlite'
        ? "CREATE TRIGGER fail_late BEFORE INSERT ON tickets WHEN NEW.id = 150 BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        : `CREATE FUNCTION fail_late() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
           CREATE TRIGGER fail_late BEFORE INSERT ON tickets FOR EACH ROW WHEN (NEW.id = 150) EXECUTE FUNCTION fail_late();`,
    );
    const before = snapshotOf(d);
    await expect(runDemo(d.ctx, { clients: 8, tickets: 300, seed: 2, force: true })).rejects.toThrow('disk full');
    expect(snapshotOf(d)).toEqual(before);
  });

  it('has about one client per 250 tickets by default, twelve at least', () => {
    expect(defaultDemoClients(40)).toBe(12);
    expect(defaultDemoClients(1_000_000)).toBe(4000);
  });
});

describe('demo plan', () => {
  const input = (over: Partial<DemoPlanInput> = {}): DemoPlanInput => ({
    seed: 42,
    clients: 30,
    tickets: 1500,
    now: Date.parse(NOW),
    today: NOW.slice(0, 10),
    tz: 'Europe/Paris',
    holidays: holidaysFrom(['2026-11-11', '2026-12-25']),
    billedUntil: Date.parse(NOW),
    existingClients: 0,
    firstTicketId: 1,
    ...over,
  });
  const planned = (over: Partial<DemoPlanInput> = {}) => {
    const plan = planDemo(input(over));
    return { clients: plan.clients, tickets: [...plan.tickets] };
  };

  it('same input, same plan; another seed, another plan', () => {
    const a = planned();
    expect(planned()).toEqual(a);
    expect(planned({ seed: 43 }).tickets).not.toEqual(a.tickets);
  });

  it.each([
    { seed: 1, clients: 12, tickets: 40, existingClients: 0, firstTicketId: 1 },
    { seed: 7, clients: 30, tickets: 1500, existingClients: 5, firstTicketId: 101 },
    { seed: 9, clients: 2, tickets: 2, existingClients: 0, firstTicketId: 1 },
    { seed: 3, clients: 50, tickets: 3000, existingClients: 0, firstTicketId: 1, billedUntil: 0 },
  ])('holds its invariants: $tickets tickets of $clients clients, seed $seed', (over) => {
    const { clients, tickets } = planned(over);
    expect(clients.map((c) => c.code)[0]).toBe(`C${String(over.existingClients + 1).padStart(3, '0')}`);
    expect(tickets).toHaveLength(over.tickets);
    const now = Date.parse(NOW);
    const held = new Map<number, { at: number; minutes: number }[]>();
    const ledger = (client: number) => held.get(client) ?? (held.set(client, []), held.get(client)!);
    clients.forEach((c, k) => c.purchases.forEach((p) => ledger(k).push(p.entry)));
    tickets.forEach((t, k) => {
      // Numbered in creation order; every instant in the past.
      expect(t.id).toBe(over.firstTicketId + k);
      if (k > 0) expect(t.createdAt).toBeGreaterThanOrEqual(tickets[k - 1]!.createdAt);
      expect(t.events.at(-1)!.at).toBeLessThanOrEqual(now);
      // History in time order, opened first; time only after the first take, never before it was opened.
      expect(t.events.map((e) => e.at)).toEqual([...t.events.map((e) => e.at)].sort((x, y) => x - y));
      expect(t.events[0]).toMatchObject({ event: 'opened', at: t.createdAt });
      const firstTake = t.events.find((e) => e.event === 'taken')?.at;
      for (const e of t.timeEntries) {
        expect(firstTake).toBeDefined();
        expect(e.startedAt).toBeGreaterThanOrEqual(firstTake!);
        if (e.endedAt !== null) expect(e.endedAt).toBeGreaterThanOrEqual(e.startedAt);
        else expect(e.stopsAt).toBeGreaterThan(e.startedAt);
      }
      if (t.takenAt !== null) expect(t.takenAt).toBeGreaterThanOrEqual(t.createdAt);
      // Only orange tickets have a timer running; only green ones a bill.
      expect(t.timeEntries.some((e) => e.endedAt === null)).toBe(t.status === 'in_progress');
      if (t.bill) expect(t.status).toBe('resolved');
      if (t.status !== 'resolved') expect(t.createdAt).toBeGreaterThan(now - 15 * 86_400_000);
      expect(t.fix !== null).toBe(t.defect);
      for (const p of t.purchases) ledger(t.client).push(p.entry);
      if (t.bill?.entry) {
        expect(t.bill.entry).toMatchObject({ kind: 'consumption', ticketId: t.id, minutes: -t.bill.chargedMinutes });
        ledger(t.client).push(t.bill.entry);
      }
      expect(t.chargedMinutes + t.waivedMinutes + t.uncoveredMinutes).toBe(t.bill ? t.bill.billableMinutes : 0);
    });
    // Credit is spent only when held: each client's running balance, in date order, never below zero.
    for (const entries of held.values()) {
      let balance = 0;
      for (const e of entries.sort((x, y) => x.at - y.at)) expect((balance += e.minutes)).toBeGreaterThanOrEqual(0);
    }
  });

  it('is read once: its tickets follow the clients’ credit as they are drawn', () => {
    const plan = planDemo(input({ tickets: 10 }));
    expect([...plan.tickets]).toHaveLength(10);
    expect(() => [...plan.tickets]).toThrow('read once');
  });

  it('refuses more tickets than it can sort, and tickets without a licensed client', () => {
    expect(() => planDemo(input({ tickets: 2 ** 24 }))).toThrow('at most');
    expect(() => planDemo(input({ clients: 0, tickets: 5 }))).toThrow('current licence');
  });
});
