// Software defects (docs/terms.md §6): `defect` for one found after closing, and the
// `fixes` owed for them (hotfix or next patch release) with their delivery.
import type { Command } from 'commander';
import { act, describe } from '../define.js';
import { positiveInt } from '../runtime.js';

const ticketNumber = positiveInt('ticket number');

export function registerFixes(program: Command): void {
  describe(
    act(
      program
        .command('defect')
        .description('a resolved ticket turns out to be a software defect: its time is free (a charge already made is given back) and a fix is owed')
        .argument('<number>', 'ticket number', ticketNumber)
        .option('--reason <text>', 'what the defect is'),
      async (rt, [n]) => {
        const { declareDefect } = await import('../../services/billing.js');
        const { defectText } = await import('../../render/billing.js');
        const result = await declareDefect(await rt.ctx(), n as number, rt.opts.reason as string | undefined);
        await rt.emit(result, (r, c) => defectText(r, c));
      },
    ),
    {
      mutates: true,
      examples: ['defect 1042 --reason "PDF export crashes on A3 pages"', 'defect 1042 --json'],
      errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND'],
    },
  );

  const group = program.command('fixes').description('fixes owed for software defects: hotfix (all-inclusive) or next patch release (on-demand)');

  describe(
    act(group.command('list').description('fixes owed, pending and delivered').option('--pending', 'only those not delivered yet'), async (rt) => {
      const { listFixes } = await import('../../services/fixes.js');
      const { fixesTable } = await import('../../render/fixes.js');
      const pending = Boolean(rt.opts.pending);
      const fixes = listFixes(await rt.ctx(), { pending });
      await rt.emit({ fixes }, (r, c) => fixesTable(r.fixes, c, pending ? 'No pending fixes: every fix owed was delivered.' : "No fixes owed: a ticket closed with --defect (or marked with 'defect N') owes one."));
    }),
    { mutates: false, examples: ['fixes list', 'fixes list --pending --json'] },
  );

  describe(
    act(
      group
        .command('deliver')
        .description('deliver the fix of one ticket (a hotfix, or a next-release fix shipped early)')
        .argument('<number>', 'ticket number', ticketNumber)
        .option('--version <version>', 'the version that carries the fix'),
      async (rt, [n]) => {
        const { deliverFix } = await import('../../services/fixes.js');
        const { deliveredText } = await import('../../render/fixes.js');
        const version = await rt.need(rt.opts.version as string | undefined, '--version <version>');
        const fix = deliverFix(await rt.ctx(), n as number, version);
        await rt.emit({ fix }, (r, c) => deliveredText(r.fix, c));
      },
    ),
    {
      mutates: true,
      examples: ['fixes deliver 1042 --version 4.2.1-hotfix1'],
      errors: ['TICKET_NOT_FOUND', 'FIX_NOT_FOUND', 'INVALID_TRANSITION', 'INVALID_INPUT'],
    },
  );

  describe(
    act(
      group.command('release').description('a patch release: deliver every pending next-release fix (never a hotfix)').argument('<version>', 'the version released'),
      async (rt, [version]) => {
        const { releaseFixes } = await import('../../services/fixes.js');
        const { releaseText } = await import('../../render/fixes.js');
        const result = releaseFixes(await rt.ctx(), version as string);
        await rt.emit(result, (r, c) => releaseText(r, c));
      },
    ),
    { mutates: true, examples: ['fixes release 4.3.0', 'fixes release 4.3.0 --json'], errors: ['INVALID_INPUT'] },
  );
}
