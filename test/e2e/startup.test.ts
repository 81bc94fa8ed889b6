// The launcher's start-up work (bin/alias-support.js, bin/bundle.cjs, written
// by bin/build.mjs): `--version` and the piped `--help` answered without the
// bundle, and answered as the bundle itself answers; the bundles (the whole
// CLI, the everyday commands) run from their code caches, and still run right
// when a cache is missing, stale or corrupt.
import { cpSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

/** A copy of the installed CLI (launcher and build output), to break on purpose. */
function install(): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  for (const f of ['main.cjs', 'main.cjs.cache', 'everyday.cjs', 'everyday.cjs.cache', 'answers.json'])
    cpSync(join(ROOT, 'dist', f), join(dir, 'dist', f), { preserveTimestamps: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(ROOT, 'db'), join(dir, 'db'));
  return join(dir, 'bin', 'alias-support.js');
}

describe('start-up', () => {
  it('--version and the piped --help are what the bundle prints', () => {
    const c = cli();
    for (const flag of ['--version', '-V', '--help', '-h']) {
      const fast = c.run([flag]);
      // Another global option first: the launcher does not answer, the bundle (commander) does.
      const full = c.run(['--no-input', flag]);
      expect(fast.code, flag).toBe(0);
      expect(full.code, flag).toBe(0);
      expect(fast.stdout, flag).toBe(full.stdout);
      expect(fast.stderr, flag).toBe('');
    }
    expect(c.run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('answers --version without loading the bundle', () => {
    const bin = install();
    rmSync(join(bin, '..', '..', 'dist', 'main.cjs'));
    rmSync(join(bin, '..', '..', 'dist', 'everyday.cjs'));
    const c = cli(undefined, bin);
    expect(c.run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(c.run(['queue']).code).not.toBe(0);
  });

  it('runs without its answers, and with a code cache missing, stale or corrupt', () => {
    const bin = install();
    const dist = join(bin, '..', '..', 'dist');
    const c = cli(undefined, bin);
    const reference = cli();
    const expected = reference.run(['--help']).stdout;
    rmSync(join(dist, 'answers.json'));
    expect(c.run(['--help']).stdout).toBe(expected);
    // queue runs in the everyday bundle, clients list in the whole CLI's.
    const calls = () => {
      const queue = c.run(['queue', '--json']);
      const clients = c.run(['clients', 'list', '--json']);
      for (const r of [queue, clients]) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
      return [queue.json(), clients.json()];
    };
    const answers = [{ tickets: [], counts: { red: 0, orange: 0, green: 0 } }, { clients: [] }];
    expect(calls()).toEqual(answers);
    for (const cache of ['main.cjs.cache', 'everyday.cjs.cache']) {
      // Stale: written before the bundle it was made for.
      utimesSync(join(dist, cache), new Date(2000, 0, 1), new Date(2000, 0, 1));
      expect(calls()).toEqual(answers);
      writeFileSync(join(dist, cache), 'not a code cache');
      expect(calls()).toEqual(answers);
      rmSync(join(dist, cache));
      expect(calls()).toEqual(answers);
    }
  });
});
