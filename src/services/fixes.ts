// Rule 6: the fix owed for a software defect, by the plan held when the
// ticket was closed (hotfix for all-inclusive, next patch release otherwise),
// and its delivery.
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { clients, fixes, licences, tickets } from '../db/schema.js';
import { conflict, invalidInput, notFound } from '../errors.js';
import { fixDelivery, planHeldOn, type Delivery } from '../rules/billing.js';
import { iso, isoOrNull, type Ctx } from './context.js';

export interface FixView {
  ticket: number;
  client: string;
  plan: string | null;
  delivery: Delivery;
  status: 'pending' | 'delivered';
  version: string | null;
}

type FixRow = typeof fixes.$inferSelect;

/** The SPEC's fix JSON shape, plus when it was recorded and delivered. */
export interface FixDetails extends FixView {
  createdAt: string;
  deliveredAt: string | null;
}

const view = (f: FixRow, client: string): FixDetails => ({
  ticket: f.ticketId,
  client,
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
  const held = ctx.store.orm
    .select({ plan: licences.plan, startsOn: licences.startsOn, endsOn: licences.endsOn })
    .from(licences)
    .where(eq(licences.clientId, clientId))
    .all();
  const plan = planHeldOn(held, day);
  ctx.store.orm
    .insert(fixes)
    .values({ ticketId, clientId, plan, delivery: fixDelivery(plan), status: 'pending', createdAt: ctx.now })
    .onConflictDoNothing({ target: fixes.ticketId })
    .run();
}

function fixesWhere(ctx: Ctx, where: SQL | undefined): FixDetails[] {
  return ctx.store.orm
    .select({ fix: fixes, client: clients.code })
    .from(fixes)
    .innerJoin(clients, eq(clients.id, fixes.clientId))
    .where(where)
    .orderBy(asc(fixes.ticketId))
    .all()
    .map((r) => view(r.fix, r.client));
}

export function listFixes(ctx: Ctx, options: { pending?: boolean } = {}): FixDetails[] {
  return fixesWhere(ctx, options.pending ? eq(fixes.status, 'pending') : undefined);
}

export function fixOf(ctx: Ctx, ticket: number): FixDetails | undefined {
  return fixesWhere(ctx, eq(fixes.ticketId, ticket))[0];
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
      const exists = ctx.store.orm.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticket)).get();
      if (!exists) throw notFound('TICKET_NOT_FOUND', `no ticket #${ticket}`);
      throw notFound('FIX_NOT_FOUND', `#${ticket} owes no fix (it is not a software defect)`, "see 'alias-support fixes list --pending'");
    }
    if (found.status === 'delivered') throw conflict('INVALID_TRANSITION', `the fix for #${ticket} was already delivered in ${found.version}`);
    ctx.store.orm.update(fixes).set({ status: 'delivered', version, deliveredAt: ctx.now }).where(eq(fixes.ticketId, ticket)).run();
    return { ...found, status: 'delivered', version, deliveredAt: iso(ctx.now) };
  });
}

/** A patch release: delivers every pending next-release fix, never a hotfix. */
export function releaseFixes(ctx: Ctx, versionText: string): { version: string; fixes: FixDetails[] } {
  const version = checkVersion(versionText);
  return ctx.store.immediate(() => {
    const due = and(eq(fixes.status, 'pending'), eq(fixes.delivery, 'next-release'));
    const shipped = fixesWhere(ctx, due);
    ctx.store.orm.update(fixes).set({ status: 'delivered', version, deliveredAt: ctx.now }).where(due).run();
    return { version, fixes: shipped.map((f) => ({ ...f, status: 'delivered' as const, version, deliveredAt: iso(ctx.now) })) };
  });
}
