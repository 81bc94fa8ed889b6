// `report usage`: minutes worked, charged, waived and uncovered.
import { REPORT_FORMATS, USAGE_BY } from '../choices.js';
import { choice, declare, runs, text, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const usage = declare({
  name: 'report usage',
  summary: 'resolved tickets: worked time, billable, charged, waived and uncovered minutes',
  options: {
    from: text('--from <date>', 'first resolution day (YYYY-MM-DD)'),
    to: text('--to <date>', 'last resolution day (YYYY-MM-DD)'),
    by: choice('--by <what>', 'one row per', USAGE_BY, 'client'),
    format: choice('--format <format>', 'output format', REPORT_FORMATS, 'table'),
  },
  mutates: false,
  examples: [
    'report usage --from 2026-11-01 --to 2026-11-30',
    'report usage --by agent',
    'report usage --by month --format csv > usage.csv',
  ],
  errors: ['INVALID_INPUT'],
  json: SHAPES.usage,
});

export const file: CommandFile = {
  groups: [{ name: 'report', summary: 'reports for supervisors' }],
  commands: [runs(usage, async () => (await import('../run/report.js')).usage)],
};
