// The licence register (a renewal or reactivation is a new licence).
import { PLANS } from '../choices.js';
import { choice, declare, flag, integer, positiveInt, runs, text, textArg, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const add = declare({
  name: 'licences add',
  summary: 'record a licence: all-inclusive lasts 4 years; on-demand needs --months or --end',
  args: { client: textArg('[client]', 'client code') },
  options: {
    plan: choice('--plan <plan>', 'licence plan', PLANS),
    start: text('--start <date>', 'first day covered (YYYY-MM-DD)'),
    months: integer('--months <n>', 'on-demand term in months', positiveInt('number of months')),
    end: text('--end <date>', 'on-demand last day covered (YYYY-MM-DD)'),
  },
  mutates: true,
  examples: [
    'licences add C042 --plan all-inclusive --start 2025-01-15',
    'licences add C043 --plan on-demand --start 2026-01-01 --months 12',
    'licences add C043    # at a terminal: asks the plan, the start and the term',
  ],
  errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT'],
  prompts: true,
  json: SHAPES.licence,
});

export const list = declare({
  name: 'licences list',
  summary: 'licences, soonest end first',
  options: {
    client: text('--client <code>', 'only this client'),
    expiringWithin: integer(
      '--expiring-within <days>',
      'running licences ending within this many days',
      positiveInt('number of days'),
    ),
  },
  mutates: false,
  examples: ['licences list --client C042', 'licences list --expiring-within 30 --json'],
  errors: ['CLIENT_NOT_FOUND'],
  json: SHAPES.licences,
});

export const expire = declare({
  name: 'licences expire',
  summary: 'the nightly cron job: reports licences that ended, writes each forfeit due (24 months after expiry) once',
  options: {
    asOf: text('--as-of <date>', 'run as of this day (default: today); a day after today only with --dry-run'),
    dryRun: flag('--dry-run', 'report what would be written, writing nothing'),
  },
  mutates: true,
  examples: [
    'licences expire',
    'licences expire --dry-run --as-of 2026-12-31',
    'licences expire --json    # from cron',
  ],
  errors: ['INVALID_INPUT'],
  json: SHAPES.expiry,
});

const run = () => import('../run/licences.js');

export const file: CommandFile = {
  groups: [{ name: 'licences', summary: 'the licence register (a renewal or reactivation is a new licence)' }],
  commands: [
    runs(add, async () => (await run()).add),
    runs(list, async () => (await run()).list),
    runs(expire, async () => (await run()).expire),
  ],
};
