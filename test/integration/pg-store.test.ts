// The PostgreSQL desk on the real server: opening (migrations once, under a
// lock, even when 8 processes open a new database at once; what is refused),
// the hand-written triggers, the write transaction's retries, and the errors
// a user sees (exit 7 naming server and database, never the password).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDesk, openStore } from '../../src/store/open.js';
import { run } from '../../src/cli/main.js';
import { openPgConnection, PgError, type PgConnection } from '../../src/store/postgres/connection.js';
import { pgMigrationsFolder } from '../../src/store/postgres/migrate.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { ROOT } from '../helpers/cli.js';
import { freshPgDatabase, noPg, PG_HOOK_TIMEOUT } from '../helpers/pg.js';
import { tempDir } from '../helpers/store.js';

const journalLength = (): number =>
  (JSON.parse(readFileSync(join(pgMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] })
    .entries.length;

const thrown = (fn: () => unknown): Error & { code?: string; exitCode?: number; hint?: string } => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('nothing was thrown');
};

describe.skipIf(noPg)('opening a PostgreSQL desk', () => {
  it('creates the desk in an empty database, then finds it', () => {
    const url = freshPgDatabase();
    const store = openPostgresStore(url);
    expect(store).toMatchObject({ dialect: 'postgres', created: true });
    expect(store.db.query('SELECT version FROM schema_version')).toEqual([{ version: journalLength() }]);
    expect(store.db.query('SELECT status, tickets FROM ticket_counts ORDER BY status')).toEqual([
      { status: 'in_progress', tickets: 0 },
      { status: 'pending', tickets: 0 },
      { status: 'resolved', tickets: 0 },
    ]);
    store.close();
    const again = openPostgresStore(url, { create: false });
    expect(again.created).toBe(false);
    again.close();
  });

  it('refuses an empty database when the desk must exist, and another program’s database, leaving both untouched', () => {
    const empty = freshPgDatabase();
    expect(thrown(() => openPostgresStore(empty, { create: false }))).toMatchObject({
      code: 'DB_UNAVAILABLE',
      message: expect.stringContaining('no desk in'),
    });
    const foreign = freshPgDatabase();
    const other = openPgConnection(foreign);
    other.exec('CREATE TABLE invoices (id int)');
    expect(thrown(() => openPostgresStore(foreign))).toMatchObject({
      code: 'DB_UNAVAILABLE',
      message: expect.stringContaining('holds other tables (invoices)'),
    });
    expect(other.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([
      { table_name: 'invoices' },
    ]);
    other.close();
    const untouched = openPgConnection(empty);
    expect(
      untouched.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'"),
    ).toEqual([{ n: 0 }]);
    untouched.close();
  });

  it('refuses a desk made by a newer version', () => {
    const url = freshPgDatabase();
    const store = openPostgresStore(url);
    store.db.run('UPDATE schema_version SET version = version + 1');
    store.close();
    expect(thrown(() => openPostgresStore(url))).toMatchObject({
      code: 'DB_UNAVAILABLE',
      message: expect.stringContaining('newer version'),
    });
  });

  it('migrates once when 8 processes open the same new database at once', async () => {
    const url = freshPgDatabase();
    // A small program opening the desk, bundled beside node_modules (the driver is found from there).
    const dir = join(ROOT, 'node_modules', '.cache', `alias-support-pg-open-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const program = join(dir, 'open.mjs');
    await build({
      stdin: {
        contents: `import { openPostgresStore } from './src/store/postgres/open.ts';
          const store = openPostgresStore(process.argv[2]);
          console.log(JSON.stringify({ created: store.created }));
          store.close();`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: program,
      logLevel: 'warning',
    });
    try {
      const runs = await Promise.all(
        Array.from(
          { length: 8 },
          () =>
            new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
              const child = spawn(process.execPath, [program, url], { stdio: ['ignore', 'pipe', 'pipe'] });
              let out = '';
              let err = '';
              child.stdout.on('data', (d: Buffer) => (out += d.toString()));
              child.stderr.on('data', (d: Buffer) => (err += d.toString()));
              child.on('close', (code) => resolve({ code, out, err }));
            }),
        ),
      );
      expect(runs.map((r) => [r.code, r.err])).toEqual(Array.from({ length: 8 }, () => [0, '']));
      expect(runs.filter((r) => (JSON.parse(r.out) as { created: boolean }).created)).toHaveLength(1);
      const db = openPgConnection(url);
      expect(db.query('SELECT version FROM schema_version')).toEqual([{ version: journalLength() }]);
      expect(db.query('SELECT count(*) AS n FROM ticket_counts')).toEqual([{ n: 3 }]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(noPg)('the PostgreSQL desk’s triggers', () => {
  let db: PgConnection;
  beforeAll(() => {
    db = openPostgresStore(freshPgDatabase()).db;
    db.exec(`INSERT INTO clients (code, name, email, language, created_at) VALUES ('C001', 'Acme', ' ops@acme.example ', 'en', 1000);
      INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) VALUES (1, 1000, 'purchase', 600, 'alice')`);
  }, PG_HOOK_TIMEOUT);
  afterAll(() => db.close());

  it('keep the credit ledger append-only', () => {
    expect(thrown(() => db.run('UPDATE ledger_entries SET minutes = 0'))).toMatchObject({
      code: '23001',
      message: 'the credit ledger is append-only',
    });
    expect(thrown(() => db.run('DELETE FROM ledger_entries'))).toMatchObject({ code: '23001' });
    expect(thrown(() => db.exec('TRUNCATE ledger_entries CASCADE'))).toMatchObject({ code: '23001' });
    expect(db.query('SELECT minutes FROM ledger_entries')).toEqual([{ minutes: 600 }]);
  });

  it('count the tickets in each status', () => {
    db.exec(`INSERT INTO tickets (client_id, subject, status, created_at, queued_at) VALUES
      (1, 'a', 'pending', 1, 1), (1, 'b', 'pending', 1, 1), (1, 'c', 'pending', 1, 1);
      UPDATE tickets SET status = 'in_progress' WHERE subject = 'a';
      UPDATE tickets SET status = 'resolved' WHERE subject = 'b';
      UPDATE tickets SET subject = 'c2' WHERE subject = 'c';`);
    const counts = () => db.query('SELECT status, tickets FROM ticket_counts ORDER BY status');
    expect(counts()).toEqual([
      { status: 'in_progress', tickets: 1 },
      { status: 'pending', tickets: 1 },
      { status: 'resolved', tickets: 1 },
    ]);
    db.run("DELETE FROM tickets WHERE subject = 'c2'");
    expect(counts()).toContainEqual({ status: 'pending', tickets: 0 });
  });

  it('count each client’s tickets in each status', () => {
    db.exec(`INSERT INTO clients (code, name, created_at) VALUES ('C008', 'Eight', 1), ('C009', 'Nine', 1);
      INSERT INTO tickets (client_id, subject, status, created_at, queued_at)
        SELECT id, s.subject, 'pending', 1, 1 FROM clients, (VALUES ('d'), ('e')) AS s (subject) WHERE code = 'C008';
      UPDATE tickets SET client_id = (SELECT id FROM clients WHERE code = 'C009') WHERE subject = 'd';
      UPDATE tickets SET status = 'resolved' WHERE subject = 'e';`);
    expect(
      db.query(`SELECT clients.code, client_ticket_counts.status, client_ticket_counts.tickets
        FROM client_ticket_counts JOIN clients ON clients.id = client_ticket_counts.client_id
        WHERE clients.code IN ('C008', 'C009') ORDER BY clients.code, client_ticket_counts.status`),
    ).toEqual([
      { code: 'C008', status: 'pending', tickets: 0 },
      { code: 'C008', status: 'resolved', tickets: 1 },
      { code: 'C009', status: 'pending', tickets: 1 },
    ]);
  });

  it('make a client’s e-mail its first contact, unless another contact holds the address', () => {
    db.exec(
      "INSERT INTO clients (code, name, email, created_at) VALUES ('C002', 'Other', 'OPS@acme.example', 2000), ('C003', 'None', '  ', 3000)",
    );
    expect(db.query('SELECT client_id, email, language, created_at FROM contacts ORDER BY id')).toEqual([
      { client_id: 1, email: 'ops@acme.example', language: 'en', created_at: 1000 },
    ]);
  });
});

describe.skipIf(noPg)('the PostgreSQL write transaction', () => {
  it('runs again after a serialization failure, and commits once', () => {
    const url = freshPgDatabase();
    const store = openPostgresStore(url);
    const other = openPgConnection(url);
    let attempts = 0;
    const total = store.immediate(() => {
      attempts++;
      const [row] = store.db.query<{ tickets: number }>("SELECT tickets FROM ticket_counts WHERE status = 'pending'");
      // Another command changes the row read, and commits first: this transaction cannot commit as it is.
      if (attempts === 1) other.run("UPDATE ticket_counts SET tickets = tickets + 10 WHERE status = 'pending'");
      store.db.run("UPDATE ticket_counts SET tickets = $1 WHERE status = 'pending'", [row!.tickets + 1]);
      return row!.tickets + 1;
    });
    expect({ attempts, total }).toEqual({ attempts: 2, total: 11 });
    expect(other.query("SELECT tickets FROM ticket_counts WHERE status = 'pending'")).toEqual([{ tickets: 11 }]);
    other.close();
    store.close();
  });

  it('runs again as a whole when a nested change met a serialization failure its caller kept (several requests at once)', () => {
    const store = openPostgresStore(freshPgDatabase());
    let attempts = 0;
    const kept: unknown[] = [];
    store.immediate(() => {
      attempts++;
      store.db.run("INSERT INTO holidays (day, name) VALUES ('2026-12-25', 'Noël')");
      try {
        store.immediate(() => {
          if (attempts === 1)
            store.db.exec("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$");
        });
      } catch (err) {
        kept.push(err);
      }
    });
    expect({ attempts, kept: kept.length }).toEqual({ attempts: 2, kept: 1 });
    expect(store.db.query('SELECT day FROM holidays')).toEqual([{ day: '2026-12-25' }]);
    store.close();
  });

  it("a nested change that waited too long for another's lock is DB_BUSY to its caller", () => {
    const store = openPostgresStore(freshPgDatabase());
    const err = store.immediate(() =>
      thrown(() =>
        store.immediate(() =>
          store.db.exec("DO $$ BEGIN RAISE EXCEPTION 'lock timeout' USING ERRCODE = 'lock_not_available'; END $$"),
        ),
      ),
    );
    expect({ code: err.code, exitCode: err.exitCode }).toEqual({ code: 'DB_BUSY', exitCode: 7 });
    store.close();
  });

  it('rolls back what its function wrote when it throws', () => {
    const store = openPostgresStore(freshPgDatabase());
    expect(() =>
      store.immediate(() => {
        store.db.run("INSERT INTO holidays (day, name) VALUES ('2026-12-25', 'Noël')");
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(store.db.query('SELECT day FROM holidays')).toEqual([]);
    store.close();
  });
});

describe('choosing the engine from --db', () => {
  it('refuses a URL of another scheme as a usage error, without its credentials', async () => {
    await expect(openDesk('mysql://root:s3cret@db.example/desk')).rejects.toMatchObject({
      code: 'USAGE',
      exitCode: 2,
      message: expect.not.stringContaining('s3cret'),
    });
    expect(() => openStore('postgres://desk')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('opens a file path with SQLite', async () => {
    const store = await openDesk(join(tempDir(), 'desk.db'));
    expect(store.dialect).toBe('sqlite');
    store.close();
  });
});

describe.skipIf(noPg)('a PostgreSQL server that cannot be used', () => {
  const expectUnavailable = async (url: string, says: RegExp) => {
    const failure = await openDesk(url).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string; exitCode: number; hint?: string; stack?: string },
    );
    expect(failure).toMatchObject({ code: 'DB_UNAVAILABLE', exitCode: 7, message: expect.stringMatching(says) });
    for (const text of [failure!.message, failure!.hint ?? '', failure!.stack ?? '', JSON.stringify(failure)])
      expect(text).not.toContain('s3cret-pw');
  };

  it('unreachable: exit 7 naming the server and the database, never the password', async () => {
    await expectUnavailable(
      'postgres://alice:s3cret-pw@127.0.0.1:1/desk',
      /^cannot reach the database desk on 127\.0\.0\.1:1 /,
    );
  });

  it('a database that does not exist: exit 7 saying so', async () => {
    await expectUnavailable(
      'postgresql://postgres:s3cret-pw@127.0.0.1:5432/alias_support_missing',
      /^the database alias_support_missing on 127\.0\.0\.1:5432 does not exist$/,
    );
  });
});

describe.skipIf(noPg)('the PostgreSQL desk’s change mark (the client space’s kept pages)', () => {
  it('differs once another connection commits a write, even one in progress when the mark was read, and after a write of its own', async () => {
    const url = freshPgDatabase();
    const store = openPostgresStore(url);
    const other = openPgConnection(url);
    const mark = async () => (await store.portal.sessionAndMark('no such session')).mark;
    try {
      const first = await mark();
      other.exec("INSERT INTO clients (code, name, created_at) VALUES ('C001', 'Autre', 0)");
      const afterCommit = await mark();
      expect(afterCommit).not.toBe(first);

      // A write in progress while the mark is read, committed after it: a later mark differs.
      other.exec('BEGIN');
      other.exec("INSERT INTO clients (code, name, created_at) VALUES ('C002', 'En cours', 0)");
      const during = await mark();
      other.exec('COMMIT');
      expect(await mark()).not.toBe(during);

      const beforeOwn = await mark();
      store.db.run("INSERT INTO clients (code, name, created_at) VALUES ('C003', 'Soi', 0)");
      expect(await mark()).not.toBe(beforeOwn);
    } finally {
      other.close();
      store.close();
    }
  });
});

describe.skipIf(noPg)('the session and the mark, awaited', () => {
  it('one row for a session or none; read on a connection of its own, never inside a transaction', async () => {
    const store = openPostgresStore(freshPgDatabase());
    try {
      store.db.exec(`INSERT INTO clients (id, code, name, created_at) VALUES (1, 'C001', 'Acme', 0);
        INSERT INTO contacts (id, client_id, email, created_at) VALUES (1, 1, 'ops@acme.example', 0);
        INSERT INTO portal_sessions (id_hash, contact_id, created_at, last_seen_at) VALUES ('h', 1, 0, 0)`);
      const { session, mark } = await store.portal.sessionAndMark('h');
      expect(session).toEqual(store.portal.session('h'));
      expect(session).toMatchObject({ id: 1, clientCode: 'C001', email: 'ops@acme.example', lastSeenAt: 0 });
      expect(mark).toMatch(/^\d+:\d+:/);
      expect((await store.portal.sessionAndMark('other')).session).toBeUndefined();
      // A backend of its own: requests overlap while it runs, and it never lands in a transaction of the first.
      const pid = 'SELECT pg_backend_pid() AS pid';
      expect((await store.db.read(pid))[0]).not.toEqual(store.db.query(pid)[0]);
      const inside = store.db.transaction(() => store.portal.sessionAndMark('h'));
      await expect(inside).rejects.toThrow('a read awaited inside a transaction');
    } finally {
      store.close();
    }
  });

  it('comes back after its backend was ended (a server restarted); fails as the desk’s error once closed', async () => {
    const url = freshPgDatabase();
    const store = openPostgresStore(url);
    try {
      const pid = (await store.db.read<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      // Ended, and waited for until it is gone: the next read meets the lost connection and is sent again.
      store.db.query('SELECT pg_terminate_backend($1, 10000)', [pid]);
      expect((await store.portal.sessionAndMark('h')).session).toBeUndefined();
      expect((await store.portal.sessionAndMark('h')).session).toBeUndefined();
      const again = (await store.db.read<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      expect(again).not.toBe(pid);
    } finally {
      store.close();
    }
    // The store words the driver's failure as the desk's error (serve's error page and the CLI ask it).
    const closed = await store.portal.sessionAndMark('h').catch((err: unknown) => err);
    expect(store.knownError(closed)).toMatchObject({ code: 'DB_UNAVAILABLE', exitCode: 7 });
  });

  it('sends a read that lost its connection once more, and only once', async () => {
    const url = freshPgDatabase();
    const store = openPostgresStore(url);
    try {
      store.db.exec('CREATE SEQUENCE tries');
      // The first try ends its own backend under the statement; the second runs on a new connection.
      const endsItsBackendOnce =
        "SELECT CASE WHEN nextval('tries') = 1 THEN pg_terminate_backend(pg_backend_pid()) END AS ended, 1 AS one";
      expect(await store.db.read(endsItsBackendOnce)).toEqual([{ ended: null, one: 1 }]);
      const always = 'SELECT pg_terminate_backend(pg_backend_pid()) AS ended';
      const met = await store.db.read(always).catch((err: unknown) => err);
      expect(store.knownError(met)).toMatchObject({ code: 'DB_UNAVAILABLE' });
      expect(store.db.query<{ tries: string }>('SELECT last_value::text AS tries FROM tries')[0]!.tries).toBe('2');
    } finally {
      store.close();
    }
  });
});

describe.skipIf(noPg)('a connection lost under a command’s statement', () => {
  it('exits 7 DB_UNAVAILABLE naming the desk without its password, as JSON too', async () => {
    const url = freshPgDatabase().replace('postgres@', 'postgres:s3cret-pw@');
    const said: string[] = [];
    const output = { out: (text: string) => void said.push(text), err: (text: string) => void said.push(text) };
    expect(await run(['node', 'alias-support', 'db', 'init', '--db', url], output)).toBe(0);
    // What the driver reports when the server ends the connection under a statement (a restart, an administrator).
    const lost = vi.spyOn(PostgresStore.prototype, 'clients', 'get').mockReturnValue({
      all: () => {
        throw new PgError('write CONNECTION_CLOSED 127.0.0.1:5432', 'CONNECTION_CLOSED');
      },
    } as unknown as PostgresStore['clients']);
    try {
      said.length = 0;
      expect(await run(['node', 'alias-support', 'clients', 'list', '--db', url], output)).toBe(7);
      expect(said.join('')).toMatch(
        /^alias-support: the connection to postgres:\/\/postgres@127\.0\.0\.1:5432\/\S+ was lost/,
      );
      said.length = 0;
      expect(await run(['node', 'alias-support', 'clients', 'list', '--json', '--db', url], output)).toBe(7);
      expect(JSON.parse(said.join(''))).toMatchObject({ error: { code: 'DB_UNAVAILABLE', exitCode: 7 } });
      expect(said.join('')).not.toContain('s3cret-pw');
    } finally {
      lost.mockRestore();
    }
  });
});
