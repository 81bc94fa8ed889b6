// What a command is: a cheap typed declaration (name, summary, arguments and
// options with their types and choices, what it may change, examples, error
// codes, prompts, JSON fields) and the run function of its run module,
// loaded only when the command runs. The commander tree (program.ts), the
// manifest (manifest.ts), the MCP tools and the --json field checks are all
// read from the declarations. A declaration file imports no service.
import { AppError, EXIT } from '../errors.js';
import type { JsonShape } from './json-fields.js';
import type { Runtime } from './runtime.js';

export type ValueType = 'boolean' | 'string' | 'integer';

/** A parser of a typed value; it throws a USAGE error for a value it refuses. */
export type Parse<T> = (value: string) => T;

/** One option. `T`: the value the run function receives. */
export interface OptionDecl<T = unknown> {
  /** commander's syntax: `--limit <n>`, `--json [fields]`, `-V, --version`, `--no-input` */
  flags: string;
  description: string;
  type: ValueType;
  choices?: readonly string[];
  default?: T;
  /** the variable read when the option is not given */
  env?: string;
  parse?: Parse<T>;
  /** the value's type only: never set */
  readonly value?: T;
}

/** One positional argument: `<name>` required, `[name]` optional, `[name...]` variadic. */
export interface ArgumentDecl<T = unknown> {
  syntax: string;
  description: string;
  type: Exclude<ValueType, 'boolean'>;
  parse?: Parse<unknown>;
  readonly value?: T;
}

type Options = Record<string, OptionDecl>;
type Arguments = Record<string, ArgumentDecl>;

/** What the run function receives: every argument and option by its name, typed. */
export type Input<A extends Arguments, O extends Options> = {
  [K in keyof A]: NonNullable<A[K]['value']> | OptionalPart<A[K]>;
} & {
  [K in keyof O]: NonNullable<O[K]['value']> | (undefined extends O[K]['default'] ? undefined : never);
};
type OptionalPart<D> = D extends { syntax: `<${string}` }
  ? never
  : D extends { syntax: `[${string}...]` }
    ? never
    : undefined;

export interface CommandDecl<A extends Arguments = Arguments, O extends Options = Options> {
  /** its path below the program: `take`, `credits balance` */
  name: string;
  summary: string;
  args?: A;
  options?: O;
  /** can change the database */
  mutates: boolean;
  /** real invocations, shown at the end of --help */
  examples: string[];
  /** error codes the command can return besides USAGE, INTERNAL and DB_* */
  errors?: string[];
  /** asks at a terminal (missing values, a pick from a list, a confirmation), so Ctrl-C can end it with 130 */
  prompts?: boolean;
  /** `--json FIELDS`: where its records are and which fields they have */
  json?: JsonShape;
  /** called many times a day: built into dist/everyday.cjs, the smaller bundle (bin/build.mjs) */
  everyday?: boolean;
  /** more help, printed after the options */
  help?: string;
  /** refuse words beyond the arguments (commander's allowExcessArguments(false)) */
  noExcessArguments?: boolean;
}

export type InputOf<D> = D extends CommandDecl<infer A, infer O> ? Input<A, O> : never;
export type Run<I> = (input: I, rt: Runtime) => Promise<void>;

/** A declaration with the loader of its run function. */
export interface Command extends CommandDecl {
  load: () => Promise<Run<Record<string, unknown>>>;
}

/** A command group (`credits`): it only holds its subcommands. */
export interface Group {
  name: string;
  summary: string;
}

/** The declarations of one file of src/cli/commands, in the order of `--help`. */
export interface CommandFile {
  groups?: Group[];
  commands: Command[];
}

export function declare<A extends Arguments = Record<never, never>, O extends Options = Record<never, never>>(
  decl: CommandDecl<A, O>,
): CommandDecl<A, O> {
  return decl;
}

/** The declaration joined to its run function, loaded when the command runs (run modules import services). */
export function runs<D extends CommandDecl<Arguments, Options>>(
  decl: D,
  load: () => Promise<Run<InputOf<D>>>,
): Command {
  return { ...(decl as CommandDecl), load: load as Command['load'] };
}

// --------------------------------------------------------------- options

interface Extra<T> {
  default?: T;
  env?: string;
}

/** `--force`: true when given. */
export function flag(flags: string, description: string): OptionDecl<boolean> {
  return { flags, description, type: 'boolean' };
}

export function text(flags: string, description: string): OptionDecl<string>;
export function text(
  flags: string,
  description: string,
  extra: Extra<string> & { default: string },
): OptionDecl<string> & { default: string };
export function text(flags: string, description: string, extra: Extra<string>): OptionDecl<string>;
export function text(flags: string, description: string, extra: Extra<string> = {}): OptionDecl<string> {
  return { flags, description, type: 'string', ...extra };
}

export function integer(flags: string, description: string, parse: Parse<number>): OptionDecl<number>;
export function integer(
  flags: string,
  description: string,
  parse: Parse<number>,
  extra: Extra<number> & { default: number },
): OptionDecl<number> & { default: number };
export function integer(
  flags: string,
  description: string,
  parse: Parse<number>,
  extra: Extra<number>,
): OptionDecl<number>;
export function integer(
  flags: string,
  description: string,
  parse: Parse<number>,
  extra: Extra<number> = {},
): OptionDecl<number> {
  return { flags, description, type: 'integer', parse, ...extra };
}

/** A value among the domain's own constants (PLANS, QUEUE_STATES…): commander refuses any other. */
export function choice<const C extends readonly string[]>(
  flags: string,
  description: string,
  choices: C,
): OptionDecl<C[number]>;
export function choice<const C extends readonly string[]>(
  flags: string,
  description: string,
  choices: C,
  fallback: C[number],
): OptionDecl<C[number]> & { default: C[number] };
export function choice<const C extends readonly string[]>(
  flags: string,
  description: string,
  choices: C,
  fallback?: C[number],
): OptionDecl<C[number]> {
  return { flags, description, type: 'string', choices, ...(fallback === undefined ? {} : { default: fallback }) };
}

// ------------------------------------------------------------- arguments

export function textArg<const S extends string>(
  syntax: S,
  description: string,
): ArgumentDecl<S extends `[${string}...]` ? string[] : string> & { syntax: S } {
  return { syntax, description, type: 'string' };
}

export function integerArg<const S extends string>(
  syntax: S,
  description: string,
  parse: Parse<number>,
): ArgumentDecl<S extends `[${string}...]` ? number[] : number> & { syntax: S } {
  // commander hands a variadic argument's parser the values read so far.
  const each = syntax.endsWith('...]')
    ? (value: string, previous?: number[]) => [...(previous ?? []), parse(value)]
    : parse;
  return { syntax, description, type: 'integer', parse: each };
}

/** A whole number ≥ 1 (ticket numbers, counts); `what` names it in the error. */
export function positiveInt(what: string): Parse<number> {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
      throw new AppError('USAGE', `invalid ${what} '${value}': expected a whole number ≥ 1`, EXIT.usage);
    return Number(value);
  };
}

export const ticketNumber = positiveInt('ticket number');
