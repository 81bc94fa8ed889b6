// A client's credit: the ledger (append-only) read through the validity rule.
import { conflict, invalidInput } from '../errors.js';
import { addDays, localDay } from '../rules/calendar.js';
import {
  creditOn,
  forfeitDays,
  validityOn,
  type CreditState,
  type LedgerLine,
  type Term,
} from '../rules/credit-validity.js';
import { formatMinutes } from '../rules/duration.js';
import { requireClient } from './client-lookup.js';
import { iso, today, type Ctx } from './context.js';
import type { TermRow } from '../store/clients.js';

/** A licence as the validity rule reads it: its dates, and the business day it was recorded. */
export function termOf(ctx: Ctx, row: TermRow): Term {
  return { startsOn: row.startsOn, endsOn: row.endsOn, recordedOn: localDay(row.createdAt, ctx.tz) };
}

export function termsOf(ctx: Ctx, clientId: number): Term[] {
  return ctx.store.clients.termsOf(clientId).map((row) => termOf(ctx, row));
}

/**
 * The state from what is known of a client: the ledger is only read entry by
 * entry when a forfeit may be due and unwritten; otherwise its total is enough.
 */
function stateFrom(
  ctx: Ctx,
  clientId: number,
  day: string,
  terms: Term[],
  written: () => ReadonlySet<string>,
  total: () => number,
  forfeits: readonly string[] = forfeitDays(terms),
): CreditState {
  const candidates = forfeits.filter((d) => d <= day);
  if (candidates.length > 0) {
    const done = written();
    if (candidates.some((d) => !done.has(d))) return creditOn(terms, ledgerLines(ctx, clientId), day);
  }
  return { ...validityOn(terms, day), balanceMinutes: total(), dueForfeits: [] };
}

/**
 * Balance and validity of a client today (or on `day`): the balance kept per client on the fast path; `terms`
 * when already read, and their forfeitDays when already computed.
 */
export function creditState(
  ctx: Ctx,
  clientId: number,
  day = today(ctx),
  terms = termsOf(ctx, clientId),
  forfeits: readonly string[] = forfeitDays(terms),
): CreditState {
  const { ledger } = ctx.store;
  return stateFrom(
    ctx,
    clientId,
    day,
    terms,
    () => new Set(ledger.forfeitDaysWritten(clientId)),
    () => ledger.balance(clientId),
    forfeits,
  );
}

export interface ClientCredit extends CreditState {
  clientId: number;
  code: string;
  name: string;
  terms: Term[];
}

/** Every client's credit on `day`, from three grouped reads instead of queries per client. */
export function creditStates(ctx: Ctx, day = today(ctx)): ClientCredit[] {
  const terms = ctx.store.clients.allTerms();
  const written = ctx.store.ledger.allForfeitDaysWritten();
  const totals = ctx.store.ledger.balances();
  return ctx.store.clients.all().map((c) => {
    const own = (terms.get(c.id) ?? []).map((row) => termOf(ctx, row));
    const state = stateFrom(
      ctx,
      c.id,
      day,
      own,
      () => new Set(written.get(c.id)),
      () => totals.get(c.id) ?? 0,
    );
    return { ...state, clientId: c.id, code: c.code, name: c.name, terms: own };
  });
}

export function ledgerLines(ctx: Ctx, clientId: number, untilMs?: number): LedgerLine[] {
  return ctx.store.ledger
    .entries(clientId, untilMs)
    .map((e) => ({ day: localDay(e.at, ctx.tz), minutes: e.minutes, kind: e.kind, reference: e.reference }));
}

/**
 * No ledger entry is dated before the entries it depends on: a charge, a
 * charge given back or a correction depends on the balance, so on every entry
 * of the client. A clock set back is refused.
 */
export function assertLedgerNotBehind(ctx: Ctx, clientId: number): void {
  const latest = ctx.store.ledger.latestAt(clientId);
  if (latest !== undefined && ctx.now < latest)
    throw conflict(
      'CLOCK_BEHIND',
      `the credit cannot change at ${iso(ctx.now)}: the client's latest ledger entry is at ${iso(latest)}, later`,
      'the clock is behind the ledger: check the system clock or ALIAS_SUPPORT_NOW',
    );
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
  return {
    client: client.code,
    balanceMinutes: state.balanceMinutes,
    validity: state.validity,
    validUntil: state.validUntil,
  };
}

export interface AdjustResult extends BalanceView {
  adjustmentMinutes: number;
  reason: string;
}

/** docs/terms.md §7: no refund, no transfer; an audited, signed correction with a reason. */
export function adjust(ctx: Ctx, code: string, minutes: number, reason: string): AdjustResult {
  if (minutes === 0)
    throw invalidInput('an adjustment of 0 minutes changes nothing', 'give a signed duration such as +30m or -1h');
  const why = reason.trim();
  if (!why)
    throw invalidInput('an adjustment needs a --reason', 'say why, e.g. --reason "import of order W-12 counted twice"');
  return ctx.store.immediate(() => {
    const client = requireClient(ctx, code);
    // Dated before a later entry, a correction would change balances already shown (and a credit slipped before a forfeit day would escape it).
    assertLedgerNotBehind(ctx, client.id);
    const before = creditState(ctx, client.id);
    if (before.balanceMinutes + minutes < 0)
      throw invalidInput(
        `${client.code} holds ${formatMinutes(before.balanceMinutes)}: an adjustment of ${formatMinutes(minutes)} would make the balance negative`,
      );
    ctx.store.ledger.append({
      clientId: client.id,
      at: ctx.now,
      kind: 'adjustment',
      minutes,
      reference: null,
      ticketId: null,
      note: why,
      agent: ctx.agent,
    });
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

export interface CreditListing {
  client: string;
  name: string;
  balanceMinutes: number;
  validity: CreditState['validity'];
  validUntil: string | null;
  /** the next day a forfeit takes the credit unless a licence is recorded in time (null: none ahead) */
  forfeitsOn: string | null;
}

export interface CreditFilter {
  /** only balances strictly below this many minutes */
  belowMinutes?: number;
  /** only credit (> 0) that a forfeit takes within this many days */
  forfeitWithinDays?: number;
}

/** Balances of all clients: those running low, those whose credit lapses soon. */
export function listCredits(ctx: Ctx, filter: CreditFilter = {}): { asOf: string; clients: CreditListing[] } {
  const day = today(ctx);
  const horizon = filter.forfeitWithinDays === undefined ? undefined : addDays(day, filter.forfeitWithinDays);
  const rows = creditStates(ctx, day)
    .map((c) => ({
      client: c.code,
      name: c.name,
      balanceMinutes: c.balanceMinutes,
      validity: c.validity,
      validUntil: c.validUntil,
      forfeitsOn: forfeitDays(c.terms).find((d) => d > day) ?? null,
    }))
    .filter(
      (c) =>
        (filter.belowMinutes === undefined || c.balanceMinutes < filter.belowMinutes) &&
        (horizon === undefined || (c.balanceMinutes > 0 && c.forfeitsOn !== null && c.forfeitsOn <= horizon)),
    );
  return { asOf: day, clients: rows };
}
