// The licence register. A renewal or a reactivation is a new licence.
import { addDays, parseDay } from '../rules/calendar.js';
import { isLicensedOn } from '../rules/credit-validity.js';
import { isPlan, licenceEnd, PLANS } from '../rules/licence-term.js';
import { invalidInput } from '../errors.js';
import { requireClient } from './client-lookup.js';
import type { LicenceRow } from '../store/clients.js';
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

export function licenceView(row: LicenceRow, clientCode: string, day: string): LicenceView {
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
    const row = { clientId: client.id, plan, startsOn, endsOn, createdAt: ctx.now, createdBy: ctx.agent };
    return licenceView({ id: ctx.store.clients.addLicence(row), ...row }, client.code, today(ctx));
  });
}

export interface LicenceFilter {
  client?: string;
  /** licences covering today whose last day falls within this many days */
  expiringWithinDays?: number;
}

export function listLicences(ctx: Ctx, filter: LicenceFilter = {}): LicenceView[] {
  const day = today(ctx);
  const clientId = filter.client === undefined ? undefined : requireClient(ctx, filter.client).id;
  // Covering today and ending within the days given.
  const expiring =
    filter.expiringWithinDays === undefined ? undefined : { from: day, to: addDays(day, filter.expiringWithinDays) };
  return ctx.store.clients.licences(clientId, expiring).map((r) => licenceView(r, r.code, day));
}
