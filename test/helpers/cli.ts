// Runs the real CLI as a user would: a child process of bin/alias-support.js
// (or ALIAS_BIN, e.g. the single executable) on a temporary desk.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDesk, tempDir } from './store.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = process.env.ALIAS_BIN ? join(ROOT, process.env.ALIAS_BIN) : join(ROOT, 'bin', 'alias-support.js');

/** What to spawn to run the CLI with `args`: node and the launcher, or the single executable itself (e.g. in a pseudo-terminal). */
export function commandLine(args: string[], bin = BIN): [file: string, args: string[]] {
  return bin.endsWith('.js') ? [process.execPath, [bin, ...args]] : [bin, args];
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
  error(): { code: string; message: string; exitCode: number };
}

export interface RunOptions {
  now?: string;
  agent?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeout?: number;
}

export interface Cli {
  db: string;
  run(args: string[], options?: RunOptions): CliResult;
  /** The same without blocking the test's event loop: for servers running inside the test (SMTP) and concurrent runs. */
  start(args: string[], options?: RunOptions): Promise<CliResult>;
}

function result(code: number | null, stdout: string, stderr: string): CliResult {
  return {
    code: code ?? -1,
    stdout,
    stderr,
    json: () => JSON.parse(stdout),
    error: () => JSON.parse(stderr).error,
  };
}

/**
 * A CLI on a new empty desk (see createDesk), or on a copy of the closed desk at `from`.
 * `bin`: another program to run, e.g. both the launcher and the single executable in one test.
 */
export function cli(now = '2026-11-26T09:00:00Z', bin = BIN, from?: string): Cli {
  const db = createDesk(join(tempDir(), 'desk.db'), from);
  const envOf = (options: RunOptions): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    ALIAS_SUPPORT_DB: db,
    ALIAS_SUPPORT_NOW: options.now ?? now,
    ALIAS_SUPPORT_AGENT: options.agent ?? 'alice',
    ...options.env,
  });
  return {
    db,
    run(args, options = {}) {
      const r = spawnSync(...commandLine(args, bin), {
        env: envOf(options),
        input: options.input ?? '',
        encoding: 'utf8',
        timeout: options.timeout ?? 20_000,
      });
      return result(r.status, r.stdout, r.stderr);
    },
    start(args, options = {}) {
      const child = spawn(...commandLine(args, bin), { env: envOf(options), timeout: options.timeout ?? 20_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // A command that ends without reading its stdin closes it: writing to it then fails with EPIPE, which is not the test's concern.
      child.stdin.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
      });
      child.stdin.end(options.input ?? '');
      return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve(result(code, stdout, stderr)));
      });
    },
  };
}
