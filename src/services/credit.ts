// A client's credit: the ledger (append-only) read through the validity rule.
import { and, eq, lte, sql } from 'drizzle-orm';
import { ledgerEntries, licences } from '../db/schema.js';
import { invalidInput } from '../errors.js';
import { localDay } from '../rules/calendar.js';
import { creditOn, forfeitDays, validityOn, type CreditState, type LedgerLine, type Term } from '../rules/credit-validity.js';
import { formatMinutes } from '../rules/duration.js';
import { requireClient } from './clients.js';
import { today, type Ctx } from './context.js';

export function termsOf(ctx: Ctx, clientId: number): Term[] {
  return ctx.store.orm
    .select({ startsOn: licences.startsOn, endsOn: licences.endsOn })
    .from(licences)
    .where(eq(licences.clientId, clientId))
    .all();
}

/**
 * Balance and validity of a client today. The ledger is only read entry by
 * entry when a forfeit may be due and unwritten; otherwise one indexed SUM.
 */
export function creditState(ctx: Ctx, clientId: number, day = today(ctx)): CreditState {
  const terms = termsOf(ctx, clientId);
  const { orm } = ctx.store;
  const candidates = forfeitDays(terms).filter((d) => d <= day);
  if (candidates.length > 0) {
    const written = new Set(
      orm
        .select({ reference: ledgerEntries.reference })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.kind, 'forfeit')))
        .all()
        .map((r) => r.reference),
    );
    if (candidates.some((d) => !written.has(d))) return creditOn(terms, ledgerLines(ctx, clientId), day);
  }
  const [row] = orm
    .select({ total: sql<number>`coalesce(sum(${ledgerEntries.minutes}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.clientId, clientId))
    .all();
  return { ...validityOn(terms, day), balanceMinutes: row?.total ?? 0, dueForfeits: [] };
}

export function ledgerLines(ctx: Ctx, clientId: number, untilMs?: number): LedgerLine[] {
  return ctx.store.orm
    .select({ at: ledgerEntries.at, minutes: ledgerEntries.minutes, kind: ledgerEntries.kind, reference: ledgerEntries.reference })
    .from(ledgerEntries)
    .where(untilMs === undefined ? eq(ledgerEntries.clientId, clientId) : and(eq(ledgerEntries.clientId, clientId), lte(ledgerEntries.at, untilMs)))
    .orderBy(ledgerEntries.at, ledgerEntries.id)
    .all()
    .map((e) => ({ day: localDay(e.at, ctx.tz), minutes: e.minutes, kind: e.kind, reference: e.reference }));
}

export interface BalanceView {
  client: string;
  balanceMinutes: number;
  validity: CreditState['validity'];
  validUntil: string | null;
}

export function balance(ctx: Ctx, code: string): BalanceView {
  const client = requireClient(ctx, code);
  const state = creditState(ctx, client.id);
  return { client: client.code, balanceMinutes: state.balanceMinutes, validity: state.validity, validUntil: state.validUntil };
}

export interface AdjustResult extends BalanceView {
  adjustmentMinutes: number;
  reason: string;
}

/** Rule 7: no refund, no transfer; an audited, signed correction with a reason. */
export function adjust(ctx: Ctx, code: string, minutes: number, reason: string): AdjustResult {
  if (minutes === 0) throw invalidInput('an adjustment of 0 minutes changes nothing', 'give a signed duration such as +30m or -1h');
  const why = reason.trim();
  if (!why) throw invalidInput('an adjustment needs a --reason', 'say why, e.g. --reason "import of order W-12 counted twice"');
  return ctx.store.immediate(() => {
    const client = requireClient(ctx, code);
    const before = creditState(ctx, client.id);
    if (before.balanceMinutes + minutes < 0)
      throw invalidInput(
        `${client.code} holds ${formatMinutes(before.balanceMinutes)}: an adjustment of ${formatMinutes(minutes)} would make the balance negative`,
      );
    ctx.store.orm
      .insert(ledgerEntries)
      .values({ clientId: client.id, at: ctx.now, kind: 'adjustment', minutes, note: why, agent: ctx.agent })
      .run();
    const after = creditState(ctx, client.id);
    return {
      client: client.code,
      balanceMinutes: after.balanceMinutes,
      validity: after.validity,
      validUntil: after.validUntil,
      adjustmentMinutes: minutes,
      reason: why,
    };
  });
}
