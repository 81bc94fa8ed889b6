// `bill` (declared in ../commands/bill.ts).
import { usageError } from '../../errors.js';
import type * as declared from '../commands/bill.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function bill(input: InputOf<typeof declared.bill>, rt: Runtime): Promise<void> {
  const tickets = input.numbers;
  if (tickets.length > 0 && input.all) throw usageError('give ticket numbers or --all, not both');
  if (tickets.length === 0 && !input.all)
    throw usageError('nothing to bill: give ticket numbers or --all', 'e.g. bill 1042 1043, or bill --all');
  const { bill } = await import('../../services/billing.js');
  const { billTable } = await import('../../render/billing.js');
  const dryRun = Boolean(input.dryRun);
  const ctx = await rt.ctx();
  const selection = input.all ? { all: true as const } : { tickets };
  // Billing everything moves credit in bulk: a person sees the dry run first.
  if (input.all && !dryRun)
    await rt.confirm(
      input.yes,
      async () => {
        const preview = bill(ctx, selection, { dryRun: true });
        return preview.bills.length === 0
          ? null
          : `bill --all will charge:\n${billTable(preview, await rt.chalk(), { dryRun: false })}`;
      },
      'Charge these tickets?',
    );
  const run = bill(ctx, selection, { dryRun });
  await rt.emit(run, (r, c) => billTable(r, c, { dryRun }));
}
