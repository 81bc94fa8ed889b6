import { Option, type Command } from 'commander';
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
        .addOption(new Option('--plan <plan>', 'licence plan').choices(['all-inclusive', 'on-demand']))
        .option('--start <date>', 'first day covered (YYYY-MM-DD)')
        .option('--months <n>', 'on-demand term in months', positiveInt('number of months'))
        .option('--end <date>', 'on-demand last day covered (YYYY-MM-DD)'),
      async (rt, [client]) => {
        const { addLicence } = await import('../../services/licences.js');
        const ctx = await rt.ctx();
        const licence = addLicence(ctx, {
          client: await rt.need(client as string | undefined, 'CLIENT (the client code argument)'),
          plan: await rt.need(rt.opts.plan as string | undefined, '--plan all-inclusive|on-demand'),
          start: await rt.need(rt.opts.start as string | undefined, '--start YYYY-MM-DD'),
          months: rt.opts.months as number | undefined,
          end: rt.opts.end as string | undefined,
        });
        await rt.emit({ licence }, (r) => `Licence #${r.licence.id} (${r.licence.plan}) for ${r.licence.client}: ${r.licence.startsOn} → ${r.licence.endsOn}`);
      },
    ),
    {
      mutates: true,
      examples: ['licences add C042 --plan all-inclusive --start 2025-01-15', 'licences add C043 --plan on-demand --start 2026-01-01 --months 12'],
      errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT'],
    },
  );

  describe(
    act(
      group
        .command('list')
        .description('licences, soonest end first')
        .option('--client <code>', 'only this client')
        .option('--expiring-within <days>', 'running licences ending within this many days', (v) => positiveInt('number of days')(v)),
      async (rt) => {
        const { listLicences } = await import('../../services/licences.js');
        const { licencesTable } = await import('../../render/clients.js');
        const licences = listLicences(await rt.ctx(), {
          client: rt.opts.client as string | undefined,
          expiringWithinDays: rt.opts.expiringWithin as number | undefined,
        });
        await rt.emit({ licences }, (r, c) => licencesTable(r.licences, c));
      },
    ),
    { mutates: false, examples: ['licences list --client C042', 'licences list --expiring-within 30 --json'], errors: ['CLIENT_NOT_FOUND'] },
  );
}
