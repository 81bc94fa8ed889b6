// The commander tree: global options, then one register function per command
// file. `--help` and the `commands --json` manifest both come from this tree.
// A call that names its command builds only that command's file: the whole
// tree (every command and option) costs more than some commands' own work.
import { Command, Option } from 'commander';
import { registerBill } from './commands/bill.js';
import { registerClients } from './commands/clients.js';
import { registerContacts } from './commands/contacts.js';
import { registerCredits } from './commands/credits.js';
import { registerDb } from './commands/db.js';
import { registerDemo } from './commands/demo.js';
import { registerFixes } from './commands/fixes.js';
import { registerLicences } from './commands/licences.js';
import { registerManifest } from './commands/manifest.js';
import { registerMcp } from './commands/mcp.js';
import { registerOutbox } from './commands/outbox.js';
import { registerPortal } from './commands/portal.js';
import { registerQueue } from './commands/queue.js';
import { registerReport } from './commands/report.js';
import { registerServe } from './commands/serve.js';
import { registerTickets } from './commands/tickets.js';
import { registerWork } from './commands/work.js';

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

type Register = (program: Command) => void;

/** The everyday commands, by the file defining each: what dist/everyday.cjs holds (bin/bundle.cjs EVERYDAY). */
export const EVERYDAY_FILES: Readonly<Record<string, Register>> = {
  tickets: registerTickets,
  take: registerWork,
  time: registerWork,
  close: registerWork,
  reopen: registerWork,
  release: registerWork,
  queue: registerQueue,
};

/**
 * Set in dist/everyday.cjs (bin/build.mjs): that bundle holds the everyday
 * commands only, and loads in less time than the whole CLI; bin/bundle.cjs
 * sends it nothing else. The test is written out where it is used: esbuild
 * then drops the other command files from that bundle.
 */
declare const __EVERYDAY__: boolean | undefined;

/** Every command file, in the order of `--help`. */
const REGISTER: Register[] =
  typeof __EVERYDAY__ === 'boolean' && __EVERYDAY__
    ? [registerTickets, registerWork, registerQueue]
    : [
        registerClients,
        registerContacts,
        registerLicences,
        registerCredits,
        registerTickets,
        registerWork,
        registerBill,
        registerFixes,
        registerReport,
        registerQueue,
        registerOutbox,
        registerServe,
        registerPortal,
        registerDemo,
        registerManifest,
        registerMcp,
        registerDb,
      ];

/**
 * The file defining each top-level command (a test checks it against the
 * whole tree). `commands` and `mcp` describe every command: the whole tree.
 */
export const COMMAND_FILES: Readonly<Record<string, Register | 'all'>> =
  typeof __EVERYDAY__ === 'boolean' && __EVERYDAY__
    ? EVERYDAY_FILES
    : {
        ...EVERYDAY_FILES,
        clients: registerClients,
        contacts: registerContacts,
        licences: registerLicences,
        credits: registerCredits,
        bill: registerBill,
        fixes: registerFixes,
        defect: registerFixes,
        report: registerReport,
        outbox: registerOutbox,
        serve: registerServe,
        portal: registerPortal,
        demo: registerDemo,
        commands: 'all',
        mcp: 'all',
        db: registerDb,
      };

/** Global options whose value is the next word. */
const GLOBAL_VALUE_OPTIONS = new Set(['--db', '--agent']);

/**
 * The command file a command line needs, or undefined for the whole tree:
 * no command named (the program's help, an unknown command and its
 * suggestions), or --help/--version asked of the program before the command.
 */
export function commandFileOf(argv: readonly string[]): Register | undefined {
  for (let i = 2; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--' || ['-h', '--help', '-V', '--version'].includes(token)) return undefined;
    if (GLOBAL_VALUE_OPTIONS.has(token)) i++;
    else if (!token.startsWith('-')) {
      const file = Object.hasOwn(COMMAND_FILES, token) ? COMMAND_FILES[token] : undefined;
      return file === 'all' ? undefined : file;
    }
  }
  return undefined;
}

/** The program for a command line (argv as process.argv), or the whole tree. */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command('alias-support')
    .description('The ALIAS technical support desk: clients, licences, prepaid credit and tickets billed by 15-minute slices.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--db <path>', 'SQLite database file').env('ALIAS_SUPPORT_DB'))
    .option('--json [fields]', 'print exactly one JSON document on stdout (no colour, no prompts); FIELDS (a,b,c) keeps only those fields')
    .addOption(new Option('--agent <name>', 'who is acting (recorded in history)').env('ALIAS_SUPPORT_AGENT'))
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .option('--no-input', 'never prompt (implied without a terminal, with CI or --json)')
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  const only = argv && commandFileOf(argv);
  for (const register of only ? [only] : REGISTER) register(program);
  return program;
}
