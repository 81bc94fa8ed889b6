// The commander tree, read from the declarations (src/cli/commands): global
// options, groups, commands, their arguments and options, their help. A
// command line that names its command gets only that command's part of the
// tree: the whole tree (every command and option) costs more than some
// commands' own work.
import { Argument, Command as Commander, Option } from 'commander';
import { COMMAND_FILES } from './commands/index.js';
import type { Command, CommandFile, Group, OptionDecl } from './define.js';
import { DESCRIPTION, GLOBAL_OPTIONS, VERSION } from './globals.js';
import { checkFields } from './json-fields.js';
import { processOutput, Runtime, type Output, type Runner } from './runtime.js';

/** Every command, in the order of `--help`. */
export function commandsOf(files: Readonly<Record<string, CommandFile>> = COMMAND_FILES): Command[] {
  return Object.values(files).flatMap((f) => f.commands);
}

function groupsOf(files: Readonly<Record<string, CommandFile>>): Group[] {
  return Object.values(files).flatMap((f) => f.groups ?? []);
}

/** Global options whose value is the next word. */
const GLOBAL_VALUE_FLAGS = new Set(
  Object.values(GLOBAL_OPTIONS as Record<string, OptionDecl>).flatMap((o) =>
    o.flags.includes('<') ? o.flags.split(/[ ,]+/).filter((f) => f.startsWith('-')) : [],
  ),
);

/**
 * The first word of the command a command line names (argv as process.argv),
 * or undefined: none named (the program's help, `--` first), or --help or
 * --version asked of the program before the command.
 */
export function commandWordOf(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--' || ['-h', '--help', '-V', '--version'].includes(token)) return undefined;
    if (GLOBAL_VALUE_FLAGS.has(token)) i++;
    else if (!token.startsWith('-')) return token;
  }
  return undefined;
}

/** What the commands of a program run with: where their output goes, how they run further command lines (`mcp`), how a parsed command is run. */
export interface Binding {
  output: Output;
  runner?: Runner;
  /** runs the parsed command; default: its run module's function */
  dispatch?: (command: Command, input: Record<string, unknown>, rt: Runtime) => Promise<void>;
}

const runCommand = async (command: Command, input: Record<string, unknown>, rt: Runtime): Promise<void> =>
  (await command.load())(input, rt);

function commanderOption(name: string, o: OptionDecl): Option {
  const option = new Option(o.flags, o.description);
  if (o.choices) option.choices(o.choices);
  else if (o.parse) option.argParser(o.parse);
  if (o.default !== undefined) option.default(o.default);
  if (o.env) option.env(o.env);
  if (option.attributeName() !== name)
    throw new Error(`option ${o.flags} is declared as '${name}', commander names it '${option.attributeName()}'`);
  return option;
}

function addCommand(
  parent: Commander,
  word: string,
  command: Command,
  declarations: readonly Command[],
  binding: Binding,
): void {
  const cmd = parent.command(word).description(command.summary);
  const argNames = Object.keys(command.args ?? {});
  for (const [name, a] of Object.entries(command.args ?? {})) {
    const argument = new Argument(a.syntax, a.description);
    if (a.parse) argument.argParser(a.parse);
    if (argument.name() !== name) throw new Error(`argument ${a.syntax} of ${command.name} is declared as '${name}'`);
    cmd.addArgument(argument);
  }
  for (const [name, o] of Object.entries(command.options ?? {})) cmd.addOption(commanderOption(name, o));
  if (command.noExcessArguments) cmd.allowExcessArguments(false);
  if (command.help) cmd.addHelpText('after', `\n${command.help}`);
  if (command.examples.length > 0)
    cmd.addHelpText('after', `\nExamples:\n${command.examples.map((e) => `  $ alias-support ${e}`).join('\n')}`);
  // Unknown --json fields are refused before anything runs; the store is closed whatever happens.
  cmd.action(async (...raw: unknown[]) => {
    const self = raw[raw.length - 1] as Commander;
    const values = raw.slice(0, -2);
    const input = { ...Object.fromEntries(argNames.map((name, i) => [name, values[i]])), ...self.opts() };
    const rt = new Runtime(self, command, declarations, binding.output, binding.runner);
    try {
      checkFields(command.name, command.json, rt.jsonFields);
      await (binding.dispatch ?? runCommand)(command, input, rt);
    } catch (err) {
      // A failure of the desk's engine a user can act on (busy, unreachable), whichever the engine.
      throw rt.knownError(err) ?? err;
    } finally {
      rt.close();
    }
  });
}

/**
 * The program for a command line (argv as process.argv): the part of the
 * tree of the command it names, or the whole tree. `files`: the command files
 * it holds (the everyday bundle is built with fewer).
 */
export function buildProgram(
  argv?: readonly string[],
  binding: Binding = { output: processOutput },
  files = COMMAND_FILES,
): Commander {
  const program = new Commander('alias-support')
    .description(DESCRIPTION)
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  for (const [name, o] of Object.entries(GLOBAL_OPTIONS)) {
    if (name === 'version') program.version(VERSION, o.flags, o.description);
    else program.addOption(commanderOption(name, o));
  }
  const declarations = commandsOf(files);
  const word = argv && commandWordOf(argv);
  const named = declarations.filter((c) => c.name.split(' ')[0] === word);
  const groups = new Map(groupsOf(files).map((g) => [g.name, g]));
  const built = new Map<string, Commander>();
  for (const command of named.length > 0 ? named : declarations) {
    const words = command.name.split(' ');
    let parent = program;
    for (const groupName of words.slice(0, -1)) {
      let group = built.get(groupName);
      if (!group) {
        group = program.command(groupName).description(groups.get(groupName)?.summary ?? '');
        built.set(groupName, group);
      }
      parent = group;
    }
    addCommand(parent, words[words.length - 1]!, command, declarations, binding);
  }
  return program;
}
