import type { Command } from 'commander';
import { act, describe } from '../define.js';

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
        .allowExcessArguments(false),
      async (rt, [client, duration]) => {
        const { parseDuration } = await import('../../rules/duration.js');
        const { adjust } = await import('../../services/credit.js');
        const { balanceLine } = await import('../../render/clients.js');
        const minutes = parseDuration(duration as string, { signed: true });
        const reason = await rt.need(rt.opts.reason as string | undefined, '--reason <text>');
        const result = adjust(await rt.ctx(), client as string, minutes, reason);
        await rt.emit(result, (r, c) => `Adjusted ${r.client} by ${r.adjustmentMinutes > 0 ? '+' : ''}${r.adjustmentMinutes} min — ${balanceLine(r, c)}`);
      },
    ),
    {
      mutates: true,
      examples: ['credits adjust C042 +30m --reason "order W-12 imported without its second unit"', 'credits adjust C042 -- -1h --reason "duplicate import"'],
      errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT'],
    },
  );
}
