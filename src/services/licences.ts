// The licence register. A renewal or a reactivation is a new licence.
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { clients, licences } from '../db/schema.js';
import { addDays, parseDay } from '../rules/calendar.js';
import { isLicensedOn } from '../rules/credit-validity.js';
import { isPlan, licenceEnd, PLANS } from '../rules/licence-term.js';
import { invalidInput } from '../errors.js';
import { requireClient } from './clients.js';
import { today, type Ctx } from './context.js';

export interface LicenceView {
  id: number;
  client: string;
  plan: string;
  startsOn: string;
  endsOn: string;
  /** covers today */
  active: boolean;
}

export function licenceView(row: typeof licences.$inferSelect, clientCode: string, day: string): LicenceView {
  return {
    id: row.id,
    client: clientCode,
    plan: row.plan,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    active: isLicensedOn([row], day),
  };
}

export interface NewLicence {
  client: string;
  plan: string;
  start: string;
  months?: number;
  end?: string;
}

export function addLicence(ctx: Ctx, input: NewLicence): LicenceView {
  if (!isPlan(input.plan)) throw invalidInput(`invalid plan '${input.plan}'`, `one of ${PLANS.join(', ')}`);
  const startsOn = parseDay(input.start, 'start date');
  const endsOn = licenceEnd(input.plan, startsOn, {
    months: input.months,
    endsOn: input.end === undefined ? undefined : parseDay(input.end, 'end date'),
  });
  const plan = input.plan;
  return ctx.store.immediate(() => {
    const client = requireClient(ctx, input.client);
    const row = ctx.store.orm
      .insert(licences)
      .values({ clientId: client.id, plan, startsOn, endsOn, createdAt: ctx.now, createdBy: ctx.agent })
      .returning()
      .get();
    return licenceView(row, client.code, today(ctx));
  });
}

export interface LicenceFilter {
  client?: string;
  /** licences covering today whose last day falls within this many days */
  expiringWithinDays?: number;
}

export function listLicences(ctx: Ctx, filter: LicenceFilter = {}): LicenceView[] {
  const day = today(ctx);
  const conditions = [];
  if (filter.client !== undefined) conditions.push(eq(licences.clientId, requireClient(ctx, filter.client).id));
  if (filter.expiringWithinDays !== undefined) {
    conditions.push(gte(licences.endsOn, day), lte(licences.endsOn, addDays(day, filter.expiringWithinDays)), lte(licences.startsOn, day));
  }
  return ctx.store.orm
    .select({ licence: licences, code: clients.code })
    .from(licences)
    .innerJoin(clients, eq(clients.id, licences.clientId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(licences.endsOn), asc(licences.id))
    .all()
    .map((r) => licenceView(r.licence, r.code, day));
}
