import { Option, type Command } from 'commander';
import { act, describe } from '../define.js';
import { positiveInt } from '../runtime.js';

/** Below this size a file imports in a blink: no progress bar. */
const PROGRESS_MIN_BYTES = 1024 * 1024;

export function registerCredits(program: Command): void {
  const group = program.command('credits').description('prepaid assistance credit (minutes)');

  describe(
    act(group.command('balance').description('balance with its validity').argument('<client>', 'client code'), async (rt, [client]) => {
      const { balance } = await import('../../services/credit.js');
      const { balanceLine } = await import('../../render/clients.js');
      const result = balance(await rt.ctx(), client as string);
      await rt.emit(result, (r, c) => balanceLine(r, c));
    }),
    { mutates: false, examples: ['credits balance C042', 'credits balance C042 --json'], errors: ['CLIENT_NOT_FOUND'] },
  );

  describe(
    act(
      group
        .command('adjust')
        .description('audited correction of a balance (never a refund or a transfer)')
        .argument('<client>', 'client code')
        .argument('<duration>', 'signed duration, e.g. +30m or -1h')
        .option('--reason <text>', 'why (recorded in the ledger)')
        .option('--yes', 'do not ask for confirmation at a terminal')
        .allowExcessArguments(false),
      async (rt, [client, duration]) => {
        const { formatMinutes, parseDuration } = await import('../../rules/duration.js');
        const { adjust, balance } = await import('../../services/credit.js');
        const { balanceLine } = await import('../../render/clients.js');
        const { askText } = await import('../prompts.js');
        const minutes = parseDuration(duration as string, { signed: true });
        const reason = await rt.need(rt.opts.reason as string | undefined, '--reason <text>', () => askText('Reason (recorded in the ledger):'));
        const ctx = await rt.ctx();
        await rt.confirm(() => {
          const before = balance(ctx, client as string).balanceMinutes;
          const change = `${minutes > 0 ? '+' : ''}${formatMinutes(minutes)}`;
          return `Adjust ${client as string} by ${change}: balance ${formatMinutes(before)} → ${formatMinutes(before + minutes)}, reason “${reason}”.`;
        }, 'Record this adjustment?');
        const result = adjust(ctx, client as string, minutes, reason);
        await rt.emit(result, (r, c) => `Adjusted ${r.client} by ${r.adjustmentMinutes > 0 ? '+' : ''}${formatMinutes(r.adjustmentMinutes)} — ${balanceLine(r, c)}`);
      },
    ),
    {
      mutates: true,
      examples: [
        'credits adjust C042 +30m --reason "order W-12 imported without its second unit"',
        'credits adjust C042 -1h --reason "duplicate import"',
        'credits adjust C042 +30m --reason "order W-12" --yes',
      ],
      errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT', 'CLOCK_BEHIND'],
      prompts: true,
    },
  );

  describe(
    act(
      group
        .command('import')
        .description('import shop purchases (AST01/AST02/AST05): every line checked first, then all of them or none')
        .argument('<file>', "the shop's export (CSV with a header row, or JSON), or - for stdin")
        .addOption(new Option('--format <format>', 'file format (default: json for a .json file, else csv)').choices(['csv', 'json']))
        .option('--dry-run', 'check the file and report what would be imported, writing nothing'),
      async (rt, [file]) => {
        const { importPurchases, openImportSource } = await import('../../services/credit-import.js');
        const render = await import('../../render/credit.js');
        const { invalidInput } = await import('../../errors.js');
        const source = openImportSource(file as string, rt.opts.format as string | undefined);
        const ctx = await rt.ctx();
        const large = source.size !== undefined && source.size >= PROGRESS_MIN_BYTES;
        const bar = large && !rt.json && process.stderr.isTTY ? await render.importProgressBar(source.size!) : undefined;
        let result;
        try {
          result = await importPurchases(ctx, source, { dryRun: Boolean(rt.opts.dryRun), onProgress: bar && ((p) => bar.update(p)) });
        } finally {
          bar?.stop();
        }
        if (result.errors.length > 0) {
          // The result document (with every error) still goes to stdout with --json; the exit status says it failed.
          if (rt.json) rt.printJson(result);
          else rt.output.err(`${render.importErrorLines(result.errors)}\n`);
          const n = result.errors.length;
          throw invalidInput(`${n} error${n === 1 ? '' : 's'} in ${file === '-' ? 'the input' : String(file)}: nothing was imported`, 'correct the lines listed and import the file again');
        }
        await rt.emit(result, (r, c) => render.importSummary(r, c));
      },
    ),
    {
      mutates: true,
      examples: ['credits import shop-orders.csv', 'credits import shop-orders.csv --dry-run', 'credits import - --format json --json < orders.json'],
      errors: ['INVALID_INPUT'],
    },
  );

  describe(
    act(
      group
        .command('statement')
        .description('the ledger of a client with its running balance (forfeits due but not yet written are marked due)')
        .argument('<client>', 'client code')
        .option('--from <date>', 'first day (YYYY-MM-DD)')
        .option('--to <date>', 'last day (YYYY-MM-DD)')
        .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table')),
      async (rt, [client]) => {
        const { statement } = await import('../../services/credit-statement.js');
        const render = await import('../../render/credit.js');
        const ctx = await rt.ctx();
        const result = statement(ctx, client as string, { from: rt.opts.from as string | undefined, to: rt.opts.to as string | undefined });
        if (!rt.json && rt.opts.format === 'csv') rt.print(render.statementCsv(result));
        else if (rt.opts.format === 'json') rt.printJson(result);
        else await rt.emit(result, (r, c) => render.statementTable(r, c, ctx.tz));
      },
    ),
    {
      mutates: false,
      examples: ['credits statement C042', 'credits statement C042 --from 2026-01-01 --to 2026-06-30', 'credits statement C042 --format csv > C042.csv'],
      errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT'],
    },
  );

  describe(
    act(
      group
        .command('list')
        .description("every client's balance and validity; those running low; those whose credit lapses soon")
        .option('--below <duration>', 'only balances below this duration (e.g. 1h)')
        .option('--forfeit-within <days>', 'only credit that a forfeit takes within this many days', positiveInt('number of days')),
      async (rt) => {
        const { listCredits } = await import('../../services/credit.js');
        const { parseDuration } = await import('../../rules/duration.js');
        const { creditsTable } = await import('../../render/credit.js');
        const below = rt.opts.below === undefined ? undefined : parseDuration(rt.opts.below as string);
        const forfeitWithin = rt.opts.forfeitWithin as number | undefined;
        const result = listCredits(await rt.ctx(), { belowMinutes: below, forfeitWithinDays: forfeitWithin });
        const filters = [below === undefined ? '' : `balance below ${rt.opts.below as string}`, forfeitWithin === undefined ? '' : `forfeit within ${forfeitWithin} days`];
        const empty = filters.some(Boolean)
          ? `No client matches (${filters.filter(Boolean).join(', ')}).`
          : "No clients yet (add one with 'alias-support clients add CODE --name NAME').";
        await rt.emit(result, (r, c) => creditsTable(r, c, empty));
      },
    ),
    { mutates: false, examples: ['credits list', 'credits list --below 1h', 'credits list --forfeit-within 60 --json'], errors: ['INVALID_INPUT'] },
  );
}
