// Billing through the services on a temporary database: the slice rule, the
// uncovered part, reopening, idempotency, --dry-run, software defects on both
// plans (before and after billing) and the fixes owed.
import { describe, expect, it } from 'vitest';
import { bill, declareDefect } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust, balance } from '../../src/services/credit.js';
import { statement } from '../../src/services/credit-statement.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { deliverFix, listFixes, releaseFixes } from '../../src/services/fixes.js';
import { addLicence } from '../../src/services/licences.js';
import {
  close,
  openTicket,
  reopen,
  showTicket,
  take,
  timeAdd,
  timerStart,
  timerStop,
} from '../../src/services/tickets.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';

const T0 = Date.parse('2026-11-26T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

type Plan = 'all-inclusive' | 'on-demand' | null;

function client(ctx: Ctx, code: string, credit: number, plan: Plan = 'all-inclusive'): void {
  addClient(ctx, { code, name: `Client ${code}` });
  if (plan === 'all-inclusive') addLicence(ctx, { client: code, plan, start: '2025-01-15' });
  if (plan === 'on-demand') addLicence(ctx, { client: code, plan, start: '2026-01-01', months: 12 });
  // Credited before the work: a charge is never dated before the entries it depends on.
  if (credit > 0) adjust({ ...ctx, now: T0 - 24 * 60 * MIN }, code, credit, 'test credit');
}

/** A ticket taken at `start` and closed `ms` later: one time entry of that length. */
async function resolved(
  desk: TestDesk,
  code: string,
  ms: number,
  options: { start?: number; defect?: boolean } = {},
): Promise<number> {
  const start = options.start ?? T0;
  const { number } = await openTicket(desk.at(iso(start - MIN)), { client: code, subject: 'Export PDF plante' });
  await take(desk.at(iso(start)), number, { force: true });
  await close(desk.at(iso(start + ms)), number, { resolution: 'done', defect: options.defect });
  return number;
}

/** Work again on a resolved ticket: reopen, take, close `ms` later. */
async function reworked(desk: TestDesk, n: number, start: number, ms: number, defect = false): Promise<void> {
  await reopen(desk.at(iso(start)), n, 'seen again');
  await take(desk.at(iso(start)), n, { force: true });
  await close(desk.at(iso(start + ms)), n, { resolution: 'done again', defect });
}

function ledgerOf(ctx: Ctx, ticket: number) {
  return rawOf(ctx.store).all<{ kind: string; minutes: number; reference: string; ticketId: number }>(
    'SELECT kind, minutes, reference, ticket_id AS "ticketId" FROM ledger_entries WHERE ticket_id = ? ORDER BY id',
    ticket,
  );
}

function ticketTotals(ctx: Ctx, ticket: number) {
  return rawOf(ctx.store).get<{ charged: number; waived: number; uncovered: number }>(
    'SELECT charged_minutes AS charged, waived_minutes AS waived, uncovered_minutes AS uncovered FROM tickets WHERE id = ?',
    ticket,
  );
}

const later = (ctx: Ctx, minutes: number): Ctx => ({ ...ctx, now: ctx.now + minutes * MIN });

describe('bill: rule 5, every started 15-minute slice of the total', () => {
  it.each([
    ['0 s', 0, 0, 0],
    ['1 s', 1_000, 1, 15],
    ['15:00', 15 * MIN, 1, 15],
    ['15:01', 15 * MIN + 1_000, 2, 30],
    ['44:59', 45 * MIN - 1_000, 3, 45],
    ['2 h', 120 * MIN, 8, 120],
  ])('%s worked → %i slices, %i min charged', async (_label, ms, slices, minutes) => {
    const desk = tempDesk(iso(T0 + 3 * 3_600_000));
    client(desk.ctx, 'C042', 600);
    const n = await resolved(desk, 'C042', ms);
    const run = bill(desk.ctx, { tickets: [n] });
    expect(run.bills).toEqual([
      {
        ticket: n,
        client: 'C042',
        workedSeconds: (ms / 1000) | 0,
        slices,
        billableMinutes: minutes,
        previouslyChargedMinutes: 0,
        chargedMinutes: minutes,
        waivedMinutes: 0,
        uncoveredMinutes: 0,
        balanceAfterMinutes: 600 - minutes,
      },
    ]);
    expect(run.totals).toEqual({ chargedMinutes: minutes, waivedMinutes: 0, uncoveredMinutes: 0 });
    expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(600 - minutes);
    expect(ledgerOf(desk.ctx, n)).toEqual(
      minutes === 0 ? [] : [{ kind: 'consumption', minutes: -minutes, reference: String(n), ticketId: n }],
    );
  });

  it('rounds the total, never per session: two sessions of 5 min bill 15', async () => {
    const desk = tempDesk(iso(T0 + 3_600_000));
    client(desk.ctx, 'C042', 600);
    const { number: n } = await openTicket(desk.at(iso(T0)), { client: 'C042', subject: 'x' });
    await take(desk.at(iso(T0)), n);
    await timerStop(desk.at(iso(T0 + 5 * MIN)), n);
    await timerStart(desk.at(iso(T0 + 20 * MIN)), n);
    await close(desk.at(iso(T0 + 25 * MIN)), n, { resolution: 'done' });
    expect(bill(desk.ctx, { tickets: [n] }).bills[0]).toMatchObject({
      workedSeconds: 600,
      slices: 1,
      billableMinutes: 15,
      chargedMinutes: 15,
    });
  });

  it('the uncovered case: 60 min of credit, 1h10 worked → 60 charged, 15 uncovered, balance 0, never reported twice', async () => {
    const desk = tempDesk(iso(T0 + 3_600_000 * 2));
    client(desk.ctx, 'C042', 60);
    const n = await resolved(desk, 'C042', 70 * MIN);
    const first = bill(desk.ctx, { tickets: [n] });
    expect(first.bills[0]).toMatchObject({
      billableMinutes: 75,
      previouslyChargedMinutes: 0,
      chargedMinutes: 60,
      uncoveredMinutes: 15,
      balanceAfterMinutes: 0,
    });
    expect(first.totals).toEqual({ chargedMinutes: 60, waivedMinutes: 0, uncoveredMinutes: 15 });
    expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(0);
    expect(ledgerOf(desk.ctx, n)).toEqual([{ kind: 'consumption', minutes: -60, reference: String(n), ticketId: n }]);
    expect(ticketTotals(desk.ctx, n)).toEqual({ charged: 60, waived: 0, uncovered: 15 });

    // Credit bought afterwards does not turn the invoiced 15 minutes into a charge.
    adjust(later(desk.ctx, 1), 'C042', 120, 'AST02 bought');
    const again = bill(later(desk.ctx, 2), { tickets: [n] });
    expect(again.bills[0]).toMatchObject({
      previouslyChargedMinutes: 75,
      chargedMinutes: 0,
      waivedMinutes: 0,
      uncoveredMinutes: 0,
      balanceAfterMinutes: 120,
    });
    expect(bill(later(desk.ctx, 2), { all: true }).bills).toEqual([]);
    expect(ledgerOf(desk.ctx, n)).toHaveLength(1);
    expect(ticketTotals(desk.ctx, n)).toEqual({ charged: 60, waived: 0, uncovered: 15 });
  });

  it('charges a client against its balance as the run goes, in ticket order', async () => {
    const desk = tempDesk(iso(T0 + 3_600_000 * 2));
    client(desk.ctx, 'C042', 40);
    const a = await resolved(desk, 'C042', 10 * MIN);
    const b = await resolved(desk, 'C042', 25 * MIN);
    const c = await resolved(desk, 'C042', 5 * MIN);
    const run = bill(desk.ctx, { all: true });
    expect(run.bills.map((l) => [l.ticket, l.chargedMinutes, l.uncoveredMinutes, l.balanceAfterMinutes])).toEqual([
      [a, 15, 0, 25],
      [b, 25, 5, 0],
      [c, 0, 15, 0],
    ]);
    expect(run.totals).toEqual({ chargedMinutes: 40, waivedMinutes: 0, uncoveredMinutes: 20 });
    expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(0);
  });

  it('charges against the balance net of a forfeit due but not yet written', async () => {
    const desk = tempDesk(iso(T0 + 3_600_000));
    addClient(desk.ctx, { code: 'OLD', name: 'Lapsed' });
    addLicence(desk.ctx, { client: 'OLD', plan: 'on-demand', start: '2020-01-01', end: '2023-12-31' });
    adjust(desk.at('2023-06-01T10:00:00Z'), 'OLD', 120, 'bought in 2023');
    const n = await resolved(desk, 'OLD', 20 * MIN);
    expect(balance(desk.ctx, 'OLD').balanceMinutes).toBe(0); // forfeit of 2026-01-01, due
    expect(bill(desk.ctx, { tickets: [n] }).bills[0]).toMatchObject({
      chargedMinutes: 0,
      uncoveredMinutes: 30,
      balanceAfterMinutes: 0,
    });
    expect(ledgerOf(desk.ctx, n)).toEqual([]);
  });
});

describe('reopening: the next bill charges only the extra slices', () => {
  it('10 min (billed 15), reopened for 10 more: 20 min → 30 billable → 15 more', async () => {
    const desk = tempDesk(iso(T0 + 5 * 3_600_000));
    client(desk.ctx, 'C042', 300);
    const n = await resolved(desk, 'C042', 10 * MIN);
    const first = bill(desk.at(iso(T0 + 20 * MIN)), { tickets: [n] });
    expect(first.bills[0]).toMatchObject({
      workedSeconds: 600,
      billableMinutes: 15,
      previouslyChargedMinutes: 0,
      chargedMinutes: 15,
    });
    await reworked(desk, n, T0 + 3_600_000, 10 * MIN);
    const second = bill(desk.ctx, { tickets: [n] });
    expect(second.bills[0]).toMatchObject({
      workedSeconds: 1200,
      slices: 2,
      billableMinutes: 30,
      previouslyChargedMinutes: 15,
      chargedMinutes: 15,
      balanceAfterMinutes: 270,
    });
    expect(ledgerOf(desk.ctx, n).map((e) => e.minutes)).toEqual([-15, -15]);
    expect((await showTicket(desk.ctx, n)).ticket.chargedMinutes).toBe(30);
  });

  it('time added to a green ticket after its bill: the next --all run bills the extra slice', async () => {
    const desk = tempDesk(iso(T0 + 5 * 3_600_000));
    client(desk.ctx, 'C042', 300);
    const n = await resolved(desk, 'C042', 10 * MIN);
    expect(bill(desk.ctx, { all: true }).bills.map((b) => [b.ticket, b.chargedMinutes])).toEqual([[n, 15]]);
    expect(bill(later(desk.ctx, 1), { all: true }).bills).toEqual([]);
    // A run reads only the tickets marked since their last bill (tickets.to_bill): time add marks it again.
    await timeAdd(later(desk.ctx, 2), n, 10);
    expect(bill(later(desk.ctx, 3), { all: true }).bills).toEqual([
      expect.objectContaining({
        ticket: n,
        workedSeconds: 1200,
        billableMinutes: 30,
        previouslyChargedMinutes: 15,
        chargedMinutes: 15,
      }),
    ]);
  });

  it('after an uncovered bill, only the extra slices are billed', async () => {
    const desk = tempDesk(iso(T0 + 5 * 3_600_000));
    client(desk.ctx, 'C042', 60);
    const n = await resolved(desk, 'C042', 70 * MIN);
    bill(desk.at(iso(T0 + 80 * MIN)), { tickets: [n] });
    adjust(desk.at(iso(T0 + 90 * MIN)), 'C042', 120, 'AST02 bought');
    await reworked(desk, n, T0 + 2 * 3_600_000, 10 * MIN);
    expect(bill(desk.ctx, { all: true }).bills).toEqual([
      expect.objectContaining({
        ticket: n,
        billableMinutes: 90,
        previouslyChargedMinutes: 75,
        chargedMinutes: 15,
        uncoveredMinutes: 0,
        balanceAfterMinutes: 105,
      }),
    ]);
  });
});

describe('idempotency, --dry-run and the selection', () => {
  async function threeTickets() {
    const desk = tempDesk(iso(T0 + 3 * 3_600_000));
    client(desk.ctx, 'C042', 300);
    const green = await resolved(desk, 'C042', 20 * MIN);
    const defect = await resolved(desk, 'C042', 40 * MIN, { defect: true });
    const { number: red } = await openTicket(desk.ctx, { client: 'C042', subject: 'waiting' });
    return { desk, green, defect, red };
  }

  it('billing twice charges once: the second run lists nothing and writes nothing', async () => {
    const { desk, green, defect } = await threeTickets();
    const first = bill(desk.ctx, { all: true });
    expect(first.bills.map((b) => b.ticket)).toEqual([green, defect]);
    const before = snapshotRaw(rawOf(desk.ctx.store));
    const second = bill(later(desk.ctx, 5), { all: true });
    expect(second).toEqual({ bills: [], totals: { chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 } });
    // Named tickets get a zero line, still without writing anything.
    const named = bill(later(desk.ctx, 5), { tickets: [green, defect, green] });
    expect(
      named.bills.map((b) => [
        b.ticket,
        b.previouslyChargedMinutes,
        b.chargedMinutes,
        b.waivedMinutes,
        b.uncoveredMinutes,
      ]),
    ).toEqual([
      [green, 30, 0, 0, 0],
      [defect, 45, 0, 0, 0],
    ]);
    expect(snapshotRaw(rawOf(desk.ctx.store))).toEqual(before);
  });

  it('--dry-run writes nothing and shows what the real run does', async () => {
    const { desk } = await threeTickets();
    const before = snapshotRaw(rawOf(desk.ctx.store));
    const dry = bill(desk.ctx, { all: true }, { dryRun: true });
    expect(snapshotRaw(rawOf(desk.ctx.store))).toEqual(before);
    expect(bill(desk.ctx, { all: true })).toEqual(dry);
    expect(dry.totals).toEqual({ chargedMinutes: 30, waivedMinutes: 45, uncoveredMinutes: 0 });
  });

  it('a named ticket that is not resolved fails the whole run (exit 4); --all skips it', async () => {
    const { desk, green, red } = await threeTickets();
    const before = snapshotRaw(rawOf(desk.ctx.store));
    expect(() => bill(desk.ctx, { tickets: [green, red] })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', exitCode: 4 }),
    );
    expect(() => bill(desk.ctx, { tickets: [green, 999] })).toThrow(
      expect.objectContaining({ code: 'TICKET_NOT_FOUND', exitCode: 3 }),
    );
    expect(snapshotRaw(rawOf(desk.ctx.store))).toEqual(before);
    expect(bill(desk.ctx, { all: true }).bills.map((b) => b.ticket)).not.toContain(red);
  });

  it('keeps the ledger, the bills and the tickets consistent (db check)', async () => {
    const { desk } = await threeTickets();
    bill(desk.ctx, { all: true });
    const sums = rawOf(desk.ctx.store).get(
      `SELECT (SELECT -sum(minutes) FROM ledger_entries WHERE kind IN ('consumption','reversal')) AS ledger,
              (SELECT sum(charged_minutes) FROM bills) AS bills, (SELECT sum(charged_minutes) FROM tickets) AS tickets`,
    );
    expect(sums).toEqual({ ledger: 30, bills: 30, tickets: 30 });
    expect(checkDatabase(desk.ctx).ok).toBe(true);
  });
});

describe('rule 6: software defects are free, the fix follows the plan', () => {
  it.each([
    ['all-inclusive', 'hotfix'],
    ['on-demand', 'next-release'],
    [null, 'next-release'],
  ] as const)(
    'closing a defect of a %s client: nothing charged, the minutes waived, a %s fix owed',
    async (plan, delivery) => {
      const desk = tempDesk(iso(T0 + 3_600_000));
      client(desk.ctx, 'C042', 300, plan);
      const n = await resolved(desk, 'C042', 40 * MIN, { defect: true });
      expect(listFixes(desk.ctx)).toEqual([
        expect.objectContaining({ ticket: n, client: 'C042', plan, delivery, status: 'pending', version: null }),
      ]);
      const run = bill(desk.ctx, { all: true });
      expect(run.bills[0]).toMatchObject({
        billableMinutes: 45,
        chargedMinutes: 0,
        waivedMinutes: 45,
        uncoveredMinutes: 0,
        balanceAfterMinutes: 300,
      });
      expect(ledgerOf(desk.ctx, n)).toEqual([]);
      expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(300);
      expect(ticketTotals(desk.ctx, n)).toEqual({ charged: 0, waived: 45, uncovered: 0 });
    },
  );

  it('the plan is the one held on the closing day, not today', async () => {
    const desk = tempDesk(iso(T0 + 3_600_000));
    client(desk.ctx, 'C042', 300, 'on-demand');
    const n = await resolved(desk, 'C042', 20 * MIN);
    // The client moves to all-inclusive later; the defect is found after that.
    addLicence(desk.ctx, { client: 'C042', plan: 'all-inclusive', start: '2026-12-01' });
    await declareDefect(desk.at('2026-12-05T10:00:00Z'), n);
    expect(listFixes(desk.ctx)[0]).toMatchObject({ plan: 'on-demand', delivery: 'next-release' });
  });

  it('a defect found before billing: the next bill waives it, no ledger entry', async () => {
    const desk = tempDesk(iso(T0 + 3_600_000));
    client(desk.ctx, 'C042', 300);
    const n = await resolved(desk, 'C042', 20 * MIN);
    const found = await declareDefect(desk.ctx, n, 'crash in the PDF export');
    expect(found.bill).toBeNull();
    expect(found.ticket.defect).toBe(true);
    expect(found.fix).toMatchObject({ ticket: n, delivery: 'hotfix', status: 'pending' });
    expect(bill(desk.ctx, { all: true }).bills[0]).toMatchObject({ ticket: n, chargedMinutes: 0, waivedMinutes: 30 });
    expect(ledgerOf(desk.ctx, n)).toEqual([]);
  });

  it('a defect found after billing: one reversal gives the charge back, uncovered minutes are waived', async () => {
    const desk = tempDesk(iso(T0 + 3 * 3_600_000));
    client(desk.ctx, 'C042', 60, 'on-demand');
    const n = await resolved(desk, 'C042', 70 * MIN);
    bill(desk.at(iso(T0 + 2 * 3_600_000)), { tickets: [n] });
    expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(0);

    const found = await declareDefect(desk.ctx, n, 'crash in the PDF export');
    expect(found.bill).toEqual({
      ticket: n,
      client: 'C042',
      workedSeconds: 4200,
      slices: 5,
      billableMinutes: 75,
      previouslyChargedMinutes: 75,
      chargedMinutes: -60,
      waivedMinutes: 75,
      uncoveredMinutes: -15,
      balanceAfterMinutes: 60,
    });
    expect(found.fix).toMatchObject({ plan: 'on-demand', delivery: 'next-release' });
    expect(ledgerOf(desk.ctx, n)).toEqual([
      { kind: 'consumption', minutes: -60, reference: String(n), ticketId: n },
      { kind: 'reversal', minutes: 60, reference: String(n), ticketId: n },
    ]);
    expect(ticketTotals(desk.ctx, n)).toEqual({ charged: 0, waived: 75, uncovered: 0 });
    expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(60);
    const entries = statement(desk.ctx, 'C042').entries.filter((e) => e.reference === String(n));
    expect(entries.map((e) => [e.kind, e.minutes])).toEqual([
      ['consumption', -60],
      ['reversal', 60],
    ]);
    const history = (await showTicket(desk.ctx, n)).history;
    expect(history.map((h) => h.event).slice(-3)).toEqual(['billed', 'defect', 'billed']);
    expect(history.at(-2)?.detail).toBe('crash in the PDF export');
    // The next bill has nothing left to do; the desk stays consistent.
    expect(bill(desk.ctx, { all: true }).bills).toEqual([]);
    expect(checkDatabase(desk.ctx).ok).toBe(true);
  });

  it('refuses a defect on a ticket that is not resolved or already a defect (exit 4)', async () => {
    const desk = tempDesk(iso(T0 + 3_600_000));
    client(desk.ctx, 'C042', 300);
    const n = await resolved(desk, 'C042', 20 * MIN, { defect: true });
    const { number: red } = await openTicket(desk.ctx, { client: 'C042', subject: 'waiting' });
    await expect(declareDefect(desk.ctx, n)).rejects.toMatchObject({ code: 'INVALID_TRANSITION', exitCode: 4 });
    await expect(declareDefect(desk.ctx, red)).rejects.toMatchObject({ code: 'INVALID_TRANSITION', exitCode: 4 });
    await expect(declareDefect(desk.ctx, 999)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND', exitCode: 3 });
  });

  it('a billed ticket reopened and closed as a defect: the next bill gives the charge back; the fix is owed once', async () => {
    const desk = tempDesk(iso(T0 + 5 * 3_600_000));
    client(desk.ctx, 'C042', 300);
    const n = await resolved(desk, 'C042', 10 * MIN);
    bill(desk.at(iso(T0 + 20 * MIN)), { tickets: [n] });
    await reworked(desk, n, T0 + 3_600_000, 10 * MIN, true);
    await reworked(desk, n, T0 + 2 * 3_600_000, 10 * MIN, true);
    expect(listFixes(desk.ctx)).toHaveLength(1);
    expect(bill(desk.ctx, { all: true }).bills[0]).toMatchObject({
      billableMinutes: 30,
      previouslyChargedMinutes: 15,
      chargedMinutes: -15,
      waivedMinutes: 30,
    });
    expect(ledgerOf(desk.ctx, n).map((e) => [e.kind, e.minutes])).toEqual([
      ['consumption', -15],
      ['reversal', 15],
    ]);
    expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(300);
  });
});

describe('fixes: deliver one, release the next-release ones', () => {
  async function desk3() {
    const desk = tempDesk(iso(T0 + 3_600_000));
    client(desk.ctx, 'AI', 300, 'all-inclusive');
    client(desk.ctx, 'OD', 300, 'on-demand');
    const hot = await resolved(desk, 'AI', 20 * MIN, { defect: true });
    const next1 = await resolved(desk, 'OD', 20 * MIN, { defect: true });
    const next2 = await resolved(desk, 'OD', 20 * MIN, { defect: true });
    const plain = await resolved(desk, 'OD', 20 * MIN);
    return { desk, hot, next1, next2, plain };
  }

  it('release delivers every pending next-release fix, never a hotfix', async () => {
    const { desk, hot, next1, next2 } = await desk3();
    const released = releaseFixes(desk.ctx, '4.3.0');
    expect(released.version).toBe('4.3.0');
    expect(released.fixes.map((f) => [f.ticket, f.status, f.version])).toEqual([
      [next1, 'delivered', '4.3.0'],
      [next2, 'delivered', '4.3.0'],
    ]);
    expect(listFixes(desk.ctx, { pending: true }).map((f) => [f.ticket, f.delivery])).toEqual([[hot, 'hotfix']]);
    expect(releaseFixes(later(desk.ctx, 60), '4.3.1').fixes).toEqual([]);
    expect(listFixes(desk.ctx).find((f) => f.ticket === next1)?.version).toBe('4.3.0');
  });

  it('deliver delivers one fix, once', async () => {
    const { desk, hot, plain } = await desk3();
    expect(deliverFix(desk.ctx, hot, '4.2.1-hotfix1')).toMatchObject({
      ticket: hot,
      status: 'delivered',
      version: '4.2.1-hotfix1',
      deliveredAt: iso(desk.ctx.now),
    });
    expect(() => deliverFix(desk.ctx, hot, '4.2.2')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', exitCode: 4 }),
    );
    expect(() => deliverFix(desk.ctx, plain, '4.2.2')).toThrow(
      expect.objectContaining({ code: 'FIX_NOT_FOUND', exitCode: 3 }),
    );
    expect(() => deliverFix(desk.ctx, 999, '4.2.2')).toThrow(
      expect.objectContaining({ code: 'TICKET_NOT_FOUND', exitCode: 3 }),
    );
    expect(() => deliverFix(desk.ctx, hot, '=4.2')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(() => releaseFixes(desk.ctx, ' ')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(listFixes(desk.ctx, { pending: true })).toHaveLength(2);
  });
});

describe('tickets show: the ticket with its billing', () => {
  it('lists each bill run, the totals and the fix owed', async () => {
    const desk = tempDesk('2026-11-26T12:00:00Z');
    client(desk.ctx, 'C1', 60, 'on-demand');
    const n = await resolved(desk, 'C1', 70 * MIN);
    bill(later(desk.ctx, 60), { tickets: [n] });
    await declareDefect(later(desk.ctx, 90), n, 'crash in the PDF export');
    const { billing } = await showTicket(later(desk.ctx, 120), n);
    expect(
      billing.bills.map((b) => [b.billableMinutes, b.chargedMinutes, b.waivedMinutes, b.uncoveredMinutes]),
    ).toEqual([[75, 60, 0, 15], expect.arrayContaining([75])]);
    expect(billing).toMatchObject({ chargedMinutes: 0, waivedMinutes: 75, uncoveredMinutes: 0 });
    expect(billing.fix).toMatchObject({ ticket: n, delivery: 'next-release', status: 'pending' });
  });
});
