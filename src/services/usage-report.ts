// `report usage`: resolved tickets' worked time and what their bills made of it
// (charged, waived, uncovered), by client, agent or month. A ticket belongs to
// the period in which it was resolved (its resolution day in the business time
// zone); its figures are its totals so far. Per agent, each ticket's figures are
// shared among the agents who worked on it in proportion to their own time
// entries, so agent rows add up to the same totals as client rows.
import { invalidInput } from '../errors.js';
import { apportion } from '../rules/billing.js';
import { addDays, dayStartInstant, localDay, parseDay } from '../rules/calendar.js';
import { billableMinutes, workedSeconds } from '../rules/slices.js';
import type { ResolvedPeriod } from '../store/bills.js';
import type { Ctx } from './context.js';

export const USAGE_BY = ['client', 'agent', 'month'] as const;
export type UsageBy = (typeof USAGE_BY)[number];

export interface UsageFigures {
  tickets: number;
  workedSeconds: number;
  billableMinutes: number;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
}

export interface UsageRow extends UsageFigures {
  key: string;
}

export interface UsageReport {
  by: UsageBy;
  /** the period asked for (resolution days, inclusive); null when open */
  from: string | null;
  to: string | null;
  rows: UsageRow[];
  totals: UsageFigures;
}

export interface UsageOptions {
  from?: string;
  to?: string;
  by?: UsageBy;
}

/** The figures shared among agents (a ticket counts once for each agent). */
const SHARED = ['workedSeconds', 'billableMinutes', 'chargedMinutes', 'waivedMinutes', 'uncoveredMinutes'] as const;

const zero = (): UsageFigures => ({
  tickets: 0,
  workedSeconds: 0,
  billableMinutes: 0,
  chargedMinutes: 0,
  waivedMinutes: 0,
  uncoveredMinutes: 0,
});

function addTo(into: UsageFigures, f: UsageFigures): void {
  into.tickets += f.tickets;
  for (const k of SHARED) into[k] += f[k];
}

/** Each agent's own milliseconds on each selected ticket, agents in name order. */
function agentTime(ctx: Ctx, period: ResolvedPeriod): Map<number, { agent: string; ms: number }[]> {
  const byTicket = new Map<number, { agent: string; ms: number }[]>();
  for (const r of ctx.store.bills.agentTime(period, ctx.now)) {
    const list = byTicket.get(r.ticketId) ?? [];
    list.push({ agent: r.agent, ms: Math.max(0, r.ms) });
    byTicket.set(r.ticketId, list);
  }
  return byTicket;
}

export function usageReport(ctx: Ctx, options: UsageOptions = {}): UsageReport {
  const by = options.by ?? 'client';
  const from = options.from === undefined ? null : parseDay(options.from, '--from');
  const to = options.to === undefined ? null : parseDay(options.to, '--to');
  if (from !== null && to !== null && from > to) throw invalidInput(`--from ${from} is after --to ${to}`);
  const period: ResolvedPeriod = {
    from: from === null ? undefined : dayStartInstant(from, ctx.tz),
    to: to === null ? undefined : dayStartInstant(addDays(to, 1), ctx.tz),
  };

  const rows = new Map<string, UsageFigures>();
  const add = (key: string, f: UsageFigures): void => {
    let row = rows.get(key);
    if (!row) rows.set(key, (row = zero()));
    addTo(row, f);
  };
  const totals = zero();
  const agents = by === 'agent' ? agentTime(ctx, period) : undefined;
  for (const t of ctx.store.bills.resolved(period, ctx.now)) {
    const seconds = workedSeconds(t.workedMs);
    const figures: UsageFigures = {
      tickets: 1,
      workedSeconds: seconds,
      billableMinutes: billableMinutes(seconds),
      chargedMinutes: t.chargedMinutes,
      waivedMinutes: t.waivedMinutes,
      uncoveredMinutes: t.uncoveredMinutes,
    };
    addTo(totals, figures);
    if (by === 'client') add(t.client, figures);
    else if (by === 'month') add(localDay(t.resolvedAt!, ctx.tz).slice(0, 7), figures);
    else {
      const shares = agents!.get(t.id) ?? [];
      const split = SHARED.map((k) =>
        apportion(
          figures[k],
          shares.map((s) => s.ms),
        ),
      );
      shares.forEach((s, i) => {
        const part = { ...zero(), tickets: 1 };
        SHARED.forEach((k, j) => (part[k] = split[j]![i]!));
        add(s.agent, part);
      });
    }
  }
  const sorted = [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, f]) => ({ key, ...f }));
  return { by, from, to, rows: sorted, totals };
}
