// The licence register. A renewal or a reactivation is a new licence.
import type { licences } from '../db/schema.js';
import { addDays, parseDay } from '../rules/calendar.js';
import { isLicensedOn } from '../rules/credit-validity.js';
import { isPlan, licenceEnd, PLANS } from '../rules/licence-term.js';
import { invalidInput } from '../errors.js';
import { requireClient } from './client-lookup.js';
import { today, type Ctx } from './context.js';
import { licenceSql } from './sql/licences.js';

export type LicenceRow = typeof licences.$inferSelect;

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
    const { lastInsertRowid } = licenceSql(ctx.store.sqlite).add.run(row.clientId, plan, startsOn, endsOn, row.createdAt, row.createdBy);
    return licenceView({ id: Number(lastInsertRowid), ...row }, client.code, today(ctx));
  });
}

export interface LicenceFilter {
  client?: string;
  /** licences covering today whose last day falls within this many days */
  expiringWithinDays?: number;
}

export function listLicences(ctx: Ctx, filter: LicenceFilter = {}): LicenceView[] {
  const day = today(ctx);
  const q = licenceSql(ctx.store.sqlite);
  const clientId = filter.client === undefined ? undefined : requireClient(ctx, filter.client).id;
  // Covering today and ending within the days given.
  const expiring = filter.expiringWithinDays === undefined ? undefined : [day, addDays(day, filter.expiringWithinDays), day];
  const rows = (
    expiring
      ? clientId === undefined
        ? q.expiring.all(...expiring)
        : q.expiringOfClient.all(clientId, ...expiring)
      : clientId === undefined
        ? q.list.all()
        : q.listOfClient.all(clientId)
  ) as (LicenceRow & { code: string })[];
  return rows.map((r) => licenceView(r, r.code, day));
}
