// `bill`: charge resolved tickets by the slice rule.
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { act, describe } from '../define.js';
import { positiveInt } from '../runtime.js';

const ticketNumber = positiveInt('ticket number');

export function registerBill(program: Command): void {
  describe(
    act(
      program
        .command('bill')
        .description('charge resolved tickets by the slice rule (every started 15 minutes); software defects are free')
        .argument('[numbers...]', 'ticket numbers', (value: string, previous: number[] | undefined) => [...(previous ?? []), ticketNumber(value)])
        .option('--all', 'every resolved ticket (lists only those this run changes)')
        .option('--dry-run', 'show what would be billed; write nothing')
        .option('--yes', 'with --all at a terminal: do not ask for confirmation'),
      async (rt, [numbers]) => {
        const tickets = (numbers as number[] | undefined) ?? [];
        if (tickets.length > 0 && rt.opts.all) throw usageError('give ticket numbers or --all, not both');
        if (tickets.length === 0 && !rt.opts.all) throw usageError('nothing to bill: give ticket numbers or --all', 'e.g. bill 1042 1043, or bill --all');
        const { bill } = await import('../../services/billing.js');
        const { billTable } = await import('../../render/billing.js');
        const dryRun = Boolean(rt.opts.dryRun);
        const ctx = await rt.ctx();
        const selection = rt.opts.all ? { all: true as const } : { tickets };
        // Billing everything moves credit in bulk: a person sees the dry run first.
        if (rt.opts.all && !dryRun)
          await rt.confirm(async () => {
            const preview = bill(ctx, selection, { dryRun: true });
            return preview.bills.length === 0 ? null : `bill --all will charge:\n${billTable(preview, await rt.chalk(), { dryRun: false })}`;
          }, 'Charge these tickets?');
        const run = bill(ctx, selection, { dryRun });
        await rt.emit(run, (r, c) => billTable(r, c, { dryRun }));
      },
    ),
    {
      mutates: true,
      examples: ['bill 1042', 'bill --all', 'bill --all --dry-run --json', 'bill --all --yes    # at a terminal: no confirmation'],
      errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND'],
      prompts: true,
    },
  );
}
