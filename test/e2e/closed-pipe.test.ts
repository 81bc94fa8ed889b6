// `alias-support credits list | head -2`: the reader closes the pipe after the
// first bytes. The CLI ends quietly with exit 0, no "write EPIPE" stack trace.
import { spawn } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { cli, commandLine, type Cli } from '../helpers/cli.js';
import { deskTemplate } from '../helpers/store.js';

/** Runs the CLI with stdout into a reader that closes it after `keep` bytes (0: before anything is written). */
function readThenClose(
  c: Cli,
  args: string[],
  keep: number,
): Promise<{ code: number | null; signal: string | null; read: string; stderr: string }> {
  const child = spawn(...commandLine(args), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ALIAS_SUPPORT_DB: c.db,
      ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z',
      ALIAS_SUPPORT_AGENT: 'alice',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  let read = '';
  let stderr = '';
  if (keep === 0) child.stdout.destroy();
  else
    child.stdout.on('data', (chunk: Buffer) => {
      read += chunk.toString('utf8');
      if (read.length >= keep) child.stdout.destroy();
    });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, read, stderr }));
  });
}

// About 200 KB of `credits list`: more than a pipe holds, so the CLI is still writing when the reader leaves.
const template = deskTemplate((ctx) => {
  for (let i = 1; i <= 2500; i++)
    addClient(ctx, { code: `C${String(i).padStart(4, '0')}`, name: `Client number ${i} of the closed-pipe desk` });
});
let c: Cli;

beforeEach(() => {
  c = cli();
  template.copyTo(c.db);
});

describe('a reader that stops reading', () => {
  it.each([[['credits', 'list']], [['credits', 'list', '--json']], [['clients', 'list']]])(
    '%o | head: exit 0, nothing on stderr',
    async (args) => {
      const r = await readThenClose(c, args, 200);
      expect(r.read.length).toBeGreaterThanOrEqual(200);
      expect(r.stderr).toBe('');
      expect(r.signal).toBeNull();
      expect(r.code).toBe(0);
    },
  );

  it.each([[['--help']], [['--version']], [['commands', '--json']], [['credits', 'balance', 'C0001']]])(
    '%o into a pipe closed before it writes: exit 0, nothing on stderr',
    async (args) => {
      const r = await readThenClose(c, args, 0);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
  );

  it('a failure still reports its exit code when stdout is closed', async () => {
    const r = await readThenClose(c, ['credits', 'balance', 'C9999'], 0);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/C9999/);
  });
});
