// The licence register (declared in ../commands/licences.ts).
import { PLANS } from '../choices.js';
import type * as declared from '../commands/licences.js';
import { positiveInt, type InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function add(input: InputOf<typeof declared.add>, rt: Runtime): Promise<void> {
  const { addLicence } = await import('../../services/licences.js');
  const { parseDay } = await import('../../rules/calendar.js');
  const { today } = await import('../../services/context.js');
  const { askChoice, askText } = await import('../prompts.js');
  const ctx = await rt.ctx();
  const plan = await rt.need(input.plan, '--plan all-inclusive|on-demand', () =>
    askChoice(
      'Plan:',
      PLANS.map((p) => ({ value: p, name: p })),
    ),
  );
  const licence = {
    client: await rt.need(input.client, 'CLIENT (the client code argument)', () => askText('Client code:')),
    plan,
    start: await rt.need(input.start, '--start YYYY-MM-DD', () =>
      askText('First day covered (YYYY-MM-DD):', (v) => parseDay(v), today(ctx)),
    ),
    months: input.months,
    end: input.end,
  };
  const monthsOf = positiveInt('number of months');
  // On-demand needs a term; a person is asked for it in months (or passes --end).
  if (plan === 'on-demand' && licence.months === undefined && licence.end === undefined && rt.interactive)
    licence.months = monthsOf(await askText('Term in months:', monthsOf));
  const added = addLicence(ctx, licence);
  await rt.emit(
    { licence: added },
    (r) =>
      `Licence #${r.licence.id} (${r.licence.plan}) for ${r.licence.client}: ${r.licence.startsOn} → ${r.licence.endsOn}`,
  );
}

export async function list(input: InputOf<typeof declared.list>, rt: Runtime): Promise<void> {
  const { listLicences } = await import('../../services/licences.js');
  const { licencesTable } = await import('../../render/clients.js');
  const filter = { client: input.client, expiringWithinDays: input.expiringWithin };
  const licences = listLicences(await rt.ctx(), filter);
  const empty =
    filter.expiringWithinDays !== undefined
      ? `No running licence ends within ${filter.expiringWithinDays} days.`
      : filter.client !== undefined
        ? `No licence for ${filter.client}: record one with 'alias-support licences add ${filter.client} --plan … --start …'.`
        : "No licences yet: record one with 'alias-support licences add CLIENT --plan … --start …'.";
  await rt.emit({ licences }, (r, c) => licencesTable(r.licences, c, empty));
}

export async function expire(input: InputOf<typeof declared.expire>, rt: Runtime): Promise<void> {
  const { expireLicences } = await import('../../services/licence-expiry.js');
  const { expiryReport } = await import('../../render/credit.js');
  const result = expireLicences(await rt.ctx(), { asOf: input.asOf, dryRun: Boolean(input.dryRun) });
  await rt.emit(result, (r, c) => expiryReport(r, c));
}
