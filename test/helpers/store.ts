// A use-case context on a fresh temporary database, with a pinned "now".
// The backend is the run's (ALIAS_SUPPORT_TEST_BACKEND, test/vitest.config.ts):
// a SQLite file in a temporary folder, or a fresh PostgreSQL database whose URL
// then stands where the file's path would.
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { migrate } from '../../src/store/sqlite/open.js';
import type { Ctx } from '../../src/services/context.js';
import type { Store } from '../../src/store/store.js';

export type TestBackend = 'sqlite' | 'postgres';
export const BACKEND: TestBackend = process.env.ALIAS_SUPPORT_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

// Loaded on the PostgreSQL run only: the SQLite run neither connects to a server nor warns about a missing one.
const pg =
  BACKEND === 'postgres'
    ? {
        ...(await import('./pg.js')),
        ...(await import('../../src/store/postgres/open.js')),
        ...(await import('../../src/store/postgres/connection.js')),
        ...(await import('../../src/store/postgres/migrate.js')),
      }
    : undefined;

/** Opens a test desk (a file path or a postgres:// URL) synchronously, whatever the engine. */
export function openTestStore(location: string): Store {
  return pg && /^postgres(ql)?:\/\//.test(location) ? pg.openPostgresStore(location) : openStore(location);
}

const dirs: string[] = [];

const removeDirs = () => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
};
afterEach(removeDirs);
// Folders made outside a test (at load, in beforeAll) when no test then runs (a failed beforeAll skips them all).
afterAll(removeDirs);

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
  const path = pg ? pg.freshPgDatabase() : join(tempDir(), 'desk.db');
  const store = openTestStore(path);
  const ctx: Ctx = { store, now: Date.parse(now), agent, tz: 'Europe/Paris' };
  return { ctx, path, at: (iso, who = agent) => ({ ...ctx, now: Date.parse(iso), agent: who }) };
}

/** Every row of every table (and the schema version): equal snapshots mean an unchanged database. */
export function snapshot(sqlite: Database.Database): Record<string, unknown[]> {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const dump: Record<string, unknown[]> = { user_version: [sqlite.pragma('user_version', { simple: true })] };
  for (const table of tables) dump[table] = sqlite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
  return dump;
}

/** The snapshot of a database file, read through a connection of its own (for end-to-end tests). */
export function snapshotFile(path: string): Record<string, unknown[]> {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return snapshot(sqlite);
  } finally {
    sqlite.close();
  }
}

let emptyTemplate: { dir: string; file: string } | undefined;
afterAll(() => {
  if (emptyTemplate) rmSync(emptyTemplate.dir, { recursive: true, force: true });
  emptyTemplate = undefined;
});

/**
 * Creates an empty desk at `path`, as `db init` would: the CLI opens a desk
 * named with --db or ALIAS_SUPPORT_DB only if it exists. A copy of one made
 * once per test file (copyFileSync keeps its mode, 0600). On the PostgreSQL
 * run, a fresh database made a desk instead: its URL is returned, `path` unused.
 * `from`: a closed desk to copy instead (a file, or a database made its template).
 */
export function createDesk(path: string, from?: string): string {
  if (pg && from) return pg.freshPgDatabase(from);
  if (from) {
    copyFileSync(from, path);
    return path;
  }
  if (pg) {
    const url = pg.freshPgDatabase();
    pg.openPostgresStore(url).close();
    return url;
  }
  if (!emptyTemplate) {
    const dir = mkdtempSync(join(tmpdir(), 'alias-support-empty-'));
    emptyTemplate = { dir, file: join(dir, 'desk.db') };
    openStore(emptyTemplate.file).close();
  }
  copyFileSync(emptyTemplate.file, path);
  return path;
}

/**
 * Writes a desk's starting data through the services, then closes the file
 * (WAL checkpointed): for end-to-end tests whose setup is not what they test.
 */
export async function seed(
  path: string,
  fill: (ctx: Ctx) => unknown,
  now = '2026-11-26T08:00:00Z',
  agent = 'alice',
): Promise<void> {
  const store = openTestStore(path);
  try {
    await fill({ store, now: Date.parse(now), agent, tz: 'Europe/Paris' });
  } finally {
    store.close();
  }
}

/**
 * One desk seeded once per test file, copied for each test: seeding through
 * the services costs more than the tests that read it. Call at the top level.
 */
export interface DeskTemplate {
  /** Makes an existing desk a copy of the template. */
  copyTo(path: string): void;
  /** The seeded desk (once beforeAll ran): `createDesk(path, template.location)` and `cli(now, bin, template.location)` start from a copy of it. */
  readonly location: string;
}

export function deskTemplate(fill: (ctx: Ctx) => unknown): DeskTemplate {
  if (pg) return pgDeskTemplate(pg, fill);
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alias-support-template-'));
    await seed(join(dir, 'desk.db'), fill);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    copyTo: (path) => copyFileSync(join(dir, 'desk.db'), path),
    get location() {
      return join(dir, 'desk.db');
    },
  };
}

/** The same on PostgreSQL: the seeded database is the template of each copy (CREATE DATABASE … TEMPLATE). */
function pgDeskTemplate(on: NonNullable<typeof pg>, fill: (ctx: Ctx) => unknown): DeskTemplate {
  let template = '';
  beforeAll(async () => {
    template = on.freshPgDatabase();
    await seed(template, fill);
  });
  return {
    copyTo: (url) => copyPgDesk(on, template, url),
    get location() {
      return template;
    },
  };
}

function copyPgDesk(on: NonNullable<typeof pg>, from: string, to: string): void {
  const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = on.openPgConnection(on.pgUrl('postgres'));
  try {
    admin.exec(`DROP DATABASE ${nameOf(to)} WITH (FORCE)`);
    admin.exec(`CREATE DATABASE ${nameOf(to)} TEMPLATE ${nameOf(from)}`);
  } finally {
    admin.close();
  }
}

/** A copy of a dialect's committed migrations (db/<folder>) whose journal stops before `before`. */
function migrationsBefore(folderName: string, before: string): string {
  const folder = join(tempDir(), folderName);
  cpSync(join(import.meta.dirname, '..', '..', 'db', folderName), folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag === before);
  if (upTo < 0) throw new Error(`no migration ${before}`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
  return folder;
}

/**
 * A desk made by an earlier release: the committed migrations applied up to,
 * not including, `before` (a migration tag such as '0006_client_codes_nocase'),
 * then `fill` writes what that release could hold. The next openStore migrates it.
 */
export function deskBefore(before: string, fill: (sqlite: Database.Database) => void = () => {}): string {
  const folder = migrationsBefore('migrations', before);
  const file = join(tempDir(), 'old.db');
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    migrate(sqlite, () => folder);
    fill(sqlite);
  } finally {
    sqlite.close();
  }
  return file;
}

/**
 * deskBefore on the run's engine: each dialect's migrations up to its own tag (the two
 * numberings differ), then `statements`, in SQL both engines speak. Its location.
 */
export function earlierDesk(sqliteBefore: string, pgBefore: string, statements: string[]): string {
  if (!pg) return deskBefore(sqliteBefore, (db) => statements.forEach((s) => db.exec(s)));
  const folder = migrationsBefore('migrations-pg', pgBefore);
  const url = pg.freshPgDatabase();
  const db = pg.openPgConnection(url);
  try {
    pg.migratePg(db, 'the test desk', true, () => folder);
    for (const statement of statements) db.exec(statement);
  } finally {
    db.close();
  }
  return url;
}
