// A use-case context on a fresh temporary database, with a pinned "now".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore } from '../../src/db/open.js';
import type { Ctx } from '../../src/services/context.js';

const dirs: string[] = [];

afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alias-support-test-'));
  dirs.push(dir);
  return dir;
}

export interface TestDesk {
  ctx: Ctx;
  /** the same store at another instant and/or agent */
  at(iso: string, agent?: string): Ctx;
  path: string;
}

export function tempDesk(now = '2026-11-26T09:00:00Z', agent = 'alice'): TestDesk {
  const path = join(tempDir(), 'desk.db');
  const store = openStore(path);
  const ctx: Ctx = { store, now: Date.parse(now), agent, tz: 'Europe/Paris' };
  return { ctx, path, at: (iso, who = agent) => ({ ...ctx, now: Date.parse(iso), agent: who }) };
}
