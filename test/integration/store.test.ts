// The store: SQLite's pragmas, file and folder, migrations under concurrency
// (those parts on SQLite only: they are about the file), and on either engine
// foreign keys, reopening, the append-only ledger and concurrent writers.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultDbPath, openStore } from '../../src/store/open.js';
import { migrationsFolder } from '../../src/store/sqlite/open.js';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket, showTicket } from '../../src/services/tickets.js';
import { ROOT } from '../helpers/cli.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { BACKEND, openTestStore, tempDesk, tempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

/** The parts about the SQLite file itself (its pragmas, modes, folder, user_version). */
const sqliteFile = it.skipIf(BACKEND === 'postgres');

const BIN = join(ROOT, 'bin', 'alias-support.js');
const journalLength = (): number =>
  (JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] })
    .entries.length;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Real processes of the CLI, started together. */
function runAll(argvs: string[][], env: NodeJS.ProcessEnv): Promise<Exit[]> {
  return Promise.all(
    argvs.map(
      (argv) =>
        new Promise<Exit>((done, fail) => {
          const child = spawn(process.execPath, [BIN, ...argv], {
            env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...env },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('error', fail);
          child.on('close', (code) => done({ code, stdout, stderr }));
        }),
    ),
  );
}

describe('opening the database', () => {
  sqliteFile('WAL, foreign keys on, a busy timeout, synchronous FULL', () => {
    const { ctx } = tempDesk();
    const sqlite = sqliteOf(ctx.store);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('foreign keys are enforced', () => {
    const { ctx } = tempDesk();
    expect(() =>
      rawOf(ctx.store).run(
        'INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by) VALUES (999, ?, ?, ?, 0, ?)',
        'on-demand',
        '2026-01-01',
        '2026-12-31',
        'x',
      ),
    ).toThrow(/FOREIGN KEY/i);
  });

  sqliteFile('creates its folder (0700) and a private file (0600), -wal included', () => {
    const path = join(tempDir(), 'deep', 'er', 'desk.db');
    const store = openStore(path);
    addClient({ store, now: 0, agent: 'alice', tz: 'Europe/Paris' }, { code: 'C1', name: 'x' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    store.close();
  });

  it('the default path follows XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/srv/data' })).toBe('/srv/data/alias-support/alias-support.db');
    expect(defaultDbPath({})).toBe(join(homedir(), '.local', 'share', 'alias-support', 'alias-support.db'));
    expect(defaultDbPath({ XDG_DATA_HOME: '' })).toBe(
      join(homedir(), '.local', 'share', 'alias-support', 'alias-support.db'),
    );
  });

  sqliteFile('applies every migration once and records it in user_version', () => {
    const { ctx } = tempDesk();
    expect(sqliteOf(ctx.store).pragma('user_version', { simple: true })).toBe(journalLength());
  });

  it('reopening a desk is a no-op', () => {
    const { path, ctx } = tempDesk();
    const before = snapshotRaw(rawOf(ctx.store));
    ctx.store.close();
    const again = openTestStore(path);
    expect(snapshotRaw(rawOf(again))).toEqual(before);
    again.close();
  });

  sqliteFile('a file that is not a database is DB_UNAVAILABLE (exit 7), and is left as it was', () => {
    const path = join(tempDir(), 'notes.db');
    writeFileSync(path, 'not a database, just notes\n'.repeat(200), { mode: 0o600 });
    const content = readFileSync(path);
    expect(() => openStore(path)).toThrow(expect.objectContaining({ code: 'DB_UNAVAILABLE', exitCode: 7 }));
    expect(readFileSync(path)).toEqual(content);
  });

  sqliteFile('a folder that cannot be made is DB_UNAVAILABLE (exit 7), not an internal error', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    expect(() => openStore(join(file, 'desk.db'))).toThrow(
      expect.objectContaining({ code: 'DB_UNAVAILABLE', exitCode: 7 }),
    );
  });

  sqliteFile('a database of a newer version is refused and left untouched', () => {
    const path = join(tempDir(), 'desk.db');
    openStore(path).close();
    const sqlite = new Database(path);
    sqlite.pragma(`user_version = ${journalLength() + 1}`);
    sqlite.close();
    const bytes = readFileSync(path);
    expect(() => openStore(path)).toThrow(
      expect.objectContaining({
        code: 'DB_UNAVAILABLE',
        exitCode: 7,
        message: expect.stringContaining('newer version'),
      }),
    );
    expect(readFileSync(path)).toEqual(bytes);
  });
});

describe('the credit ledger is append-only', () => {
  it('refuses UPDATE and DELETE, even in raw SQL', () => {
    const { ctx } = tempDesk();
    addClient(ctx, { code: 'C1', name: 'x' });
    adjust(ctx, 'C1', 60, 'credit');
    const raw = rawOf(ctx.store);
    const before = snapshotRaw(raw);
    expect(() => raw.exec('UPDATE ledger_entries SET minutes = 6000')).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM ledger_entries')).toThrow(/append-only/);
    expect(snapshotRaw(raw)).toEqual(before);
    raw.run("INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) VALUES (1, 0, 'adjustment', -10, 'x')");
    expect(raw.value('SELECT CAST(sum(minutes) AS integer) FROM ledger_entries')).toBe(50);
  });
});

describe('several processes at once', () => {
  sqliteFile('12 processes opening a fresh default desk at once all succeed; the schema is applied once', async () => {
    // The default path is created on first use (an explicit one must exist).
    const dir = tempDir();
    const db = join(dir, 'alias-support', 'alias-support.db');
    const results = await runAll(
      Array.from({ length: 12 }, () => ['clients', 'list', '--json']),
      { XDG_DATA_HOME: dir, ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z', ALIAS_SUPPORT_AGENT: 'alice' },
    );
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ clients: [] });
    }
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.pragma('user_version', { simple: true })).toBe(journalLength());
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    const names = sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").pluck().all();
    expect(names).toEqual(
      expect.arrayContaining([
        'clients',
        'licences',
        'ledger_entries',
        'tickets',
        'time_entries',
        'ticket_events',
        'ledger_entries_no_update',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    sqlite.close();
  });

  it('8 agents taking the same ticket at once: one wins, seven get TICKET_ALREADY_TAKEN (exit 4)', async () => {
    const { ctx, path } = tempDesk('2026-11-26T08:00:00Z');
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, 'C042', 120, 'credit');
    const { number } = await openTicket(ctx, { client: 'C042', subject: 'Export PDF plante' });
    ctx.store.close();

    const agents = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
    const results = await runAll(
      agents.map((agent) => ['take', String(number), '--json', '--agent', agent]),
      { ALIAS_SUPPORT_DB: path, ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z' },
    );
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 4)).toHaveLength(7);
    const winner = agents[codes.indexOf(0)];
    for (const r of results.filter((x) => x.code === 4)) {
      expect(r.stdout).toBe('');
      expect(JSON.parse(r.stderr).error).toMatchObject({
        code: 'TICKET_ALREADY_TAKEN',
        exitCode: 4,
        message: expect.stringContaining(winner!),
      });
    }

    const check = openTestStore(path);
    const c = { store: check, now: Date.parse('2026-11-26T09:00:00Z'), agent: 'x', tz: 'Europe/Paris' };
    const details = await showTicket(c, number);
    expect(details.ticket.takenBy).toBe(winner);
    expect(details.entries).toHaveLength(1);
    expect(details.history.map((h) => h.event)).toEqual(['opened', 'taken']);
    check.close();
  });
});

describe('the database file is a folder', () => {
  sqliteFile('is DB_UNAVAILABLE (exit 7)', () => {
    const dir = join(tempDir(), 'desk.db');
    mkdirSync(dir);
    expect(() => openStore(dir)).toThrow(expect.objectContaining({ exitCode: 7 }));
  });
});
