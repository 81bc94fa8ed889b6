// Prepaid assistance credit (declared in ../commands/credits.ts).
import { invalidInput } from '../../errors.js';
import type * as declared from '../commands/credits.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

/** Below this size a file imports in a blink: no progress bar. */
const PROGRESS_MIN_BYTES = 1024 * 1024;

export async function balance(input: InputOf<typeof declared.balance>, rt: Runtime): Promise<void> {
  const { balance } = await import('../../services/credit.js');
  const { balanceLine } = await import('../../render/clients.js');
  const result = balance(await rt.ctx(), input.client);
  await rt.emit(result, (r, c) => balanceLine(r, c));
}

export async function adjust(input: InputOf<typeof declared.adjust>, rt: Runtime): Promise<void> {
  const { formatMinutes, parseDuration } = await import('../../rules/duration.js');
  const { adjust, balance } = await import('../../services/credit.js');
  const { balanceLine } = await import('../../render/clients.js');
  const { askText } = await import('../prompts.js');
  const { client } = input;
  const minutes = parseDuration(input.duration, { signed: true });
  const reason = await rt.need(input.reason, '--reason <text>', () => askText('Reason (recorded in the ledger):'));
  const ctx = await rt.ctx();
  await rt.confirm(
    input.yes,
    () => {
      const before = balance(ctx, client).balanceMinutes;
      const change = `${minutes > 0 ? '+' : ''}${formatMinutes(minutes)}`;
      return `Adjust ${client} by ${change}: balance ${formatMinutes(before)} → ${formatMinutes(before + minutes)}, reason “${reason}”.`;
    },
    'Record this adjustment?',
  );
  const result = adjust(ctx, client, minutes, reason);
  await rt.emit(
    result,
    (r, c) =>
      `Adjusted ${r.client} by ${r.adjustmentMinutes > 0 ? '+' : ''}${formatMinutes(r.adjustmentMinutes)} — ${balanceLine(r, c)}`,
  );
}

export async function importPurchases(input: InputOf<typeof declared.importPurchases>, rt: Runtime): Promise<void> {
  const { importPurchases, openImportSource } = await import('../../services/credit-import.js');
  const render = await import('../../render/credit.js');
  const source = openImportSource(input.file, input.format);
  const ctx = await rt.ctx();
  const large = source.size !== undefined && source.size >= PROGRESS_MIN_BYTES;
  const bar = large && !rt.json && process.stderr.isTTY ? await render.importProgressBar(source.size!) : undefined;
  let result;
  try {
    result = await importPurchases(ctx, source, {
      dryRun: Boolean(input.dryRun),
      onProgress: bar && ((p) => bar.update(p)),
    });
  } finally {
    bar?.stop();
  }
  if (result.errors.length > 0) {
    // The result document (with every error) still goes to stdout with --json; the exit status says it failed.
    if (rt.json) rt.printJson(result);
    else rt.output.err(`${render.importErrorLines(result.errors)}\n`);
    const n = result.errors.length;
    throw invalidInput(
      `${n} error${n === 1 ? '' : 's'} in ${input.file === '-' ? 'the input' : input.file}: nothing was imported`,
      'correct the lines listed and import the file again',
    );
  }
  await rt.emit(result, (r, c) => render.importSummary(r, c));
}

export async function statement(input: InputOf<typeof declared.statement>, rt: Runtime): Promise<void> {
  const { statement } = await import('../../services/credit-statement.js');
  const render = await import('../../render/credit.js');
  const ctx = await rt.ctx();
  const result = statement(ctx, input.client, { from: input.from, to: input.to });
  if (!rt.json && input.format === 'csv') rt.print(render.statementCsv(result));
  else if (input.format === 'json') rt.printJson(result);
  else await rt.emit(result, (r, c) => render.statementTable(r, c, ctx.tz));
}

export async function list(input: InputOf<typeof declared.list>, rt: Runtime): Promise<void> {
  const { listCredits } = await import('../../services/credit.js');
  const { parseDuration } = await import('../../rules/duration.js');
  const { creditsTable } = await import('../../render/credit.js');
  const below = input.below === undefined ? undefined : parseDuration(input.below);
  const forfeitWithin = input.forfeitWithin;
  const result = listCredits(await rt.ctx(), { belowMinutes: below, forfeitWithinDays: forfeitWithin });
  const filters = [
    below === undefined ? '' : `balance below ${input.below}`,
    forfeitWithin === undefined ? '' : `forfeit within ${forfeitWithin} days`,
  ];
  const empty = filters.some(Boolean)
    ? `No client matches (${filters.filter(Boolean).join(', ')}).`
    : "No clients yet (add one with 'alias-support clients add CODE --name NAME').";
  await rt.emit(result, (r, c) => creditsTable(r, c, empty));
}
