// docs/terms.md §6: the fix owed for a software defect, by the plan held when the
// ticket was closed (hotfix for all-inclusive, next patch release otherwise),
// and its delivery.
import { conflict, invalidInput, notFound } from '../errors.js';
import { fixDelivery, planHeldOn, type Delivery } from '../rules/billing.js';
import { iso, isoOrNull, type Ctx } from './context.js';
import type { FixRow } from '../store/fixes.js';

export interface FixView {
  ticket: number;
  client: string;
  plan: string | null;
  delivery: Delivery;
  status: 'pending' | 'delivered';
  version: string | null;
}

/** The fix's JSON shape, plus when it was recorded and delivered. */
export interface FixDetails extends FixView {
  createdAt: string;
  deliveredAt: string | null;
}

const view = (f: FixRow): FixDetails => ({
  ticket: f.ticketId,
  client: f.client,
  plan: f.plan,
  delivery: f.delivery as Delivery,
  status: f.status as FixView['status'],
  version: f.version,
  createdAt: iso(f.createdAt),
  deliveredAt: isoOrNull(f.deliveredAt),
});

/**
 * Records the fix a defect ticket is owed, by the plan held on `day` (the day
 * the ticket was closed). A ticket owes one fix: a defect confirmed again after
 * a reopen keeps the fix already recorded.
 */
export function recordFix(ctx: Ctx, ticketId: number, clientId: number, day: string): void {
  const plan = planHeldOn(ctx.store.clients.licencesOf(clientId), day);
  ctx.store.fixes.record({ ticketId, clientId, plan, delivery: fixDelivery(plan), at: ctx.now });
}

export function listFixes(ctx: Ctx, options: { pending?: boolean } = {}): FixDetails[] {
  return ctx.store.fixes.list({ pending: options.pending ?? false }).map(view);
}

export function fixOf(ctx: Ctx, ticket: number): FixDetails | undefined {
  const row = ctx.store.fixes.ofTicket(ticket);
  return row && view(row);
}

/** A version as release tooling writes it: 4.2.1, 2026.11-hotfix2, v5… */
function checkVersion(text: string): string {
  const version = text.trim();
  if (!/^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/.test(version))
    throw invalidInput(`invalid version '${text}'`, 'letters, digits, dot, dash, plus or underscore, e.g. 4.2.1');
  return version;
}

/** Delivers the fix of one ticket (a hotfix, or a next-release fix shipped early). */
export function deliverFix(ctx: Ctx, ticket: number, versionText: string): FixDetails {
  const version = checkVersion(versionText);
  return ctx.store.immediate(() => {
    const found = fixOf(ctx, ticket);
    if (!found) {
      if (!ctx.store.tickets.ticket(ticket)) throw notFound('TICKET_NOT_FOUND', `no ticket #${ticket}`);
      throw notFound(
        'FIX_NOT_FOUND',
        `#${ticket} owes no fix (it is not a software defect)`,
        "see 'alias-support fixes list --pending'",
      );
    }
    if (found.status === 'delivered')
      throw conflict('INVALID_TRANSITION', `the fix for #${ticket} was already delivered in ${found.version}`);
    ctx.store.fixes.deliver(ticket, version, ctx.now);
    return { ...found, status: 'delivered', version, deliveredAt: iso(ctx.now) };
  });
}

/** A patch release: delivers every pending next-release fix, never a hotfix. */
export function releaseFixes(ctx: Ctx, versionText: string): { version: string; fixes: FixDetails[] } {
  const version = checkVersion(versionText);
  return ctx.store.immediate(() => {
    const shipped = ctx.store.fixes.dueAtRelease().map(view);
    ctx.store.fixes.release(version, ctx.now);
    return {
      version,
      fixes: shipped.map((f) => ({ ...f, status: 'delivered' as const, version, deliveredAt: iso(ctx.now) })),
    };
  });
}
