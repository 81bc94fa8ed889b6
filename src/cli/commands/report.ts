// `report usage`: minutes worked, charged, waived and uncovered.
import { Option, type Command } from 'commander';
import { act, describe } from '../define.js';

export function registerReport(program: Command): void {
  const group = program.command('report').description('reports for supervisors');

  describe(
    act(
      group
        .command('usage')
        .description('resolved tickets: worked time, billable, charged, waived and uncovered minutes')
        .option('--from <date>', 'first resolution day (YYYY-MM-DD)')
        .option('--to <date>', 'last resolution day (YYYY-MM-DD)')
        .addOption(new Option('--by <what>', 'one row per').choices(['client', 'agent', 'month']).default('client'))
        .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table')),
      async (rt) => {
        const { usageReport } = await import('../../services/usage-report.js');
        const report = usageReport(await rt.ctx(), {
          from: rt.opts.from as string | undefined,
          to: rt.opts.to as string | undefined,
          by: rt.opts.by as 'client' | 'agent' | 'month',
        });
        if (rt.json || rt.opts.format === 'json') return rt.printJson(report);
        if (rt.opts.format === 'csv') {
          const { usageCsv } = await import('../../render/report.js');
          return rt.print(usageCsv(report));
        }
        const { usageTable } = await import('../../render/report.js');
        rt.print(usageTable(report, await rt.chalk()));
      },
    ),
    {
      mutates: false,
      examples: ['report usage --from 2026-11-01 --to 2026-11-30', 'report usage --by agent', 'report usage --by month --format csv > usage.csv'],
      errors: ['INVALID_INPUT'],
    },
  );
}
