// Killing the CLI at a point it reports (src/crash-point.ts): the command
// runs with ALIAS_SUPPORT_CRASH_POINT, says on stderr when it is there and
// waits; it is SIGKILLed (no handler, no cleanup) on reading that line. The
// kill lands at that very point however fast, slow or busy the machine is.
import { spawn } from 'node:child_process';
import { random } from '../../src/services/demo.js';
import { commandLine } from './cli.js';

export interface KillRun {
  /** the point was reached and the process killed there */
  killed: boolean;
  code: number | null;
  stderr: string;
}

const MARKER = /^alias-support: crash point \S+ \(pid \d+\)$/m;

/** Runs the CLI with `env`; with `point` (NAME or NAME:N), kills it when it gets there. */
export function runKilledAt(
  args: string[],
  env: NodeJS.ProcessEnv,
  point?: string,
  timeoutMs = 120_000,
): Promise<KillRun> {
  const child = spawn(...commandLine(args), {
    env: { PATH: process.env.PATH, TZ: 'UTC', ...env, ...(point ? { ALIAS_SUPPORT_CRASH_POINT: point } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let killed = false;
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    if (!killed && MARKER.test(stderr)) killed = child.kill('SIGKILL');
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ killed, code, stderr });
    }),
  );
}

/** A seeded random source for the tests' random kill points; the seed is printed so that a failure can be replayed (CRASH_SEED=…). */
export function crashRandom(what: string): () => number {
  const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.info(`${what}: random kill points from CRASH_SEED=${seed}`);
  return random(seed);
}
