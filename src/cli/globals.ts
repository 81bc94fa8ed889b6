// The program itself: its version, its description, the options of every command line.
import { flag, text, type OptionDecl } from './define.js';

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export const DESCRIPTION =
  'The ALIAS technical support desk: clients, licences, prepaid credit and tickets billed by 15-minute slices.';

/** The options of every command line, declared as a command's are. */
export const GLOBAL_OPTIONS = {
  version: flag('-V, --version', 'output the version number'),
  db: text('--db <path>', 'SQLite database file', { env: 'ALIAS_SUPPORT_DB' }),
  json: text(
    '--json [fields]',
    'print exactly one JSON document on stdout (no colour, no prompts); FIELDS (a,b,c) keeps only those fields',
  ),
  agent: text('--agent <name>', 'who is acting (recorded in history)', { env: 'ALIAS_SUPPORT_AGENT' }),
  color: flag('--no-color', 'no colour (also NO_COLOR=1)'),
  input: flag('--no-input', 'never prompt (implied without a terminal, with CI or --json)'),
} satisfies Record<string, OptionDecl>;
