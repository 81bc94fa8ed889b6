// Billing resolved tickets by the slice rule (docs/terms.md §5), software defects free
// (§6). A bill run reads the tickets and the balances, plans every line
// with the pure rule (src/rules/billing.ts), then writes them, all in one
// write transaction: a charge is one `consumption` ledger entry
// referencing the ticket, a charge given back is one `reversal`, and each
// line that changes what a ticket owes is kept as a `bills` row whose totals
// are cached on the ticket. The balance never goes below zero.
import { conflict, notFound } from '../errors.js';
import { billTicket, changesNothing, type BillOutcome } from '../rules/billing.js';
import { localDay } from '../rules/calendar.js';
import { forfeitedPartOfReversal } from '../rules/credit-validity.js';
import { chargeNote, givenBackNote, reversalForfeitNote } from '../rules/ledger-notes.js';
import { billableMinutes, slicesFor, workedSeconds } from '../rules/slices.js';
import type { TicketTotals } from '../store/bills.js';
import type { Ctx } from './context.js';
import { assertLedgerNotBehind, creditState, creditStates, termsOf } from './credit.js';
import { fixOf, recordFix, type FixDetails } from './fixes.js';
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

interface PlannedLine {
  line: BillLine;
  outcome: BillOutcome;
  clientId: number;
  /** of a charge given back, the part a forfeit took: forfeited again with the reversal */
  forfeitMinutes: number;
}

/** The named tickets, each of which must exist and be resolved. */
function namedRows(ctx: Ctx, numbers: readonly number[]): TicketTotals[] {
  const rows = ctx.store.bills.totalsOf(numbers, ctx.now);
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const n of numbers) {
    const row = found.get(n);
    if (!row) throw notFound('TICKET_NOT_FOUND', `no ticket #${n}`, "see 'alias-support queue --state all'");
    if (row.status !== 'resolved')
      throw conflict(
        'INVALID_TRANSITION',
        `#${n} is ${COLOR[row.status as Status]}: only resolved (green) tickets are billed`,
        'close it first; nothing was billed',
      );
  }
  return rows;
}

/** Balances (net of forfeits due) of the clients of a run: a query each for a few, three grouped reads for many. */
function balancesOf(ctx: Ctx, rows: readonly TicketTotals[]): Map<number, number> {
  const ids = new Set(rows.map((r) => r.clientId));
  if (ids.size <= 20) return new Map([...ids].map((id) => [id, creditState(ctx, id).balanceMinutes]));
  return new Map(
    creditStates(ctx)
      .filter((c) => ids.has(c.clientId))
      .map((c) => [c.clientId, c.balanceMinutes]),
  );
}

/**
 * The part of a charge given back now that a forfeit took since it was
 * charged (docs/terms.md §8: reversals respect forfeits): the ticket's own charges, read
 * only for the rare reversal.
 */
function forfeitedPart(ctx: Ctx, row: TicketTotals, givenBack: number): number {
  const charges = ctx.store.ledger.ticketCharges(row.id).map((c) => ({
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

/** Writes the planned lines: a ledger entry for a charge or a charge given back, the bill, its history event. */
function apply(ctx: Ctx, planned: readonly PlannedLine[]): void {
  const entry = (
    clientId: number,
    ticketId: number,
    kind: 'consumption' | 'reversal' | 'forfeit',
    minutes: number,
    note: string,
  ): number =>
    ctx.store.ledger.append({
      clientId,
      at: ctx.now,
      kind,
      minutes,
      reference: String(ticketId),
      ticketId,
      note,
      agent: ctx.agent,
    });
  for (const { line, outcome, clientId, forfeitMinutes } of planned) {
    if (changesNothing(outcome)) continue;
    const charged = outcome.chargedMinutes;
    const ledgerEntryId =
      charged === 0
        ? null
        : charged > 0
          ? entry(clientId, line.ticket, 'consumption', -charged, chargeNote(line))
          : entry(clientId, line.ticket, 'reversal', -charged, givenBackNote(line.ticket));
    if (forfeitMinutes > 0)
      entry(clientId, line.ticket, 'forfeit', -forfeitMinutes, reversalForfeitNote(line.ticket, forfeitMinutes));
    ctx.store.bills.record({
      ticketId: line.ticket,
      at: ctx.now,
      agent: ctx.agent,
      workedSeconds: line.workedSeconds,
      billableMinutes: line.billableMinutes,
      previouslyChargedMinutes: line.previouslyChargedMinutes,
      chargedMinutes: charged,
      waivedMinutes: outcome.waivedMinutes,
      uncoveredMinutes: outcome.uncoveredMinutes,
      ledgerEntryId,
    });
    recordEvent(ctx, line.ticket, 'billed', billDetail(outcome));
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

export function bill(ctx: Ctx, selection: BillSelection, options: { dryRun?: boolean } = {}): BillRun {
  return ctx.store.immediate(() => {
    const all = 'all' in selection;
    const rows = all ? ctx.store.bills.toBill(ctx.now) : namedRows(ctx, [...new Set(selection.tickets)]);
    const planned = plan(ctx, rows, !all);
    if (!options.dryRun) {
      apply(ctx, planned);
      // Each ticket read is settled now (charged + waived + uncovered = billable): nothing left for the next run.
      ctx.store.bills.settle(all ? 'all' : rows.map((r) => r.id));
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
    const [row] = ctx.store.bills.totalsOf([number], ctx.now);
    if (!row) throw notFound('TICKET_NOT_FOUND', `no ticket #${number}`, "see 'alias-support queue --state all'");
    assertClockNotBehind(ctx, row, { at: row.latestEventAt });
    if (row.status !== 'resolved')
      throw conflict(
        'INVALID_TRANSITION',
        `#${number} is ${COLOR[row.status as Status]}: close it with --defect instead`,
      );
    if (row.defect)
      throw conflict(
        'INVALID_TRANSITION',
        `#${number} is already recorded as a software defect`,
        `see 'alias-support fixes list'`,
      );
    // Billed before: settled below, now. Not yet: the next bill run waives it.
    const billed = row.chargedMinutes + row.waivedMinutes + row.uncoveredMinutes !== 0;
    ctx.store.bills.markDefect(row.id, !billed);
    recordEvent(ctx, row.id, 'defect', reason?.trim() || 'software defect found after closing');
    recordFix(ctx, row.id, row.clientId, localDay(row.resolvedAt ?? ctx.now, ctx.tz));
    if (!billed) return null;
    const planned = plan(ctx, [{ ...row, defect: true }], true);
    apply(ctx, planned);
    return planned[0]!.line;
  });
  return { ticket: await ticketView(ctx, number), fix: fixOf(ctx, number)!, bill: line };
}
