// The commander tree: global options, then one register function per command
// file. `--help` and the `commands --json` manifest both come from this tree.
import { Command, Option } from 'commander';
import { registerBill } from './commands/bill.js';
import { registerClients } from './commands/clients.js';
import { registerCredits } from './commands/credits.js';
import { registerDb } from './commands/db.js';
import { registerDemo } from './commands/demo.js';
import { registerFixes } from './commands/fixes.js';
import { registerLicences } from './commands/licences.js';
import { registerManifest } from './commands/manifest.js';
import { registerMcp } from './commands/mcp.js';
import { registerOutbox } from './commands/outbox.js';
import { registerQueue } from './commands/queue.js';
import { registerReport } from './commands/report.js';
import { registerTickets } from './commands/tickets.js';
import { registerWork } from './commands/work.js';

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export function buildProgram(): Command {
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
  registerClients(program);
  registerLicences(program);
  registerCredits(program);
  registerTickets(program);
  registerWork(program);
  registerBill(program);
  registerFixes(program);
  registerReport(program);
  registerQueue(program);
  registerOutbox(program);
  registerDemo(program);
  registerManifest(program);
  registerMcp(program);
  registerDb(program);
  return program;
}
