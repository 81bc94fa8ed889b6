// Software defects (docs/terms.md §6): `defect` for one found after closing, and the
// `fixes` owed for them (hotfix or next patch release) with their delivery.
import { declare, flag, integerArg, runs, text, textArg, ticketNumber, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const defect = declare({
  name: 'defect',
  summary:
    'a resolved ticket turns out to be a software defect: its time is free (a charge already made is given back) and a fix is owed',
  args: { number: integerArg('<number>', 'ticket number', ticketNumber) },
  options: { reason: text('--reason <text>', 'what the defect is') },
  mutates: true,
  examples: ['defect 1042 --reason "PDF export crashes on A3 pages"', 'defect 1042 --json'],
  errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND'],
  json: SHAPES.defect,
});

export const list = declare({
  name: 'fixes list',
  summary: 'fixes owed, pending and delivered',
  options: { pending: flag('--pending', 'only those not delivered yet') },
  mutates: false,
  examples: ['fixes list', 'fixes list --pending --json'],
  json: SHAPES.fixes,
});

export const deliver = declare({
  name: 'fixes deliver',
  summary: 'deliver the fix of one ticket (a hotfix, or a next-release fix shipped early)',
  args: { number: integerArg('<number>', 'ticket number', ticketNumber) },
  options: { version: text('--version <version>', 'the version that carries the fix') },
  mutates: true,
  examples: ['fixes deliver 1042 --version 4.2.1-hotfix1'],
  errors: ['TICKET_NOT_FOUND', 'FIX_NOT_FOUND', 'INVALID_TRANSITION', 'INVALID_INPUT'],
  json: SHAPES.fix,
});

export const release = declare({
  name: 'fixes release',
  summary: 'a patch release: deliver every pending next-release fix (never a hotfix)',
  args: { version: textArg('<version>', 'the version released') },
  mutates: true,
  examples: ['fixes release 4.3.0', 'fixes release 4.3.0 --json'],
  errors: ['INVALID_INPUT'],
  json: SHAPES.fixes,
});

const run = () => import('../run/fixes.js');

export const file: CommandFile = {
  groups: [
    {
      name: 'fixes',
      summary: 'fixes owed for software defects: hotfix (all-inclusive) or next patch release (on-demand)',
    },
  ],
  commands: [
    runs(defect, async () => (await run()).defect),
    runs(list, async () => (await run()).list),
    runs(deliver, async () => (await run()).deliver),
    runs(release, async () => (await run()).release),
  ],
};
