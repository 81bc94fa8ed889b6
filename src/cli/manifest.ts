// The machine-readable contract: every command, argument and option, read from
// the declarations (as `--help` is), plus what each command may change and
// which exit codes and error codes it can end with. `commands --json` prints it,
// the MCP server builds its tools from it.
import { EXIT, EXIT_OF_ERROR, exitOf } from '../errors.js';
import type { ArgumentDecl, CommandDecl, OptionDecl, ValueType } from './define.js';
import { DESCRIPTION, GLOBAL_OPTIONS, VERSION } from './globals.js';

export { EXIT_OF_ERROR, type ValueType };

export interface ArgumentManifest {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  type: Exclude<ValueType, 'boolean'>;
  choices: string[] | null;
  default: unknown;
}

export interface OptionManifest {
  flags: string;
  /** the key in the tool input / `optsWithGlobals()`, e.g. expiringWithin */
  name: string;
  long: string | null;
  short: string | null;
  description: string;
  /** boolean: a flag; otherwise the type of its value */
  type: ValueType;
  /** the value may be left out (`--json [fields]`) */
  valueOptional: boolean;
  default: unknown;
  choices: string[] | null;
  env: string | null;
}

export interface CommandManifest {
  /** path below the program, e.g. "credits balance" */
  name: string;
  summary: string;
  usage: string;
  arguments: ArgumentManifest[];
  options: OptionManifest[];
  /** can change the database */
  mutates: boolean;
  /** may ask at a terminal (never without one, with --json or --no-input) */
  prompts: boolean;
  exitCodes: number[];
  errorCodes: string[];
  examples: string[];
  /** `--json FIELDS`: where the records are and which fields they have */
  json: { records: string | null; fields: string[] } | null;
}

export interface Manifest {
  name: string;
  version: string;
  description: string;
  globalOptions: OptionManifest[];
  environment: { name: string; description: string }[];
  exitCodes: { code: number; meaning: string }[];
  errorCodes: Record<string, number>;
  errorFormat: string;
  commands: CommandManifest[];
}

const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  [EXIT.ok]: 'success',
  [EXIT.internal]: 'unexpected internal error',
  [EXIT.usage]:
    'usage: unknown command or option, bad argument syntax, missing argument without a terminal, unknown --json field',
  [EXIT.notFound]: 'not found',
  [EXIT.conflict]: 'conflict with the current state',
  [EXIT.refused]: 'refused by the support terms',
  [EXIT.invalidInput]: 'invalid input data (import file, duration, date)',
  [EXIT.unavailable]: 'database busy or unavailable (retry later)',
  [EXIT.interrupted]: 'cancelled at a prompt (Ctrl-C, or "no" to a confirmation): nothing was changed',
};

/** What every command can end with, whatever it does. */
const ALWAYS = ['USAGE', 'INTERNAL', 'DB_BUSY', 'DB_UNAVAILABLE'];

/** Variables read outside commander's options (those are listed with their option). */
const ENVIRONMENT = [
  {
    name: 'ALIAS_SUPPORT_NOW',
    description:
      'ISO-8601 instant with its zone (2026-11-26T09:00:00Z) used as "now" by every command (tests, replays, backfills)',
  },
  { name: 'ALIAS_SUPPORT_TZ', description: 'business time zone, default Europe/Paris' },
  { name: 'ALIAS_SUPPORT_DEBUG', description: '1: show stack traces of internal errors on stderr' },
  {
    name: 'ALIAS_SUPPORT_BUSY_TIMEOUT_MS',
    description: "how long a command waits for another one's write lock before DB_BUSY, default 5000",
  },
  {
    name: 'ALIAS_SUPPORT_CRASH_POINT',
    description:
      'crash tests only: NAME or NAME:N, the command stops at that point (reported on stderr) and waits to be killed',
  },
  {
    name: 'ALIAS_SUPPORT_SMTP_URL',
    description:
      'outbox send, and serve (which then delivers queued mail itself): the SMTP server, smtp://user:password@host:587 or smtps://…',
  },
  {
    name: 'ALIAS_SUPPORT_MAIL_FROM',
    description: 'outbox send and serve: the From header of receipts and sign-in links',
  },
  {
    name: 'ALIAS_SUPPORT_SHOP_URL',
    description: "serve: the shop's address, linked from the client space when credit runs low",
  },
  { name: 'XDG_DATA_HOME', description: 'the default database is $XDG_DATA_HOME/alias-support/alias-support.db' },
  { name: 'NO_COLOR', description: 'no colour' },
  { name: 'FORCE_COLOR', description: 'colour even when stdout is not a terminal' },
  { name: 'CI', description: 'set: never prompt' },
];

function optionManifest(name: string, o: OptionDecl): OptionManifest {
  const flags = o.flags.split(/[ ,|]+/);
  return {
    flags: o.flags,
    name,
    long: flags.find((f) => f.startsWith('--')) ?? null,
    short: flags.find((f) => /^-[^-]$/.test(f)) ?? null,
    description: o.description,
    type: o.type,
    valueOptional: o.flags.includes('['),
    default: o.default ?? null,
    choices: o.choices ? [...o.choices] : null,
    env: o.env ?? null,
  };
}

function argumentManifest(name: string, a: ArgumentDecl): ArgumentManifest {
  return {
    name,
    description: a.description,
    required: a.syntax.startsWith('<'),
    variadic: a.syntax.endsWith('...]') || a.syntax.endsWith('...>'),
    type: a.type,
    choices: null,
    default: null,
  };
}

export function commandManifest(c: CommandDecl): CommandManifest {
  const prompts = c.prompts ?? false;
  const errorCodes = [...new Set([...(c.errors ?? []), ...ALWAYS, ...(prompts ? ['INTERRUPTED'] : [])])].sort(
    (a, b) => exitOf(a) - exitOf(b) || a.localeCompare(b),
  );
  const args = Object.values(c.args ?? {}).map((a) => ` ${a.syntax}`);
  return {
    name: c.name,
    summary: c.summary,
    usage: `alias-support ${c.name} [options]${args.join('')}`,
    arguments: Object.entries(c.args ?? {}).map(([name, a]) => argumentManifest(name, a)),
    options: Object.entries(c.options ?? {}).map(([name, o]) => optionManifest(name, o)),
    mutates: c.mutates,
    prompts,
    exitCodes: [...new Set([EXIT.ok, ...errorCodes.map(exitOf)])].sort((a, b) => a - b),
    errorCodes,
    examples: c.examples.map((e) => `alias-support ${e}`),
    json: c.json ? { records: c.json.records ?? null, fields: [...c.json.fields] } : null,
  };
}

export function buildManifest(commands: readonly CommandDecl[]): Manifest {
  return {
    name: 'alias-support',
    version: VERSION,
    description: DESCRIPTION,
    globalOptions: Object.entries(GLOBAL_OPTIONS).map(([name, o]) => optionManifest(name, o)),
    environment: ENVIRONMENT,
    exitCodes: Object.entries(EXIT_MEANINGS)
      .map(([code, meaning]) => ({ code: Number(code), meaning }))
      .sort((a, b) => a.code - b.code),
    errorCodes: { ...EXIT_OF_ERROR },
    errorFormat: 'errors go to stderr; with --json as one line {"error":{"code","message","exitCode","hint"?}}',
    commands: commands.map(commandManifest),
  };
}

/** The human form: one line per command, `*` marking those that change data. */
export function manifestText(manifest: Manifest): string {
  const synopsis = (c: CommandManifest) =>
    c.usage.slice(`alias-support ${c.name} `.length).replace('[options]', '').trim();
  const rows = manifest.commands.map((c) => [`${c.mutates ? '*' : ' '} ${c.name} ${synopsis(c)}`.trimEnd(), c.summary]);
  const width = Math.max(...rows.map(([left]) => left!.length));
  return [
    ...rows.map(([left, summary]) => `${left!.padEnd(width)}  ${summary}`),
    '',
    '* changes data. `alias-support commands --json` gives arguments, options, exit and error codes for programs.',
  ].join('\n');
}
