// What a command's action gets: its parsed options (global ones included),
// the use-case context (database opened on first use), and the output. Heavy
// modules (database, chalk, tables) are imported here lazily, so `--help` and
// `--version` load none of them.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { AppError, invalidInput, usageError } from '../errors.js';
import type { Store } from '../db/open.js';
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

export function nowFrom(env: NodeJS.ProcessEnv): number {
  const text = env.ALIAS_SUPPORT_NOW;
  if (!text) return Date.now();
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms))
    throw invalidInput(`ALIAS_SUPPORT_NOW is not an ISO-8601 instant: '${text}'`, 'e.g. 2026-11-26T09:00:00Z');
  return ms;
}

export class Runtime {
  readonly opts: GlobalOptions & Record<string, unknown>;
  private store?: Store;
  private context?: Ctx;
  private chalkInstance?: ChalkInstance;

  constructor(
    readonly command: Command,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.opts = command.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
  }

  get json(): boolean {
    return this.opts.json !== undefined && this.opts.json !== false;
  }

  /** Prompts only for a person at a terminal: never with --json, --no-input, CI or piped stdin/stdout. */
  get interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY && this.opts.input && !this.json && !this.env.CI);
  }

  get dbPath(): string {
    return this.opts.db ?? this.env.ALIAS_SUPPORT_DB ?? '';
  }

  async ctx(): Promise<Ctx> {
    if (this.context) return this.context;
    const [{ openStore, defaultDbPath }, { assertTimeZone }] = await Promise.all([
      import('../db/open.js'),
      import('../rules/calendar.js'),
    ]);
    const now = nowFrom(this.env);
    const tz = assertTimeZone(this.env.ALIAS_SUPPORT_TZ || 'Europe/Paris');
    const agent = (this.opts.agent ?? defaultAgent(this.env)).trim();
    if (!agent) throw usageError('the agent name is empty', 'pass --agent NAME or set ALIAS_SUPPORT_AGENT');
    this.store = openStore(this.dbPath || defaultDbPath(this.env));
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

  /** A required value: given, asked for at a terminal, or a usage error naming the flag. */
  async need<T>(value: T | undefined, flag: string, ask?: () => Promise<T>): Promise<T> {
    if (value !== undefined && value !== '') return value;
    if (ask && this.interactive) return ask();
    throw usageError(`missing ${flag}`, `pass ${flag}${ask ? ' (or run it in a terminal to be asked)' : ''}`);
  }

  /** The whole stdout of a --json command: one document. */
  printJson(doc: unknown): void {
    process.stdout.write(`${JSON.stringify(doc)}\n`);
  }

  print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** JSON or human output from one result. */
  async emit<T>(result: T, human: (result: T, c: ChalkInstance) => string | Promise<string>): Promise<void> {
    if (this.json) this.printJson(result);
    else this.print(await human(result, await this.chalk()));
  }

  close(): void {
    this.store?.close();
  }
}

/** Parses a positive integer argument (ticket numbers, counts). */
export function positiveInt(what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
      throw new AppError('USAGE', `invalid ${what} '${value}': expected a whole number ≥ 1`, 2);
    return Number(value);
  };
}
