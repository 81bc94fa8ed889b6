// `bill`: charge resolved tickets by the slice rule.
import { declare, flag, integerArg, runs, ticketNumber, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const bill = declare({
  name: 'bill',
  summary: 'charge resolved tickets by the slice rule (every started 15 minutes); software defects are free',
  args: { numbers: integerArg('[numbers...]', 'ticket numbers', ticketNumber) },
  options: {
    all: flag('--all', 'every resolved ticket (lists only those this run changes)'),
    dryRun: flag('--dry-run', 'show what would be billed; write nothing'),
    yes: flag('--yes', 'with --all at a terminal: do not ask for confirmation'),
  },
  mutates: true,
  examples: [
    'bill 1042',
    'bill --all',
    'bill --all --dry-run --json',
    'bill --all --yes    # at a terminal: no confirmation',
  ],
  errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND'],
  prompts: true,
  json: SHAPES.bills,
});

export const file: CommandFile = {
  commands: [runs(bill, async () => (await import('../run/bill.js')).bill)],
};
