import { Option, type Command } from 'commander';
import { PLANS } from '../../rules/licence-term.js';
import { act, describe } from '../define.js';
import { positiveInt } from '../runtime.js';

export function registerLicences(program: Command): void {
  const group = program.command('licences').description('the licence register (a renewal or reactivation is a new licence)');

  describe(
    act(
      group
        .command('add')
        .description('record a licence: all-inclusive lasts 4 years; on-demand needs --months or --end')
        .argument('[client]', 'client code')
        .addOption(new Option('--plan <plan>', 'licence plan').choices(PLANS))
        .option('--start <date>', 'first day covered (YYYY-MM-DD)')
        .option('--months <n>', 'on-demand term in months', positiveInt('number of months'))
        .option('--end <date>', 'on-demand last day covered (YYYY-MM-DD)'),
      async (rt, [client]) => {
        const { addLicence } = await import('../../services/licences.js');
        const { PLANS } = await import('../../rules/licence-term.js');
        const { parseDay } = await import('../../rules/calendar.js');
        const { today } = await import('../../services/context.js');
        const { askChoice, askText } = await import('../prompts.js');
        const ctx = await rt.ctx();
        const plan = await rt.need(rt.opts.plan as string | undefined, '--plan all-inclusive|on-demand', () =>
          askChoice('Plan:', PLANS.map((p) => ({ value: p, name: p }))),
        );
        const input = {
          client: await rt.need(client as string | undefined, 'CLIENT (the client code argument)', () => askText('Client code:')),
          plan,
          start: await rt.need(rt.opts.start as string | undefined, '--start YYYY-MM-DD', () =>
            askText('First day covered (YYYY-MM-DD):', (v) => parseDay(v), today(ctx)),
          ),
          months: rt.opts.months as number | undefined,
          end: rt.opts.end as string | undefined,
        };
        // On-demand needs a term; a person is asked for it in months (or passes --end).
        if (plan === 'on-demand' && input.months === undefined && input.end === undefined && rt.interactive)
          input.months = Number(await askText('Term in months:', positiveInt('number of months')));
        const licence = addLicence(ctx, input);
        await rt.emit({ licence }, (r) => `Licence #${r.licence.id} (${r.licence.plan}) for ${r.licence.client}: ${r.licence.startsOn} → ${r.licence.endsOn}`);
      },
    ),
    {
      mutates: true,
      examples: [
        'licences add C042 --plan all-inclusive --start 2025-01-15',
        'licences add C043 --plan on-demand --start 2026-01-01 --months 12',
        'licences add C043    # at a terminal: asks the plan, the start and the term',
      ],
      errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT'],
      prompts: true,
    },
  );

  describe(
    act(
      group
        .command('list')
        .description('licences, soonest end first')
        .option('--client <code>', 'only this client')
        .option('--expiring-within <days>', 'running licences ending within this many days', positiveInt('number of days')),
      async (rt) => {
        const { listLicences } = await import('../../services/licences.js');
        const { licencesTable } = await import('../../render/clients.js');
        const filter = { client: rt.opts.client as string | undefined, expiringWithinDays: rt.opts.expiringWithin as number | undefined };
        const licences = listLicences(await rt.ctx(), filter);
        const empty =
          filter.expiringWithinDays !== undefined
            ? `No running licence ends within ${filter.expiringWithinDays} days.`
            : filter.client !== undefined
              ? `No licence for ${filter.client}: record one with 'alias-support licences add ${filter.client} --plan … --start …'.`
              : "No licences yet: record one with 'alias-support licences add CLIENT --plan … --start …'.";
        await rt.emit({ licences }, (r, c) => licencesTable(r.licences, c, empty));
      },
    ),
    { mutates: false, examples: ['licences list --client C042', 'licences list --expiring-within 30 --json'], errors: ['CLIENT_NOT_FOUND'] },
  );

  describe(
    act(
      group
        .command('expire')
        .description('the nightly cron job: reports licences that ended, writes each forfeit due (24 months after expiry) once')
        .option('--as-of <date>', 'run as of this day (default: today); a day after today only with --dry-run')
        .option('--dry-run', 'report what would be written, writing nothing'),
      async (rt) => {
        const { expireLicences } = await import('../../services/licence-expiry.js');
        const { expiryReport } = await import('../../render/credit.js');
        const result = expireLicences(await rt.ctx(), { asOf: rt.opts.asOf as string | undefined, dryRun: Boolean(rt.opts.dryRun) });
        await rt.emit(result, (r, c) => expiryReport(r, c));
      },
    ),
    {
      mutates: true,
      examples: ['licences expire', 'licences expire --dry-run --as-of 2026-12-31', 'licences expire --json    # from cron'],
      errors: ['INVALID_INPUT'],
    },
  );
}
