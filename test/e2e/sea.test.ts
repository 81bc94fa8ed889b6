// The single executable dist/alias-support (built by `npm run package`, not by
// `npm test`; .ci/sea builds it and runs this suite): alone in an empty folder,
// with no node to be found, it does a day at the desk, and it behaves exactly
// like bin/alias-support.js. Skipped, with a message, when it is not built.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { unmaintained } from '../../bin/node-runtime.mjs';
import { cli, ROOT } from '../helpers/cli.js';
import { snapshotFile, tempDir } from '../helpers/store.js';
import { KEY, terminal } from '../helpers/terminal.js';

const EXE = join(ROOT, 'dist', 'alias-support');
const ADDON = join(ROOT, 'dist', 'better_sqlite3.node');
const { version: VERSION, engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  engines: { node: string };
};

/** When the executable was built from older sources, comparing it with the launcher would test nothing. */
function newestSource(): number {
  const within = (folder: string) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).map((f) => join(ROOT, folder, f));
  return Math.max(...[...within('src'), ...within('db'), join(ROOT, 'package.json')].map((f) => statSync(f).mtimeMs));
}
const skip = !existsSync(EXE)
  ? 'dist/alias-support is not built'
  : statSync(EXE).mtimeMs < newestSource()
    ? 'dist/alias-support is older than src/, db/ or package.json'
    : '';
if (skip) console.warn(`test/e2e/sea.test.ts: SKIPPED, ${skip} (run \`npm run package\`, or .ci/sea)`);

/** Sign-in secrets are random in each program (demo prints a sign-in link): compared as placeholders. */
const secretless = (text: string) => text.replace(/\/sign-in\/[\w-]{43}/g, '/sign-in/<token>');
const deskContent = (file: string): unknown =>
  JSON.parse(JSON.stringify(snapshotFile(file)), (key, value: unknown) =>
    key === 'token_hash' || key === 'id_hash' ? '<hash>' : value,
  );

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/** A copy of the executable alone in an empty folder, run as `env -i HOME=<folder> PATH=/nonexistent ./alias-support`. */
function alone() {
  const home = tempDir();
  const exe = join(home, 'alias-support');
  copyFileSync(EXE, exe);
  const run = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve, reject) => {
      const vars = Object.entries({ HOME: home, PATH: '/nonexistent', ...env }).map(([k, v]) => `${k}=${v}`);
      const child = spawn('/usr/bin/env', ['-i', ...vars, exe, ...args], { cwd: home, timeout: 20_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.end();
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
    });
  /** Whether this build has the command (some may be added after this test was written). */
  const has = async (command: string) => {
    const found = (await run([...command.split(' '), '--help'])).stdout.startsWith(`Usage: alias-support ${command} `);
    if (!found) console.warn(`test/e2e/sea.test.ts: no '${command}' command in this build, not tried`);
    return found;
  };
  return { home, exe, run, has };
}

// Each test runs the executable dozens of times (a demo included): minutes on a busy 2-core machine.
describe.skipIf(Boolean(skip))(
  'the single executable dist/alias-support (skipped unless `npm run package` built it)',
  { timeout: 300_000 },
  () => {
    it('runs alone in an empty folder with no node on PATH: demo, queue, take, close, bill, credits import', async () => {
      const desk = alone();
      const node = spawnSync('/usr/bin/env', ['-i', 'PATH=/nonexistent', 'node', '-e', '0']);
      expect(node.status).toBe(127); // no node can be found in that environment

      expect((await desk.run(['--version'])).stdout).toBe(`${VERSION}\n`);
      const demo = await desk.run(['demo']);
      expect(demo.stderr).toBe('');
      expect(demo.code).toBe(0);
      // the same default database as the launcher's: $HOME/.local/share/alias-support/
      const db = join(desk.home, '.local', 'share', 'alias-support', 'alias-support.db');
      expect(demo.stdout).toContain(db);
      expect(statSync(db).mode & 0o777).toBe(0o600);

      if (await desk.has('queue')) {
        const queue = await desk.run(['queue', '--json']);
        expect(queue.code).toBe(0);
        expect(queue.json().counts.red).toBeGreaterThan(0);
      }
      const taken = await desk.run(['take', '--next', '--json']);
      expect(taken.code).toBe(0);
      const ticket = taken.json().ticket;
      expect(ticket).toMatchObject({ status: 'in_progress', color: 'orange' });
      const closed = await desk.run([
        'close',
        String(ticket.number),
        '--resolution',
        'fixed with the single executable',
        '--json',
      ]);
      expect(closed.code).toBe(0);
      expect(closed.json().ticket).toMatchObject({ number: ticket.number, status: 'resolved' });
      if (await desk.has('bill')) {
        const bill = await desk.run(['bill', String(ticket.number), '--json']);
        expect(bill.code).toBe(0);
        expect(bill.json().bills[0].ticket).toBe(ticket.number);
      }
      if (await desk.has('credits import')) {
        const orders = join(desk.home, 'orders.csv');
        const yesterday = new Date(Date.now() - 86_400_000).toISOString();
        writeFileSync(
          orders,
          `order_id,client,product,quantity,purchased_at\nSEA-1,${ticket.client},AST02,1,${yesterday}\n`,
        );
        const imported = await desk.run(['credits', 'import', orders, '--json']);
        expect(imported.code).toBe(0);
        expect(imported.json()).toMatchObject({ imported: 1, minutesAdded: 120 });
      }
      const unknown = await desk.run(['tickets', 'show', '999999', '--json']);
      expect(unknown.code).toBe(3);

      // It wrote nothing beside itself: its database and its private cache folder only.
      expect(readdirSync(desk.home).sort()).toEqual(
        [
          '.cache',
          '.local',
          'alias-support',
          ...(existsSync(join(desk.home, 'orders.csv')) ? ['orders.csv'] : []),
        ].sort(),
      );
      const cache = join(desk.home, '.cache', 'alias-support');
      const [version, ...others] = readdirSync(cache);
      expect(others).toEqual([]);
      expect(version).toMatch(new RegExp(`^${VERSION.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
      for (const folder of [cache, join(cache, version!)]) expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(readdirSync(join(cache, version!)).sort()).toEqual(['better_sqlite3.node', 'migrations']);
    });

    it('carries a maintained Node.js LTS that the package supports, and says which (--version --json)', async () => {
      const r = await alone().run(['--version', '--json']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const node = String(r.json().node).replace(/^v/, '');
      expect(semver.valid(node), `--version --json: ${r.stdout}`).toBeTruthy();
      expect(unmaintained(node)).toBeUndefined();
      expect(semver.satisfies(node, engines.node)).toBe(true);
    });

    it('behaves exactly like bin/alias-support.js: same output, errors and exit codes, same database', async () => {
      const launcher = cli('2026-11-26T09:00:00Z', join(ROOT, 'bin', 'alias-support.js'));
      const exe = cli('2026-11-26T09:00:00Z', EXE);
      const orders = join(tempDir(), 'orders.csv');
      writeFileSync(
        orders,
        'order_id,client,product,quantity,purchased_at\nW-1,C001,AST05,1,2026-11-20T14:03:00Z\nW-2,NOPE,AST99,0,yesterday\n',
      );
      const session: string[][] = [
        ['--version'],
        ['--help'],
        ['take', '--help'],
        ['commands', '--json'],
        ['demo'],
        ['demo', '--json'],
        ['queue'],
        ['queue', '--json'],
        ['clients', 'list'],
        ['take', '--next', '--json'],
        ['take', '--next'],
        ['time', '1'],
        ['close', '1', '--resolution', 'done'],
        ['bill', '--all', '--json'],
        ['credits', 'import', orders, '--json'],
        ['credits', 'import', orders],
        ['take', '999999'],
        ['take', '999999', '--json'],
        ['take', 'abc'],
        ['no-such-command'],
        ['report', 'usage', '--json'],
        ['credits', 'list'],
        ['licences', 'expire', '--dry-run', '--json'],
        ['fixes', 'list'],
        ['outbox', 'list'],
        ['db', 'check'],
        ['db', 'backup', '<db>.bak'], // a second connection (the copy's check) needs the addon too
      ];
      const run = (c: typeof exe, args: string[]) => c.run(args.map((arg) => arg.replace('<db>', c.db)));
      for (const args of session) {
        const [a, b] = [run(launcher, args), run(exe, args)];
        const same = (r: typeof a, db: string) => ({
          code: r.code,
          stdout: secretless(r.stdout.replaceAll(db, '<db>')),
          stderr: r.stderr.replaceAll(db, '<db>'),
        });
        expect(same(b, exe.db), args.join(' ')).toEqual(same(a, launcher.db));
      }
      const coloured = (c: typeof exe) => c.run(['take', '--help'], { env: { FORCE_COLOR: '1' } }).stdout;
      expect(coloured(exe)).toBe(coloured(launcher));
      expect(deskContent(exe.db)).toEqual(deskContent(launcher.db));
    });

    it('asks at a terminal like the launcher: take with no number offers the red queue', async () => {
      const outcomes = [];
      for (const bin of [join(ROOT, 'bin', 'alias-support.js'), EXE]) {
        const desk = cli('2026-11-26T09:00:00Z', bin);
        expect(desk.run(['demo']).code).toBe(0);
        const t = terminal(['take'], { db: desk.db, bin });
        await t.waitFor('Take which red ticket?');
        t.type(KEY.down + KEY.enter); // the second one
        outcomes.push({ code: await t.exit, db: deskContent(desk.db) });
      }
      expect(outcomes[0]!.code).toBe(0);
      expect(outcomes[1]).toEqual(outcomes[0]);
    });

    it('two first runs at once unpack the cache once, with no leftovers', async () => {
      const desk = alone();
      const runs = await Promise.all([1, 2, 3, 4].map(() => desk.run(['clients', 'list', '--json'])));
      for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(readdirSync(join(desk.home, '.cache', 'alias-support'))).toHaveLength(1); // no half-written temporary folders
    });

    it('never uses a cache folder others can write: it unpacks into a private folder for the run instead', async () => {
      const desk = alone();
      const shared = join(desk.home, 'shared');
      mkdirSync(join(shared, 'alias-support'), { recursive: true });
      chmodSync(join(shared, 'alias-support'), 0o777);
      const r = await desk.run(['clients', 'list', '--json'], { XDG_CACHE_HOME: shared, TMPDIR: desk.home });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(readdirSync(join(shared, 'alias-support'))).toEqual([]);
      expect(readdirSync(desk.home).filter((f) => f.startsWith('alias-support-'))).toEqual([]); // removed at exit
    });

    // A real noexec mount needs root; the fallback is the addon beside the executable.
    const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
    it.skipIf(!canMount)(
      'on a noexec cache, says what to do, and uses better_sqlite3.node beside the executable',
      async () => {
        const desk = alone();
        const noexec = join(desk.home, 'noexec');
        mkdirSync(noexec);
        const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'noexec,size=16m', 'tmpfs', noexec], {
          encoding: 'utf8',
        });
        if (mount.status !== 0) return void console.warn(`noexec test not run: ${mount.stderr.trim()}`);
        try {
          const refused = await desk.run(['clients', 'list', '--json'], { XDG_CACHE_HOME: noexec });
          expect(refused.code).toBe(7);
          const error = JSON.parse(refused.stderr).error;
          expect(error.code).toBe('DB_UNAVAILABLE');
          expect(error.message).toContain('failed to map segment');
          expect(error.hint).toContain(`better_sqlite3.node beside ${desk.exe}`);

          copyFileSync(ADDON, join(desk.home, 'better_sqlite3.node'));
          const r = await desk.run(['clients', 'list', '--json'], { XDG_CACHE_HOME: noexec });
          expect({ code: r.code, stderr: r.stderr, clients: r.json().clients }).toEqual({
            code: 0,
            stderr: '',
            clients: [],
          });
        } finally {
          spawnSync('umount', [noexec]);
        }
      },
    );
  },
);
