// Runs the real CLI as a user would: a child process of bin/alias-support.js
// (or ALIAS_BIN, e.g. the single executable) on a temporary database.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './store.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = process.env.ALIAS_BIN ? join(ROOT, process.env.ALIAS_BIN) : join(ROOT, 'bin', 'alias-support.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
  error(): { code: string; message: string; exitCode: number };
}

export interface Cli {
  db: string;
  run(args: string[], options?: { now?: string; agent?: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number }): CliResult;
}

export function cli(now = '2026-11-26T09:00:00Z'): Cli {
  const db = join(tempDir(), 'desk.db');
  return {
    db,
    run(args, options = {}) {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: 'UTC',
        ALIAS_SUPPORT_DB: db,
        ALIAS_SUPPORT_NOW: options.now ?? now,
        ALIAS_SUPPORT_AGENT: options.agent ?? 'alice',
        ...options.env,
      };
      const command = BIN.endsWith('.js') ? process.execPath : BIN;
      const argv = BIN.endsWith('.js') ? [BIN, ...args] : args;
      const r = spawnSync(command, argv, { env, input: options.input ?? '', encoding: 'utf8', timeout: options.timeout ?? 20_000 });
      const result: CliResult = {
        code: r.status ?? -1,
        stdout: r.stdout,
        stderr: r.stderr,
        json: () => JSON.parse(r.stdout),
        error: () => JSON.parse(r.stderr).error,
      };
      return result;
    },
  };
}
