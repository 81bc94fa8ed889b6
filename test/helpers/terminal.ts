// The CLI at a real terminal: a pseudo-terminal (node-pty), so the program
// sees a TTY on stdin and stdout as at a support agent's desk.
import { spawn } from 'node-pty';
import { commandLine, ROOT } from './cli.js';

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[()][0-9A-B]|\u001b[=>78]/g;

export const KEY = { down: '\u001b[B', enter: '\r', ctrlC: '\u0003' };

/** Terminal output as a person reads it: escape sequences removed. */
export const visible = (out: string): string => out.replace(ANSI, '');

export interface Terminal {
  /** everything written so far, escape sequences included */
  output(): string;
  /** the output without escape sequences */
  screen(): string;
  type(keys: string): void;
  /** waits until the visible screen contains `text`, or `test(raw output)` holds */
  waitFor(expected: string | RegExp | ((out: string) => boolean), timeoutMs?: number): Promise<void>;
  exit: Promise<number>;
}

export interface TerminalOptions {
  db: string;
  cols?: number;
  rows?: number;
  now?: string;
  env?: Record<string, string>;
  /** another program than ALIAS_BIN's (or the launcher), e.g. to compare it with the single executable */
  bin?: string;
}

export function terminal(args: string[], options: TerminalOptions): Terminal {
  const [file, argv] = commandLine(args, options.bin);
  const pty = spawn(file, argv, {
    name: 'xterm-256color',
    cols: options.cols ?? 140,
    rows: options.rows ?? 40,
    cwd: ROOT,
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME!,
      TZ: 'UTC',
      TERM: 'xterm-256color',
      ALIAS_SUPPORT_DB: options.db,
      ALIAS_SUPPORT_NOW: options.now ?? '2026-11-26T09:00:00Z',
      ALIAS_SUPPORT_AGENT: 'alice',
      ...options.env,
    },
  });
  let out = '';
  const waiters: (() => void)[] = [];
  pty.onData((d) => {
    out += d;
    waiters.splice(0).forEach((w) => w());
  });
  const matches = (expected: string | RegExp | ((out: string) => boolean)): boolean =>
    typeof expected === 'function'
      ? expected(out)
      : typeof expected === 'string'
        ? visible(out).includes(expected)
        : expected.test(visible(out));
  return {
    output: () => out,
    screen: () => visible(out),
    type: (keys) => pty.write(keys),
    exit: new Promise((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode))),
    waitFor: (expected, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${String(expected)}; screen:\n${visible(out)}`)),
          timeoutMs,
        );
        const check = () => (matches(expected) ? (clearTimeout(timer), resolve()) : waiters.push(check));
        check();
      }),
  };
}
