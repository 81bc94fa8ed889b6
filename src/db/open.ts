// Opening the database: the file (mode 0600, folder created), the pragmas,
// and the migrations. drizzle's migrate() reads the applied migrations outside
// its transaction and races when several processes open a fresh file, so the
// migrations are applied here under BEGIN IMMEDIATE and counted in
// PRAGMA user_version (a free read on the fast path).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { dbUnavailable, fromSqliteError } from '../errors.js';
import * as schema from './schema.js';

export type Orm = BetterSQLite3Database<typeof schema>;

export interface Store {
  readonly path: string;
  readonly sqlite: Database.Database;
  readonly orm: Orm;
  /** Runs fn in one BEGIN IMMEDIATE transaction (read-modify-write safe across processes). */
  immediate<T>(fn: () => T): T;
  close(): void;
}

export const BUSY_TIMEOUT_MS = 5000;

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'alias-support', 'alias-support.db');
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** db/migrations, found from this module's own location (source, bundle or test). */
export function migrationsFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ALIAS_SUPPORT_MIGRATIONS) return env.ALIAS_SUPPORT_MIGRATIONS;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'db', 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw dbUnavailable('the migrations folder db/migrations was not found beside the program');
}

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

function readMigrationStatements(folder: string, tag: string): string[] {
  return readFileSync(join(folder, `${tag}.sql`), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `PRAGMA journal_mode=WAL` ignores the busy handler: retry it ourselves. */
function enableWal(sqlite: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

export function migrate(sqlite: Database.Database, folder = migrationsFolder()): void {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  const journal = readJournal(folder);
  const known = journal.entries.length;
  if (current === known) return; // fast path: nothing to do
  if (current > known)
    throw dbUnavailable(
      `the database was created by a newer version of alias-support (schema ${current}, this version knows ${known})`,
      'upgrade alias-support; the database was left untouched',
    );
  sqlite.transaction(() => {
    // Re-read under the write lock: another process may have migrated meanwhile.
    const applied = sqlite.pragma('user_version', { simple: true }) as number;
    for (const entry of journal.entries.slice(applied)) {
      for (const statement of readMigrationStatements(folder, entry.tag)) sqlite.exec(statement);
    }
    sqlite.pragma(`user_version = ${known}`);
  }).immediate();
}

export interface OpenOptions {
  /** false: the file must already exist (read-only tools such as `db check`). */
  create?: boolean;
}

export function openStore(path: string, options: OpenOptions = {}): Store {
  const file = resolve(path);
  let sqlite: Database.Database | undefined;
  try {
    if (!existsSync(file)) {
      if (options.create === false) throw dbUnavailable(`no database at ${file}`);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // Create the empty file ourselves so that it is private from the start;
      // SQLite gives its -wal and -shm files the same mode.
      closeSync(openSync(file, 'a', 0o600));
    }
    sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
    sqlite.pragma('foreign_keys = ON');
    enableWal(sqlite);
    // FULL: a committed transaction survives a power loss, not only a crash.
    sqlite.pragma('synchronous = FULL');
    migrate(sqlite);
  } catch (err) {
    sqlite?.close();
    throw fromSqliteError(err, file) ?? err;
  }
  const db = sqlite;
  return {
    path: file,
    sqlite: db,
    orm: drizzle(db, { schema }),
    immediate: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}
