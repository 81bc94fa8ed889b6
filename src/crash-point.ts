// Named points of long commands where a crash test kills the process. With
// ALIAS_SUPPORT_CRASH_POINT=NAME (or NAME:N, the N-th time, or the first time
// a count such as rows read reaches N), the command writes
// `alias-support: crash point NAME:N (pid P)` to stderr when it gets there
// and waits, so that the test kills it at exactly that point however fast or
// loaded the machine is. Unset (always, in use), a point costs one comparison.
import { writeSync } from 'node:fs';

/** How long a process waits at its point for the kill before it goes on. */
const HOLD_MS = 60_000;

let target: { name: string; count: number } | null | undefined;
const reached = new Map<string, number>();

function targetOf(): { name: string; count: number } | null {
  const text = process.env.ALIAS_SUPPORT_CRASH_POINT;
  if (!text) return null;
  const [, name, count] = /^([\w-]+)(?::(\d+))?$/.exec(text) ?? [];
  return name ? { name, count: Number(count ?? 1) } : null;
}

/** The command is at point `name`; `count`: how far it got (rows…), else the number of times it came here. */
export function crashPoint(name: string, count?: number): void {
  target ??= targetOf();
  if (target === null || target.name !== name) return;
  const n = count ?? (reached.get(name) ?? 0) + 1;
  reached.set(name, n);
  if (n < target.count) return;
  target = null; // once
  writeSync(2, `alias-support: crash point ${name}:${n} (pid ${process.pid})\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HOLD_MS);
}
