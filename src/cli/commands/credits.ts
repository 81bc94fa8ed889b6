// Prepaid assistance credit (minutes).
import { IMPORT_FORMATS, REPORT_FORMATS } from '../choices.js';
import { choice, declare, flag, integer, positiveInt, runs, text, textArg, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const balance = declare({
  name: 'credits balance',
  summary: 'balance with its validity',
  args: { client: textArg('<client>', 'client code') },
  mutates: false,
  examples: ['credits balance C042', 'credits balance C042 --json'],
  errors: ['CLIENT_NOT_FOUND'],
  json: SHAPES.balance,
});

export const adjust = declare({
  name: 'credits adjust',
  summary: 'audited correction of a balance (never a refund or a transfer)',
  args: {
    client: textArg('<client>', 'client code'),
    duration: textArg('<duration>', 'signed duration, e.g. +30m or -1h'),
  },
  options: {
    reason: text('--reason <text>', 'why (recorded in the ledger)'),
    yes: flag('--yes', 'do not ask for confirmation at a terminal'),
  },
  noExcessArguments: true,
  mutates: true,
  examples: [
    'credits adjust C042 +30m --reason "order W-12 imported without its second unit"',
    'credits adjust C042 -1h --reason "duplicate import"',
    'credits adjust C042 +30m --reason "order W-12" --yes',
  ],
  errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT', 'CLOCK_BEHIND'],
  prompts: true,
  json: SHAPES.adjust,
});

export const importPurchases = declare({
  name: 'credits import',
  summary: 'import shop purchases (AST01/AST02/AST05): every line checked first, then all of them or none',
  args: { file: textArg('<file>', "the shop's export (CSV with a header row, or JSON), or - for stdin") },
  options: {
    format: choice('--format <format>', 'file format (default: json for a .json file, else csv)', IMPORT_FORMATS),
    dryRun: flag('--dry-run', 'check the file and report what would be imported, writing nothing'),
  },
  mutates: true,
  examples: [
    'credits import shop-orders.csv',
    'credits import shop-orders.csv --dry-run',
    'credits import - --format json --json < orders.json',
  ],
  errors: ['INVALID_INPUT'],
  json: SHAPES.import,
});

export const statement = declare({
  name: 'credits statement',
  summary: 'the ledger of a client with its running balance (forfeits due but not yet written are marked due)',
  args: { client: textArg('<client>', 'client code') },
  options: {
    from: text('--from <date>', 'first day (YYYY-MM-DD)'),
    to: text('--to <date>', 'last day (YYYY-MM-DD)'),
    format: choice('--format <format>', 'output format', REPORT_FORMATS, 'table'),
  },
  mutates: false,
  examples: [
    'credits statement C042',
    'credits statement C042 --from 2026-01-01 --to 2026-06-30',
    'credits statement C042 --format csv > C042.csv',
  ],
  errors: ['CLIENT_NOT_FOUND', 'INVALID_INPUT'],
  json: SHAPES.statement,
});

export const list = declare({
  name: 'credits list',
  summary: "every client's balance and validity; those running low; those whose credit lapses soon",
  options: {
    below: text('--below <duration>', 'only balances below this duration (e.g. 1h)'),
    forfeitWithin: integer(
      '--forfeit-within <days>',
      'only credit that a forfeit takes within this many days',
      positiveInt('number of days'),
    ),
  },
  mutates: false,
  examples: ['credits list', 'credits list --below 1h', 'credits list --forfeit-within 60 --json'],
  errors: ['INVALID_INPUT'],
  json: SHAPES.credits,
});

const run = () => import('../run/credits.js');

export const file: CommandFile = {
  groups: [{ name: 'credits', summary: 'prepaid assistance credit (minutes)' }],
  commands: [
    runs(balance, async () => (await run()).balance),
    runs(adjust, async () => (await run()).adjust),
    runs(importPurchases, async () => (await run()).importPurchases),
    runs(statement, async () => (await run()).statement),
    runs(list, async () => (await run()).list),
  ],
};
