// The CLI (dist/) given a PostgreSQL URL: a desk created there, a server that
// cannot be used said in one line (exit 7) without the password, in text and
// --json, never a folder named after the URL's scheme, and the connection's
// worker started by the launcher before it loads the CLI.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { freshPgDatabase, noPg } from '../helpers/pg.js';
import { tempDir } from '../helpers/store.js';

const BIN = join(ROOT, 'bin', 'alias-support.js');

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, node: string[] = []) {
  const r = spawnSync(process.execPath, [...node, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      TZ: 'UTC',
      ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z',
      ALIAS_SUPPORT_AGENT: 'alice',
      ...env,
    },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI with --db postgres://…', () => {
  it('an unreachable server: exit 7 naming server and database, never the password, and no folder made', () => {
    const cwd = tempDir();
    for (const scheme of ['postgres', 'postgresql']) {
      const url = `${scheme}://alice:s3cret-pw@127.0.0.1:1/desk`;
      const text = run(['queue', '--db', url], cwd);
      expect(text).toMatchObject({
        code: 7,
        stdout: '',
        stderr: expect.stringContaining('cannot reach the database desk on 127.0.0.1:1'),
      });
      const json = run(['queue', '--json', '--db', url], cwd);
      expect(json.code).toBe(7);
      expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'DB_UNAVAILABLE', exitCode: 7 } });
      expect(`${text.stderr}${json.stderr}${json.stdout}`).not.toContain('s3cret-pw');
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('another scheme: a usage error (exit 2)', () => {
    const cwd = tempDir();
    expect(run(['queue', '--db', 'mysql://root:s3cret-pw@db/desk'], cwd)).toMatchObject({
      code: 2,
      stderr: expect.not.stringContaining('s3cret-pw'),
    });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.skipIf(noPg)('db init creates the desk in an empty database, where a ticket is opened, taken, closed', () => {
    const url = freshPgDatabase();
    const cwd = tempDir();
    expect(run(['db', 'init', '--db', url], cwd)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Created the desk ${url}`),
    });
    for (const args of [
      ['clients', 'add', 'C001', '--name', 'Acme', '--email', 'ops@acme.example'],
      ['licences', 'add', 'C001', '--plan', 'all-inclusive', '--start', '2026-01-01'],
      ['credits', 'adjust', 'C001', '+2h', '--reason', 'start', '--yes'],
      ['tickets', 'open', '--client', 'C001', '--subject', 'Printer'],
      ['tickets', 'open', '--client', 'C001', '--subject', 'Mail'],
      ['take', '1'],
      ['take', '--next'],
      ['close', '1', '--resolution', 'fixed'],
    ])
      expect({ args, ...run([...args, '--db', url], cwd) }).toMatchObject({ args, code: 0, stderr: '' });
    const queue = run(['queue', '--json', '--db', url], cwd);
    expect(queue.code).toBe(0);
    expect(JSON.parse(queue.stdout)).toMatchObject({ counts: { red: 0, orange: 1, green: 1 } });
  });
});

/** Preloaded into the CLI's process: says on stderr when a worker thread starts and when a CLI bundle is compiled. */
const ORDER_HOOK = `
const threads = require('node:worker_threads');
const vm = require('node:vm');
const say = (what) => process.stderr.write('[order] ' + what + '\\n');
const { Worker } = threads;
threads.Worker = class extends Worker { constructor(...a) { say('worker'); super(...a); } };
const { Script } = vm;
vm.Script = class extends Script { constructor(source, options) { say('bundle ' + require('node:path').basename(options.filename)); super(source, options); } };
`;

describe.skipIf(noPg)('the connection to a PostgreSQL desk, started by the launcher', () => {
  it('starts before the CLI is loaded, and is the one the command uses; none for a SQLite desk', () => {
    const cwd = tempDir();
    const hook = join(cwd, 'order-hook.cjs');
    writeFileSync(hook, ORDER_HOOK);
    const order = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('[order] '));
    const url = freshPgDatabase();
    expect(run(['db', 'init', '--db', url], cwd).code).toBe(0);

    for (const given of [
      { args: ['--db', url] },
      { args: [`--db=${url}`] },
      { args: [], env: { ALIAS_SUPPORT_DB: url } },
    ]) {
      const r = run(['queue', '--json', ...given.args], cwd, given.env, ['-r', hook]);
      expect({ given, code: r.code }).toEqual({ given, code: 0 });
      expect(order(r.stderr)).toEqual(['[order] worker', '[order] bundle everyday.cjs']);
    }
    // A bad busy timeout: no early start; the command says what is wrong.
    const bad = run(['queue', '--db', url], cwd, { ALIAS_SUPPORT_BUSY_TIMEOUT_MS: '5s' }, ['-r', hook]);
    expect(bad.code).toBe(2);
    expect(order(bad.stderr)).toEqual(['[order] bundle everyday.cjs']);
    // --db names a SQLite file while ALIAS_SUPPORT_DB names PostgreSQL: no worker at all.
    const sqlite = join(cwd, 'desk.db');
    expect(run(['db', 'init', '--db', sqlite], cwd).code).toBe(0);
    const local = run(['queue', '--db', sqlite], cwd, { ALIAS_SUPPORT_DB: url }, ['-r', hook]);
    expect(local.code).toBe(0);
    expect(order(local.stderr)).toEqual(['[order] bundle everyday.cjs']);
  });
});
