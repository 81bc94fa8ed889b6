// The one place where errors become stderr text or JSON and an exit status.
import { CommanderError, type Command } from 'commander';
import { AppError, EXIT, fromSqliteError, usageError } from '../errors.js';
import { cleanLine, inertJson } from '../render/text.js';
import { DEFAULT_TIME_ZONE } from '../rules/calendar.js';
import { COMMAND_FILES } from './commands/index.js';
import type { Command as Declared } from './define.js';
import { checkFields, fieldVocabulary, normaliseJsonFlag, parseFieldList } from './json-fields.js';
import { buildProgram, commandsOf } from './program.js';
import { commandPath, processOutput, type Given, type Output } from './runtime.js';

export { COMMAND_FILES };

/** The zone the CLI's process runs in (TZ, set by its entry point: bin/alias-support.js, the single executable): the business zone. */
export function processZone(env: NodeJS.ProcessEnv): string {
  return env.ALIAS_SUPPORT_TZ || DEFAULT_TIME_ZONE;
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--json' || a.startsWith('--json='));
}

/** `failed`: the command whose parsing failed, whose --help the hint names. */
function toAppError(err: unknown, failed?: Command, db?: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof CommanderError) {
    const message = err.message.replace(/^error: /, '').replace(/\n/g, ' ');
    const path = failed ? commandPath(failed) : '';
    return new AppError('USAGE', message, EXIT.usage, `see 'alias-support ${path ? `${path} ` : ''}--help'`);
  }
  if ((err as { name?: string })?.name === 'ExitPromptError')
    return new AppError('INTERRUPTED', 'cancelled', EXIT.interrupted);
  const sqlite = fromSqliteError(err, db ?? 'the database');
  if (sqlite) return sqlite;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError(
    'INTERNAL',
    `internal error: ${message}`,
    EXIT.internal,
    'run again with ALIAS_SUPPORT_DEBUG=1 for details',
  );
}

/** `db`: the desk the command line named (--db, ALIAS_SUPPORT_DB, or the MCP server's own), said in a database error. */
export function report(
  err: unknown,
  json: boolean,
  output: Output = processOutput,
  failed?: Command,
  db?: string,
): number {
  const error = toAppError(err, failed, db);
  if (process.env.ALIAS_SUPPORT_DEBUG === '1' && err instanceof Error && err.stack) output.err(`${err.stack}\n`);
  if (json) {
    output.err(
      `${inertJson({ error: { code: error.code, message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) } })}\n`,
    );
  } else {
    // A message may quote input (a client code, a line of an import): one clean line.
    output.err(`alias-support: ${cleanLine(error.message)}${error.hint ? ` (${cleanLine(error.hint)})` : ''}\n`);
  }
  return error.exitCode;
}

/** Every command name in the tree: a bare word after --json that names a command is never read as fields. */
function commandNames(cmd: Command): string[] {
  return cmd.commands.flatMap((c) => [c.name(), ...c.aliases(), ...commandNames(c)]);
}

/** A whole negative duration in the documented forms (bare numbers such as -90 commander reads itself). */
const NEGATIVE_DURATION = /^-(?:\d{1,5}h(?:\d{1,2}m?)?|\d{1,7}m|\d{1,5}:[0-5]\d)$/;

/** Every option of the tree that requires a value: what follows it is its value (commander takes it even if it starts with -), never rewritten. */
function valueOptions(cmd: Command): string[] {
  return [
    ...cmd.options.filter((o) => o.required).flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
    ...cmd.commands.flatMap(valueOptions),
  ];
}

/**
 * Two command-line forms commander cannot read as the documentation writes them:
 * - `--version V` after a subcommand (`fixes deliver 7 --version 4.2.1`): the
 *   program's own --version would print the version; `--version=V` reaches the subcommand.
 * - a negative duration (`credits adjust C042 -1h`) looks like an unknown option;
 *   it is passed with U+2212 as its sign, which parseDuration reads as minus.
 * Nothing after a literal `--` is touched.
 */
export function normaliseArgv(argv: readonly string[], valueFlags: ReadonlySet<string> = new Set()): string[] {
  const out = argv.slice(0, 2);
  let subcommand = false;
  for (let i = 2; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!token.startsWith('-')) subcommand = true;
    const next = argv[i + 1];
    if (token === '--version' && subcommand && next !== undefined && !next.startsWith('-')) {
      out.push(`--version=${next}`);
      i++;
    } else {
      const isValue = valueFlags.has(argv[i - 1]!);
      out.push(!isValue && NEGATIVE_DURATION.test(token) ? `\u2212${token.slice(1)}` : token);
    }
  }
  return out;
}

/**
 * The command line as commander should read it (see normaliseArgv and
 * normaliseJsonFlag). `program` holds at least the command invoked; the field
 * and command names come from every declaration, read only if needed.
 */
export function prepareArgv(argv: readonly string[], program: Command): string[] {
  const vocabulary = () => {
    const declarations = commandsOf();
    const names = new Set(commandNames(buildProgram()));
    return fieldVocabulary(
      declarations.flatMap((c) => (c.json ? [c.json] : [])),
      names,
    );
  };
  return normaliseJsonFlag(normaliseArgv(argv, new Set(valueOptions(program))), vocabulary);
}

/**
 * With --json stdout and stderr carry only JSON: commander's text is held back
 * (--help and --version are printed as JSON instead, see helpOrVersionJson),
 * and so is the help it writes for a command group called without its
 * subcommand (`credits --json`). Returns the group that asked for it, to name
 * in a USAGE error.
 */
function holdBackCommanderText(program: Command): () => Command | undefined {
  let group: Command | undefined;
  program.on('beforeAllHelp', ({ error, command }: { error: boolean; command: Command }) => {
    if (error) group = command;
  });
  const silence = (cmd: Command): void => {
    cmd.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    cmd.commands.forEach(silence);
  };
  silence(program);
  return () => group;
}

/**
 * Which command commander's error comes from (its errors do not say): each
 * command's own exit callback notes itself before throwing.
 */
function trackFailures(program: Command): () => Command | undefined {
  let failed: Command | undefined;
  const watch = (cmd: Command): void => {
    cmd.exitOverride((err) => {
      failed = cmd;
      throw err;
    });
    cmd.commands.forEach(watch);
  };
  watch(program);
  return () => failed;
}

/**
 * `queue --json nuber`: a word after --json that is not a field list stays an
 * argument (it may be a client code); when the command has no room for it, it
 * was a mistyped field, said as `--json number,colr` is.
 */
function strayJsonField(argv: readonly string[], err: CommanderError, failed: Command | undefined): void {
  if (err.code !== 'commander.excessArguments' || !failed) return;
  const at = argv.indexOf('--json');
  const word = at === -1 ? undefined : argv[at + 1];
  const end = argv.indexOf('--');
  if (word === undefined || word.startsWith('-') || (end !== -1 && end < at)) return;
  if (failed.args.slice(failed.registeredArguments.length).includes(word)) {
    const path = commandPath(failed);
    checkFields(path, commandsOf().find((c) => c.name === path)?.json, parseFieldList(word));
  }
}

/** `--version --json`: the version and the Node running it; `--help --json`: the command's manifest entry (a group's commands, the program's whole manifest). */
async function helpOrVersionJson(err: CommanderError, command: Command, program: Command): Promise<unknown> {
  if (err.code === 'commander.version') return { version: program.version(), node: process.version };
  const { buildManifest, commandManifest } = await import('./manifest.js');
  const declarations = commandsOf();
  if (command === program) return buildManifest(declarations);
  const path = commandPath(command);
  const own = declarations.find((c) => c.name === path);
  if (own) return commandManifest(own);
  return {
    name: path,
    description: command.description(),
    commands: declarations.filter((c) => c.name.startsWith(`${path} `)).map(commandManifest),
  };
}

function missingSubcommand(group: Command): AppError {
  const path = commandPath(group);
  const names = group.commands.map((c) => c.name()).join(', ');
  return usageError(
    path ? `'${path}' needs a subcommand: ${names}` : `alias-support needs a command: ${names}`,
    `see 'alias-support ${path ? `${path} ` : ''}--help'`,
  );
}

/**
 * Runs one command line; `output` captures its stdout and stderr (the MCP
 * server runs commands in-process). `given`: global options set by the caller,
 * under a source of their own, so that neither the environment (commander reads
 * it over 'env' values) nor a filter meant for an --agent typed on the command
 * line (`queue`) takes them for something else.
 */
export async function run(
  argv: readonly string[] = process.argv,
  output: Output = processOutput,
  given: Given = {},
): Promise<number> {
  const program = buildProgram(argv, { output, runner: run });
  for (const [key, value] of Object.entries(given))
    if (value !== undefined) program.setOptionValueWithSource(key, value, 'caller');
  const json = wantsJson(argv);
  const helpedGroup = json ? holdBackCommanderText(program) : undefined;
  const failed = trackFailures(program);
  try {
    await program.parseAsync(prepareArgv(argv, program));
    return 0;
  } catch (err) {
    // --help and --version end through exitOverride with exit code 0.
    if (err instanceof CommanderError && err.exitCode === 0) {
      if (json && ['commander.version', 'commander.helpDisplayed'].includes(err.code))
        output.out(`${inertJson(await helpOrVersionJson(err, failed() ?? program, program))}\n`);
      return 0;
    }
    // A command group called without its subcommand: commander printed the help (held back with --json).
    if (err instanceof CommanderError && err.code === 'commander.help') {
      const group = helpedGroup?.();
      return group ? report(missingSubcommand(group), true, output) : EXIT.usage;
    }
    try {
      if (err instanceof CommanderError) strayJsonField(argv, err, failed());
    } catch (field) {
      return report(field, json, output);
    }
    return report(err, json, output, failed(), program.opts<{ db?: string }>().db);
  }
}

/**
 * The command a command line names and its typed input, as its run function
 * would get them, without running it (a USAGE error as `run` reports it).
 */
export async function parseCommandLine(
  argv: readonly string[],
): Promise<{ command: Declared; input: Record<string, unknown> }> {
  let parsed: { command: Declared; input: Record<string, unknown> } | undefined;
  const program = buildProgram(argv, {
    output: processOutput,
    dispatch: async (command, input) => void (parsed = { command, input }),
  });
  try {
    await program.parseAsync(prepareArgv(argv, program));
  } catch (err) {
    throw toAppError(err);
  }
  if (!parsed) throw new AppError('USAGE', 'no command to run', EXIT.usage);
  return parsed;
}
