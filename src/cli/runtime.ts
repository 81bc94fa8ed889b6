// What a command's run function gets besides its input: the global options,
// the use-case context (database opened on first use), and the output. Heavy
// modules (database, chalk, tables) are imported here lazily, so `--help` and
// `--version` load none of them.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import directOutput from '../../bin/direct-output.cjs';
import { AppError, EXIT, invalidInput, usageError } from '../errors.js';
import { inertJson } from '../render/text.js';
import { INSTANT_FORM, parseInstant } from '../rules/calendar.js';
import type { CommandDecl } from './define.js';
import { parseFieldList, selectFields } from './json-fields.js';
import type { OpenOptions, Store } from '../store/open.js';
import type { Ctx } from '../services/context.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean | string;
  agent?: string;
  color: boolean;
  input: boolean;
}

export function defaultAgent(env: NodeJS.ProcessEnv): string {
  if (env.ALIAS_SUPPORT_AGENT) return env.ALIAS_SUPPORT_AGENT;
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}

/** ALIAS_SUPPORT_NOW, read strictly: Date.parse would roll 2026-02-30 over to March and read a zoneless time in the host's TZ. */
export function nowFrom(env: NodeJS.ProcessEnv): number {
  const text = env.ALIAS_SUPPORT_NOW;
  if (!text) return Date.now();
  const ms = parseInstant(text);
  if (ms === undefined) throw invalidInput(`ALIAS_SUPPORT_NOW is not an ISO-8601 instant: '${text}'`, INSTANT_FORM);
  return ms;
}

/** Where a command's stdout and stderr text goes: the process, or a capture (the MCP server runs commands in-process). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Straight to fd 1 and 2 (bin/direct-output.cjs): the streams cost a few ms to create. */
export const processOutput: Output = {
  out: directOutput(1, () => process.stdout),
  err: directOutput(2, () => process.stderr),
};

/** Runs one command line in-process; `given` holds global option values set by the caller (the MCP server's --db and --agent). */
export type Runner = (argv: readonly string[], output: Output, given?: Given) => Promise<number>;
export interface Given {
  db?: string;
  agent?: string;
}

/**
 * What a command's run function gets besides its typed input: the global
 * options, its declaration, the use-case context, the output.
 */
export class Runtime {
  readonly opts: GlobalOptions;
  private store?: Store;
  private context?: Ctx;
  private chalkInstance?: ChalkInstance;

  constructor(
    private readonly command: Command,
    /** the declaration of the command running */
    readonly declaration: CommandDecl,
    /** every command of the program (`commands`, `mcp`) */
    readonly declarations: readonly CommandDecl[],
    readonly output: Output = processOutput,
    private readonly runLine?: Runner,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.opts = command.optsWithGlobals<GlobalOptions>();
  }

  /** What runs another command line in this process (bound by main's run). */
  get runner(): Runner {
    if (!this.runLine) throw new AppError('INTERNAL', 'no command runner bound to this program', EXIT.internal);
    return this.runLine;
  }

  /** The command's path, e.g. "credits balance". */
  get path(): string {
    return this.declaration.name;
  }

  /** --agent typed on the command line (not from ALIAS_SUPPORT_AGENT, nor given by the MCP server). */
  get agentTyped(): boolean {
    return this.command.getOptionValueSourceWithGlobals('agent') === 'cli';
  }

  /** The fields asked for with `--json a,b` (see json-fields.ts); empty: the full document. */
  get jsonFields(): string[] {
    return typeof this.opts.json === 'string' ? parseFieldList(this.opts.json) : [];
  }

  get json(): boolean {
    return this.opts.json !== undefined && this.opts.json !== false;
  }

  /** Prompts only for a person at a terminal: never with --json, --no-input, CI or piped stdin/stdout. */
  get interactive(): boolean {
    // The options first: process.stdin and process.stdout cost a few ms to create (see processOutput).
    return Boolean(this.opts.input && !this.json && !this.env.CI && process.stdin.isTTY && process.stdout.isTTY);
  }

  /** The database named with --db or ALIAS_SUPPORT_DB; undefined: the default one. */
  get explicitDb(): string | undefined {
    const path = this.opts.db ?? this.env.ALIAS_SUPPORT_DB;
    if (path === '')
      throw usageError(
        'the database path is empty',
        'give --db or ALIAS_SUPPORT_DB a file, or unset both for the default desk',
      );
    return path;
  }

  /**
   * A desk named explicitly must exist unless open.create (db init, demo): a
   * typo never yields a new empty desk. The default one is created on first use.
   */
  async ctx(open: OpenOptions = {}): Promise<Ctx> {
    if (this.context) return this.context;
    const [{ openDesk, defaultDbPath }, { assertTimeZone, DEFAULT_TIME_ZONE, followProcessZone }] = await Promise.all([
      import('../store/open.js'),
      import('../rules/calendar.js'),
    ]);
    const now = nowFrom(this.env);
    const tz = assertTimeZone(this.env.ALIAS_SUPPORT_TZ || DEFAULT_TIME_ZONE);
    followProcessZone(tz, this.env);
    const agent = (this.opts.agent ?? defaultAgent(this.env)).trim();
    if (!agent) throw usageError('the agent name is empty', 'pass --agent NAME or set ALIAS_SUPPORT_AGENT');
    const explicit = this.explicitDb;
    this.store = await openDesk(explicit ?? defaultDbPath(this.env), { create: open.create ?? explicit === undefined });
    this.context = { store: this.store, now, agent, tz };
    return this.context;
  }

  async chalk(): Promise<ChalkInstance> {
    if (!this.chalkInstance) {
      const { colorLevel, makeChalk } = await import('../render/style.js');
      this.chalkInstance = makeChalk(
        colorLevel({ flag: this.opts.color, json: this.json, env: this.env, isTTY: Boolean(process.stdout.isTTY) }),
      );
    }
    return this.chalkInstance;
  }

  /**
   * Credit moves: at a terminal, show what will be done and ask (--yes skips);
   * without one the command line is the intent. A "no" changes nothing. A plan
   * of null means there is nothing to confirm.
   */
  async confirm(
    yes: boolean | undefined,
    plan: () => string | null | Promise<string | null>,
    question: string,
  ): Promise<void> {
    if (yes || !this.interactive) return;
    const text = await plan();
    if (text === null) return;
    this.print(text);
    const { askConfirm } = await import('./prompts.js');
    if (!(await askConfirm(question, false)))
      throw new AppError('INTERRUPTED', 'cancelled: nothing was changed', EXIT.interrupted);
  }

  /** A required value: given, asked for at a terminal, or a usage error naming the flag. */
  async need<T>(value: T | undefined, flag: string, ask?: () => Promise<T>): Promise<T> {
    if (value !== undefined && value !== '') return value;
    if (ask && this.interactive) return ask();
    throw usageError(
      `missing ${flag}`,
      `see 'alias-support ${this.path} --help'${ask ? '; in a terminal it is asked for' : ''}`,
    );
  }

  /** The whole stdout of a --json command: one document. */
  printJson(doc: unknown): void {
    const fields = this.jsonFields;
    this.output.out(
      `${inertJson(fields.length > 0 ? selectFields(this.path, this.declaration.json, doc, fields) : doc)}\n`,
    );
  }

  print(text: string): void {
    this.output.out(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** JSON or human output from one result. */
  async emit<T>(result: T, human: (result: T, c: ChalkInstance) => string | Promise<string>): Promise<void> {
    if (this.json) this.printJson(result);
    else {
      // Text outside the Latin scripts is measured by string-width, loaded only then.
      await (await import('../render/text.js')).prepareWidths(result);
      this.print(await human(result, await this.chalk()));
    }
  }

  /** The desk's error for a failure of its engine (Store.knownError); undefined before the desk is open, or for others. */
  knownError(err: unknown): AppError | undefined {
    return this.store?.knownError(err);
  }

  close(): void {
    this.store?.close();
  }
}

/** The command's path below the program, e.g. "credits balance". */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
