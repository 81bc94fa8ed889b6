// Billing resolved tickets by the slice rule (docs/terms.md §5), software defects free
// (§6). A bill run reads the tickets and the balances, plans every line
// with the pure rule (src/rules/billing.ts), then writes them, all in one
// BEGIN IMMEDIATE transaction: a charge is one `consumption` ledger entry
// referencing the ticket, a charge given back is one `reversal`, and each
// line that changes what a ticket owes is kept as a `bills` row whose totals
// are cached on the ticket. The balance never goes below zero.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { bills, clients, ledgerEntries, ticketEvents, tickets, timeEntries } from '../db/schema.js';
import { ormOf } from '../store/sqlite/orm.js';
import { conflict, notFound } from '../errors.js';
import { billTicket, changesNothing, type BillOutcome } from '../rules/billing.js';
import { localDay } from '../rules/calendar.js';
import { forfeitedPartOfReversal } from '../rules/credit-validity.js';
import { billableMinutes, slicesFor, workedSeconds } from '../rules/slices.js';
import type { Ctx } from './context.js';
import { assertLedgerNotBehind, creditState, creditStates, termsOf } from './credit.js';
import { fixOf, recordFix, type FixDetails } from './fixes.js';
import { creditSql } from './sql/credit.js';
import { entryEnd } from './sql/tickets.js';
import { assertClockNotBehind, COLOR, recordEvent, ticketView, type Status, type TicketView } from './tickets.js';

/** One line of the `bill` JSON. */
export interface BillLine {
  ticket: number;
  client: string;
  workedSeconds: number;
  slices: number;
  billableMinutes: number;
  previouslyChargedMinutes: number;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
  balanceAfterMinutes: number;
}

export interface BillTotals {
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
}

export interface BillRun {
  bills: BillLine[];
  totals: BillTotals;
}

/** Explicit ticket numbers (each gets a line, a zero one when billed already) or every resolved ticket (lines only for those the run changes). */
export type BillSelection = { tickets: readonly number[] } | { all: true };

export interface TicketTotals {
  id: number;
  clientId: number;
  client: string;
  status: string;
  resolvedAt: number | null;
  defect: boolean;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
  workedMs: number;
  /** the instant of the ticket's latest history event */
  latestEventAt: number;
}

interface PlannedLine {
  line: BillLine;
  outcome: BillOutcome;
  clientId: number;
  /** of a charge given back, the part a forfeit took: forfeited again with the reversal */
  forfeitMinutes: number;
}

/** Tickets with their billing totals and total worked time (ms), one grouped query. */
export function ticketTotals(ctx: Ctx, where: SQL): TicketTotals[] {
  return ormOf(ctx.store)
    .select({
      id: tickets.id,
      clientId: tickets.clientId,
      client: clients.code,
      status: tickets.status,
      resolvedAt: tickets.resolvedAt,
      defect: tickets.defect,
      chargedMinutes: tickets.chargedMinutes,
      waivedMinutes: tickets.waivedMinutes,
      uncoveredMinutes: tickets.uncoveredMinutes,
      // Running timers up to now or where they stopped by themselves, as every reader counts them.
      workedMs: sql<number>`coalesce(sum(max(${sql.raw(entryEnd(String(ctx.now)))} - ${timeEntries.startedAt}, 0)), 0)`,
      latestEventAt: sql<number>`(SELECT max(${ticketEvents.at}) FROM ${ticketEvents} WHERE ${ticketEvents.ticketId} = ${tickets.id})`,
    })
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.clientId))
    .leftJoin(timeEntries, eq(timeEntries.ticketId, tickets.id))
    .where(where)
    .groupBy(tickets.id)
    .orderBy(asc(tickets.id))
    .all();
}

/** The named tickets, each of which must exist and be resolved. */
function namedRows(ctx: Ctx, numbers: readonly number[]): TicketTotals[] {
  const rows = ticketTotals(ctx, inArray(tickets.id, [...numbers]));
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const n of numbers) {
    const row = found.get(n);
    if (!row) throw notFound('TICKET_NOT_FOUND', `no ticket #${n}`, "see 'alias-support queue --state all'");
    if (row.status !== 'resolved')
      throw conflict('INVALID_TRANSITION', `#${n} is ${COLOR[row.status as Status]}: only resolved (green) tickets are billed`, 'close it first; nothing was billed');
  }
  return rows;
}

/** Balances (net of forfeits due) of the clients of a run: a query each for a few, three grouped reads for many. */
function balancesOf(ctx: Ctx, rows: readonly TicketTotals[]): Map<number, number> {
  const ids = new Set(rows.map((r) => r.clientId));
  if (ids.size <= 20) return new Map([...ids].map((id) => [id, creditState(ctx, id).balanceMinutes]));
  return new Map(creditStates(ctx).filter((c) => ids.has(c.clientId)).map((c) => [c.clientId, c.balanceMinutes]));
}

/**
 * The part of a charge given back now that a forfeit took since it was
 * charged (docs/terms.md §8: reversals respect forfeits): the ticket's own charges, read
 * only for the rare reversal.
 */
function forfeitedPart(ctx: Ctx, row: TicketTotals, givenBack: number): number {
  const charges = (creditSql(ctx.store.sqlite).ticketCharges.all(row.id) as { at: number; minutes: number; kind: string }[]).map((c) => ({
    day: localDay(c.at, ctx.tz),
    minutes: c.minutes,
    kind: c.kind,
    reference: null,
  }));
  return forfeitedPartOfReversal(termsOf(ctx, row.clientId), charges, localDay(ctx.now, ctx.tz), givenBack);
}

/**
 * The clock only moves forward: a bill dated before a ticket's latest event,
 * or before the latest ledger entry of a client it charges (its balance
 * depends on every entry), is refused before anything is written.
 */
function assertNotBehind(ctx: Ctx, rows: readonly TicketTotals[]): void {
  for (const row of rows) assertClockNotBehind(ctx, row, { at: row.latestEventAt });
  for (const clientId of new Set(rows.map((r) => r.clientId))) assertLedgerNotBehind(ctx, clientId);
}

/** Every line of the run, against each client's balance as the run goes. */
function plan(ctx: Ctx, rows: readonly TicketTotals[], keepUnchanged: boolean): PlannedLine[] {
  assertNotBehind(ctx, rows);
  const balances = balancesOf(ctx, rows);
  const planned: PlannedLine[] = [];
  for (const row of rows) {
    const before = balances.get(row.clientId)!;
    const seconds = workedSeconds(row.workedMs);
    const billable = billableMinutes(seconds);
    const outcome = billTicket({
      billableMinutes: billable,
      chargedMinutes: row.chargedMinutes,
      waivedMinutes: row.waivedMinutes,
      uncoveredMinutes: row.uncoveredMinutes,
      defect: row.defect,
      balanceMinutes: before,
    });
    const forfeitMinutes = outcome.chargedMinutes < 0 ? forfeitedPart(ctx, row, -outcome.chargedMinutes) : 0;
    const after = before - outcome.chargedMinutes - forfeitMinutes;
    balances.set(row.clientId, after);
    if (!keepUnchanged && changesNothing(outcome)) continue;
    planned.push({
      clientId: row.clientId,
      outcome,
      forfeitMinutes,
      line: {
        ticket: row.id,
        client: row.client,
        workedSeconds: seconds,
        slices: slicesFor(seconds),
        billableMinutes: billable,
        previouslyChargedMinutes: outcome.previouslyChargedMinutes,
        chargedMinutes: outcome.chargedMinutes,
        waivedMinutes: outcome.waivedMinutes,
        uncoveredMinutes: outcome.uncoveredMinutes,
        balanceAfterMinutes: after,
      },
    });
  }
  return planned;
}

/** The history event of a bill, in words. */
export function billDetail(o: BillOutcome): string {
  const parts: string[] = [];
  if (o.chargedMinutes > 0) parts.push(`${o.chargedMinutes} min charged`);
  if (o.chargedMinutes < 0) parts.push(`${-o.chargedMinutes} min given back (software defect)`);
  if (o.waivedMinutes > 0) parts.push(`${o.waivedMinutes} min waived (software defect)`);
  if (o.uncoveredMinutes > 0) parts.push(`${o.uncoveredMinutes} min not covered by the credit (to invoice)`);
  if (o.uncoveredMinutes < 0) parts.push(`${-o.uncoveredMinutes} min reported uncovered earlier are waived`);
  return parts.join(', ');
}

/**
 * Writes the planned lines. Prepared statements, each run once per line: a
 * run over 100,000 tickets must stay within seconds.
 */
function apply(ctx: Ctx, planned: readonly PlannedLine[]): void {
  const orm = ormOf(ctx.store);
  const p = sql.placeholder;
  const ledger = orm
    .insert(ledgerEntries)
    .values({ clientId: p('clientId'), at: ctx.now, kind: p('kind'), minutes: p('minutes'), reference: p('reference'), ticketId: p('ticketId'), note: p('note'), agent: ctx.agent })
    .prepare();
  const bill = orm
    .insert(bills)
    .values({
      ticketId: p('ticketId'),
      at: ctx.now,
      agent: ctx.agent,
      workedSeconds: p('workedSeconds'),
      billableMinutes: p('billableMinutes'),
      previouslyChargedMinutes: p('previouslyChargedMinutes'),
      chargedMinutes: p('chargedMinutes'),
      waivedMinutes: p('waivedMinutes'),
      uncoveredMinutes: p('uncoveredMinutes'),
      ledgerEntryId: p('ledgerEntryId'),
    })
    .prepare();
  const totals = orm
    .update(tickets)
    .set({
      chargedMinutes: sql`${tickets.chargedMinutes} + ${p('charged')}`,
      waivedMinutes: sql`${tickets.waivedMinutes} + ${p('waived')}`,
      uncoveredMinutes: sql`${tickets.uncoveredMinutes} + ${p('uncovered')}`,
    })
    .where(eq(tickets.id, p('ticketId')))
    .prepare();
  const event = orm
    .insert(ticketEvents)
    .values({ ticketId: p('ticketId'), at: ctx.now, agent: ctx.agent, event: 'billed', detail: p('detail') })
    .prepare();
  for (const { line, outcome, clientId, forfeitMinutes } of planned) {
    if (changesNothing(outcome)) continue;
    const charged = outcome.chargedMinutes;
    const entry =
      charged === 0
        ? null
        : ledger.run({
            clientId,
            kind: charged > 0 ? 'consumption' : 'reversal',
            minutes: -charged,
            reference: String(line.ticket),
            ticketId: line.ticket,
            note:
              charged > 0
                ? `#${line.ticket}: ${line.slices} slice${line.slices === 1 ? '' : 's'}, ${line.billableMinutes} min billable${line.previouslyChargedMinutes > 0 ? `, ${line.previouslyChargedMinutes} billed before` : ''}`
                : `#${line.ticket}: software defect, charge given back`,
          });
    if (forfeitMinutes > 0)
      ledger.run({
        clientId,
        kind: 'forfeit',
        minutes: -forfeitMinutes,
        reference: String(line.ticket),
        ticketId: line.ticket,
        note: `#${line.ticket}: ${forfeitMinutes} min given back to credit a forfeit took since they were charged: forfeited again`,
      });
    bill.run({ ...line, ticketId: line.ticket, ledgerEntryId: entry === null ? null : Number(entry.lastInsertRowid) });
    totals.run({ ticketId: line.ticket, charged, waived: outcome.waivedMinutes, uncovered: outcome.uncoveredMinutes });
    event.run({ ticketId: line.ticket, detail: billDetail(outcome) });
  }
}

function summary(planned: readonly PlannedLine[]): BillRun {
  const totals: BillTotals = { chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 };
  for (const { line } of planned) {
    totals.chargedMinutes += line.chargedMinutes;
    totals.waivedMinutes += line.waivedMinutes;
    totals.uncoveredMinutes += line.uncoveredMinutes;
  }
  return { bills: planned.map((p) => p.line), totals };
}

/**
 * The green tickets a bill run may change: those marked since their last bill
 * (tickets.to_bill), through their partial index; the + keeps SQLite from
 * walking every green ticket through the status index instead.
 */
const TO_BILL = and(sql`${tickets.toBill} = 1`, sql`+${tickets.status} = 'resolved'`)!;

export function bill(ctx: Ctx, selection: BillSelection, options: { dryRun?: boolean } = {}): BillRun {
  return ctx.store.immediate(() => {
    const all = 'all' in selection;
    const rows = all ? ticketTotals(ctx, TO_BILL) : namedRows(ctx, [...new Set(selection.tickets)]);
    const planned = plan(ctx, rows, !all);
    if (!options.dryRun) {
      apply(ctx, planned);
      // Each ticket read is settled now (charged + waived + uncovered = billable): nothing left for the next run.
      const settle = (where: SQL) => ormOf(ctx.store).update(tickets).set({ toBill: 0 }).where(where).run();
      if (all) settle(TO_BILL);
      else for (const row of rows) settle(eq(tickets.id, row.id));
    }
    return summary(planned);
  });
}

// ---------------------------------------------------------------- a defect found after closing

export interface DefectResult {
  ticket: TicketView;
  fix: FixDetails;
  /** the bill giving back what earlier bills settled; null when the ticket was not billed yet */
  bill: BillLine | null;
}

/**
 * A resolved ticket turns out to be a software defect. Not billed yet: the
 * next bill waives it. Already billed: its charge is given back now (one
 * `reversal` entry referencing the ticket) and minutes reported uncovered are
 * waived. Either way the fix owed is recorded by the plan held on the day the
 * ticket was closed.
 */
export async function declareDefect(ctx: Ctx, number: number, reason?: string): Promise<DefectResult> {
  const line = ctx.store.immediate(() => {
    const [row] = ticketTotals(ctx, eq(tickets.id, number));
    if (!row) throw notFound('TICKET_NOT_FOUND', `no ticket #${number}`, "see 'alias-support queue --state all'");
    assertClockNotBehind(ctx, row, { at: row.latestEventAt });
    if (row.status !== 'resolved')
      throw conflict('INVALID_TRANSITION', `#${number} is ${COLOR[row.status as Status]}: close it with --defect instead`);
    if (row.defect) throw conflict('INVALID_TRANSITION', `#${number} is already recorded as a software defect`, `see 'alias-support fixes list'`);
    // Billed before: settled below, now. Not yet: the next bill run waives it.
    const billed = row.chargedMinutes + row.waivedMinutes + row.uncoveredMinutes !== 0;
    ormOf(ctx.store).update(tickets).set({ defect: true, toBill: billed ? 0 : 1 }).where(eq(tickets.id, row.id)).run();
    recordEvent(ctx, row.id, 'defect', reason?.trim() || 'software defect found after closing');
    recordFix(ctx, row.id, row.clientId, localDay(row.resolvedAt ?? ctx.now, ctx.tz));
    if (!billed) return null;
    const planned = plan(ctx, [{ ...row, defect: true }], true);
    apply(ctx, planned);
    return planned[0]!.line;
  });
  return { ticket: await ticketView(ctx, number), fix: fixOf(ctx, number)!, bill: line };
}
