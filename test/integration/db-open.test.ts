// Busy and broken databases through the real CLI: a lock held too long is
// DB_BUSY (exit 7) with a retry hint; a file that is not a database, a newer
// schema, a read-only file, a folder without permission or a path through a
// file is DB_UNAVAILABLE (exit 7) naming the path and the problem; and a failed
// open never changes a byte of the file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLine, cli, ROOT } from '../helpers/cli.js';
import { createDesk, tempDir } from '../helpers/store.js';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const holders: ChildProcess[] = [];
afterEach(() => {
  while (holders.length) holders.pop()!.kill('SIGKILL');
});

/** Another process holding the write lock (BEGIN IMMEDIATE) for `ms`; resolves once it holds it. */
function holdWriteLock(db: string, ms: number): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules', 'better-sqlite3'))});
    const db = new Database(${JSON.stringify(db)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  holders.push(child);
  return new Promise((done, fail) => {
    child.stdout.once('data', () => done(child));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`lock holder exited early (${code})`)));
  });
}

function deskWithClient(): ReturnType<typeof cli> {
  const desk = cli();
  expect(desk.run(['clients', 'add', 'C1', '--name', 'Dupont SA']).code).toBe(0);
  return desk;
}

describe('a lock held by another process', () => {
  it('longer than the busy timeout: DB_BUSY (exit 7) with a retry hint, after waiting the timeout; nothing written', async () => {
    const desk = deskWithClient();
    await holdWriteLock(desk.db, 10_000);
    const started = Date.now();
    const r = desk.run(['clients', 'add', 'C2', '--name', 'Martin', '--json'], {
      env: { ALIAS_SUPPORT_BUSY_TIMEOUT_MS: '400' },
    });
    const waited = Date.now() - started;
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error).toMatchObject({
      code: 'DB_BUSY',
      exitCode: 7,
      hint: expect.stringMatching(/retry/),
    });
    expect(waited).toBeGreaterThanOrEqual(400);

    const human = desk.run(['clients', 'add', 'C2', '--name', 'Martin'], {
      env: { ALIAS_SUPPORT_BUSY_TIMEOUT_MS: '100' },
    });
    expect(human.code).toBe(7);
    expect(human.stderr).toMatch(/^alias-support: the database is busy .*retry/);
    expect(human.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace

    holders.pop()!.kill('SIGKILL');
    expect(
      desk
        .run(['clients', 'list', '--json'])
        .json()
        .clients.map((c: { code: string }) => c.code),
    ).toEqual(['C1']);
  });

  it('released within the timeout: the command waits and succeeds', async () => {
    const desk = deskWithClient();
    await holdWriteLock(desk.db, 1500);
    const started = Date.now();
    const r = desk.run(['clients', 'add', 'C2', '--name', 'Martin', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // It could only write once the lock was let go, 1.5 s after it was taken.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
  });

  it('readers are not blocked by a writer (WAL)', async () => {
    const desk = deskWithClient();
    await holdWriteLock(desk.db, 10_000);
    const r = desk.run(['clients', 'list', '--json'], { env: { ALIAS_SUPPORT_BUSY_TIMEOUT_MS: '100' } });
    expect(r.code).toBe(0);
    expect(r.json().clients).toHaveLength(1);
  });

  it('ALIAS_SUPPORT_BUSY_TIMEOUT_MS must be a whole number of milliseconds (usage, exit 2)', () => {
    const r = deskWithClient().run(['clients', 'list'], { env: { ALIAS_SUPPORT_BUSY_TIMEOUT_MS: '5s' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ALIAS_SUPPORT_BUSY_TIMEOUT_MS');
  });
});

describe('a file that cannot be the database', () => {
  it('not a database: DB_UNAVAILABLE (exit 7) naming the file; not a byte changed, no -wal created', () => {
    const desk = cli();
    writeFileSync(desk.db, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256)));
    const before = sha256(desk.db);
    for (const args of [
      ['clients', 'list'],
      ['take', '1'],
      ['db', 'check'],
      ['db', 'backup', join(tempDir(), 'b.db')],
    ]) {
      const r = desk.run([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(7);
      expect(r.error()).toMatchObject({ code: 'DB_UNAVAILABLE', message: expect.stringContaining(desk.db) });
      expect(r.error().message).toMatch(/not a valid alias-support database/);
    }
    expect(sha256(desk.db)).toBe(before);
    expect(existsSync(`${desk.db}-wal`)).toBe(false);
  });

  it('a database of a newer version: refused (exit 7), not downgraded, not a byte changed', () => {
    const desk = deskWithClient();
    const sqlite = new Database(desk.db);
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    sqlite.pragma(`user_version = ${version + 5}`);
    sqlite.close();
    const before = sha256(desk.db);
    const r = desk.run(['clients', 'add', 'C2', '--name', 'Martin', '--json']);
    expect(r.code).toBe(7);
    expect(r.error()).toMatchObject({
      code: 'DB_UNAVAILABLE',
      message: expect.stringMatching(/newer version.*schema \d+/),
    });
    expect(r.error().message).toContain(desk.db);
    expect(sha256(desk.db)).toBe(before);
    const after = new Database(desk.db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(version + 5);
    after.close();
  });

  it('a path through a regular file (works as root too): exit 7 saying so, nothing created', () => {
    const file = join(tempDir(), 'plain-file');
    writeFileSync(file, 'x');
    const desk = cli();
    const r = desk.run(['clients', 'list', '--json'], { env: { ALIAS_SUPPORT_DB: join(file, 'sub', 'desk.db') } });
    expect(r.code).toBe(7);
    expect(r.error()).toMatchObject({
      code: 'DB_UNAVAILABLE',
      message: expect.stringMatching(/plain-file\/sub\/desk\.db: a part of its folder path is a file/),
    });
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('db check and db backup never create a database', () => {
    const missing = join(tempDir(), 'missing.db');
    for (const args of [
      ['db', 'check'],
      ['db', 'backup', join(tempDir(), 'b.db')],
    ]) {
      const r = cli().run([...args, '--json'], { env: { ALIAS_SUPPORT_DB: missing } });
      expect(r.code).toBe(7);
      expect(r.error()).toMatchObject({ code: 'DB_UNAVAILABLE', message: `no desk at ${missing}` });
    }
    expect(existsSync(missing)).toBe(false);
  });
});

// Permissions do not stop root: as root the CLI runs as `nobody` here, so the
// refusal is the kernel's, as it would be for a support agent.
describe('permissions (run as an unprivileged user)', () => {
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  // Writable again before the temporary folders are removed (which a non-root user could not do otherwise).
  const locked: string[] = [];
  afterEach(() => {
    while (locked.length) chmodSync(locked.pop()!, 0o755);
  });

  function runUnprivileged(db: string, args: string[]) {
    const r = spawnSync(...commandLine([...args, '--json']), {
      env: {
        PATH: process.env.PATH,
        TZ: 'UTC',
        ALIAS_SUPPORT_DB: db,
        ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z',
        ALIAS_SUPPORT_AGENT: 'alice',
      },
      encoding: 'utf8',
      timeout: 20_000,
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    return {
      code: r.status,
      stdout: r.stdout,
      error: () => JSON.parse(r.stderr).error as { code: string; message: string },
    };
  }

  /** A folder the unprivileged user may enter, holding a desk with one client. */
  function sharedDesk(): { dir: string; db: string } {
    const dir = join(tempDir(), 'shared');
    mkdirSync(dir);
    chmodSync(join(dir, '..'), 0o755);
    const db = createDesk(join(dir, 'desk.db'));
    const desk = cli();
    expect(desk.run(['clients', 'add', 'C1', '--name', 'Dupont SA'], { env: { ALIAS_SUPPORT_DB: db } }).code).toBe(0);
    return { dir, db };
  }

  it('a read-only file: DB_UNAVAILABLE (exit 7) "read-only", unchanged', () => {
    const { dir, db } = sharedDesk();
    chmodSync(dir, 0o777);
    chmodSync(db, 0o444);
    const before = sha256(db);
    const r = runUnprivileged(db, ['clients', 'add', 'C2', '--name', 'Martin']);
    expect(r.code).toBe(7);
    expect(r.error()).toMatchObject({
      code: 'DB_UNAVAILABLE',
      message: `the database ${db} is read-only (no read and write permission)`,
    });
    expect(sha256(db)).toBe(before);
  });

  it('a folder without write permission: DB_UNAVAILABLE (exit 7) naming the folder', () => {
    const { dir, db } = sharedDesk();
    chmodSync(db, 0o666);
    chmodSync(dir, 0o555);
    locked.push(dir);
    const before = sha256(db);
    const r = runUnprivileged(db, ['clients', 'list']);
    expect(r.code).toBe(7);
    expect(r.error().message).toBe(`the folder ${dir} is not writable: the database ${db} cannot be used`);
    expect(sha256(db)).toBe(before);
    expect(readdirSync(dir)).toEqual(['desk.db']);
  });

  it('no permission to create the database: DB_UNAVAILABLE (exit 7) "permission denied"', () => {
    const { dir } = sharedDesk();
    chmodSync(dir, 0o555);
    locked.push(dir);
    const db = join(dir, 'other.db');
    const r = runUnprivileged(db, ['db', 'init']);
    expect(r.code).toBe(7);
    expect(r.error().message).toBe(`cannot open the database ${db}: permission denied`);
    expect(existsSync(db)).toBe(false);
  });
});

describe('an explicit path must hold a desk: only db init and demo create one', () => {
  const env = (db: string) => ({ env: { ALIAS_SUPPORT_DB: db } });

  it('a typo in --db or ALIAS_SUPPORT_DB: DB_UNAVAILABLE (exit 7) with the db init hint; no file, no folder created', () => {
    const desk = cli();
    const typo = join(tempDir(), 'deks', 'desk.db');
    for (const [args, options] of [
      [['queue', '--json', '--db', typo], {}],
      [['queue', '--json'], env(typo)],
    ] as const) {
      const r = desk.run([...args], options);
      expect(r.code).toBe(7);
      expect(r.error()).toMatchObject({
        code: 'DB_UNAVAILABLE',
        message: `no desk at ${typo}`,
        hint: expect.stringContaining(`alias-support db init --db ${typo}`),
      });
    }
    expect(existsSync(join(typo, '..'))).toBe(false);
  });

  it('an empty --db or ALIAS_SUPPORT_DB is a usage error (exit 2), not the default desk', () => {
    const desk = cli();
    const home = tempDir();
    for (const [args, options] of [
      [['queue', '--json', '--db', ''], { env: { XDG_DATA_HOME: home } }],
      [['queue', '--json'], { env: { ALIAS_SUPPORT_DB: '', XDG_DATA_HOME: home } }],
    ] as const) {
      const r = desk.run([...args], options);
      expect(r.code).toBe(2);
      expect(r.error()).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/database path is empty/) });
    }
    expect(readdirSync(home)).toEqual([]);
  });

  it('the default desk (no --db, no ALIAS_SUPPORT_DB) is still created on first use, mode 0600', () => {
    const home = tempDir();
    const r = spawnSync(...commandLine(['queue', '--json']), {
      env: {
        PATH: process.env.PATH,
        TZ: 'UTC',
        XDG_DATA_HOME: home,
        ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z',
        ALIAS_SUPPORT_AGENT: 'alice',
      },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(statSync(join(home, 'alias-support', 'alias-support.db')).mode & 0o777).toBe(0o600);
  });

  it('db init creates the desk (and its folder); again on the same desk it changes nothing and says so (exit 0)', () => {
    const db = join(tempDir(), 'new', 'desk.db');
    const desk = cli();
    const first = desk.run(['db', 'init', '--db', db, '--json']);
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ db: { path: db, created: true } });
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(desk.run(['clients', 'add', 'C1', '--name', 'Dupont SA', '--db', db]).code).toBe(0);
    const before = sha256(db);
    const again = desk.run(['db', 'init', '--db', db, '--json']);
    expect(again.code).toBe(0);
    expect(again.json()).toEqual({ db: { path: db, created: false } });
    expect(sha256(db)).toBe(before);
    expect(desk.run(['db', 'init', '--db', db]).stdout).toMatch(/already a desk/);
  });

  it('demo creates the desk it is pointed at', () => {
    const db = join(tempDir(), 'demo.db');
    expect(cli().run(['demo', '--tickets', '3', '--db', db, '--json']).code).toBe(0);
    expect(existsSync(db)).toBe(true);
  });
});

describe("another program's SQLite file is refused and left byte-identical", () => {
  /** A SQLite file of another program (rollback journal, its own tables). */
  function notesFile(tables: string[]): string {
    const file = join(tempDir(), 'notes.db');
    const sqlite = new Database(file);
    for (const t of tables)
      sqlite.exec(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO ${t} (text) VALUES ('keep me')`);
    sqlite.close();
    return file;
  }

  for (const tables of [['notes'], ['clients', 'notes']]) {
    it(`tables ${tables.join(', ')}: DB_UNAVAILABLE (exit 7) "not an alias-support desk", not a byte changed, still not WAL`, () => {
      const file = notesFile(tables);
      const before = sha256(file);
      for (const args of [['queue'], ['db', 'init'], ['demo']]) {
        const r = cli().run([...args, '--db', file, '--json']);
        expect(r.code, args.join(' ')).toBe(7);
        expect(r.error()).toMatchObject({
          code: 'DB_UNAVAILABLE',
          message: `${file} is not an alias-support desk: it holds other tables (${tables.join(', ')})`,
        });
      }
      expect(sha256(file)).toBe(before);
      expect(existsSync(`${file}-wal`)).toBe(false);
    });
  }

  it('an empty SQLite file (no tables) becomes a desk', () => {
    const file = notesFile([]);
    expect(cli().run(['clients', 'add', 'C1', '--name', 'Dupont SA', '--db', file]).code).toBe(0);
  });
});
