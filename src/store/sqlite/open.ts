// Opening the database: the file (mode 0600, folder created), the pragmas,
// and the migrations. drizzle's migrate() reads the applied migrations outside
// its transaction and races when several processes open a fresh file, so the
// migrations are applied here under BEGIN IMMEDIATE and counted in
// PRAGMA user_version (a free read on the fast path).
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { crashPoint } from '../../crash-point.js';
import { dbUnavailable, fileProblem, fromSqliteError, type AppError } from '../../errors.js';
import { seaAssets } from '../../db/native.js';
import { busyTimeout } from '../busy-timeout.js';
import type { Store } from '../store.js';
import { sqliteBill } from './bills.js';
import { sqliteCheck } from './check.js';
import { sqliteClient } from './clients.js';
import { sqliteCopy } from './copy.js';
import { sqliteDemo } from './demo.js';
import { sqliteFix } from './fixes.js';
import { sqliteHoliday } from './holidays.js';
import { sqliteImport } from './imports.js';
import { sqliteLedger } from './ledger.js';
import { sqliteOutbox } from './outbox.js';
import { sqlitePortal } from './portal.js';
import { sqliteTicket } from './tickets.js';

/** The page cache of a bulk load, in KiB (negative: a size, not a page count). */
const BULK_CACHE_KIB = -65536;

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'alias-support', 'alias-support.db');
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** db/migrations, found from this module's own location (source, bundle or test; the single executable unpacks its own). */
export function migrationsFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ALIAS_SUPPORT_MIGRATIONS) return env.ALIAS_SUPPORT_MIGRATIONS;
  const unpacked = seaAssets(env)?.migrations; // the single executable's copy
  if (unpacked) return unpacked;
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
function enableWal(sqlite: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
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

/** How many migrations this version knows: its journal's entries (a small file, read on every open). */
function knownMigrations(folder: () => string): number {
  return readJournal(folder()).entries.length;
}

/** Refuses a database from a newer version before anything (even the WAL switch) writes to it. */
function knownVersion(
  sqlite: Database.Database,
  file: string,
  folder: () => string,
): { current: number; known: number } {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  const known = knownMigrations(folder);
  if (current > known)
    throw dbUnavailable(
      `${file} was created by a newer version of alias-support (schema ${current}, this version knows ${known})`,
      'upgrade alias-support; the database was left untouched',
    );
  return { current, known };
}

/** Applies the migrations this version knows and the file lacks; `version`: knownVersion's answer, when just read. */
export function migrate(
  sqlite: Database.Database,
  folder = migrationsFolder,
  file = sqlite.name,
  version = knownVersion(sqlite, file, folder),
): void {
  const { current, known } = version;
  if (current === known) return; // fast path: nothing to do
  const journal = readJournal(folder());
  if (journal.entries.length < known)
    throw dbUnavailable(
      `db/migrations holds ${journal.entries.length} migrations, this build knows ${known}`,
      'reinstall alias-support',
    );
  sqlite
    .transaction(() => {
      // Re-read under the write lock: another process may have migrated meanwhile.
      const applied = sqlite.pragma('user_version', { simple: true }) as number;
      for (const entry of journal.entries.slice(applied, known)) {
        for (const statement of readMigrationStatements(folder(), entry.tag)) sqlite.exec(statement);
      }
      sqlite.pragma(`user_version = ${known}`);
    })
    .immediate();
}

export interface OpenOptions {
  /** false: the file must already exist (a path given explicitly, `db check`); default true. */
  create?: boolean;
}

/** user_version once 0006_client_codes_nocase is applied: codes unique without regard to case. */
const CODES_NOCASE_VERSION = 7;

/**
 * What a pending migration would trip on, said before anything (even the WAL
 * switch) writes to the file: another program's database (tables but no desk
 * schema), or client codes that differ only by case (made by a release that
 * matched codes exactly; which client a code means is the admin's call).
 * One read transaction: another process may be migrating the same new file.
 */
const checkBeforeMigrating = (sqlite: Database.Database, file: string, known: number): void =>
  sqlite.transaction(() => {
    const current = sqlite.pragma('user_version', { simple: true }) as number;
    if (current >= known) return;
    const tables = sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    if (current === 0 ? tables.length > 0 : !tables.includes('clients'))
      throw dbUnavailable(
        `${file} is not an alias-support desk: it holds other tables (${tables.join(', ')})`,
        'check the path given with --db or ALIAS_SUPPORT_DB; the file was left untouched',
      );
    if (current === 0 || current >= CODES_NOCASE_VERSION) return; // a new desk, or codes already unique
    const clashes = sqlite
      .prepare(
        "SELECT group_concat(code, ' and ') FROM (SELECT code FROM clients ORDER BY id) GROUP BY lower(code) HAVING count(*) > 1",
      )
      .pluck()
      .all() as string[];
    if (clashes.length > 0)
      throw dbUnavailable(
        `${file} holds client codes that differ only by case (${clashes.join('; ')}); this version matches codes without regard to case`,
        `give each client a distinct code first, e.g. sqlite3 ${file} "UPDATE clients SET code = 'NEW' WHERE code = 'OLD'"; the file was left untouched`,
      );
  })();

/** File-system failures said plainly (SQLite would only say CANTOPEN or READONLY later). */
function fsFailure(err: unknown, file: string): never {
  throw dbUnavailable(
    `cannot open the database ${file}: ${fileProblem(err)}`,
    'check the path given with --db or ALIAS_SUPPORT_DB',
  );
}

/** Whether the file exists; a path that cannot be looked at (through a file, no permission) is said plainly. */
function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    fsFailure(err, file);
  }
}

/** SQLite needs to write the file and create FILE-wal/-shm beside it; say so before it fails vaguely. */
function checkWritable(file: string): void {
  const folder = dirname(file);
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw dbUnavailable(
      `the folder ${folder} is not writable: the database ${file} cannot be used`,
      'check the folder permissions',
    );
  }
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw dbUnavailable(
      `the database ${file} is read-only (no read and write permission)`,
      'check the file permissions',
    );
  }
}

/** Opens (or creates) the desk in a SQLite file: src/store/open.ts chooses the engine. */
export function openSqliteStore(path: string, options: OpenOptions = {}): Store {
  const file = resolve(path);
  const created = !exists(file);
  let sqlite: Database.Database | undefined;
  try {
    const timeout = busyTimeout();
    if (created) {
      if (options.create === false)
        throw dbUnavailable(
          `no desk at ${file}`,
          `check the path given with --db or ALIAS_SUPPORT_DB, or create a desk there: alias-support db init --db ${file}`,
        );
      try {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        // Create the empty file ourselves so that it is private from the start;
        // SQLite gives its -wal and -shm files the same mode.
        closeSync(openSync(file, 'a', 0o600));
      } catch (err) {
        fsFailure(err, file);
      }
    }
    checkWritable(file);
    sqlite = new Database(file, { timeout, fileMustExist: true });
    // Read-only checks first: a failed open must leave the file as it was.
    let found: string | undefined;
    const folder = () => (found ??= migrationsFolder());
    const version = knownVersion(sqlite, file, folder);
    if (version.current < version.known) checkBeforeMigrating(sqlite, file, version.known);
    // FULL: a committed transaction survives a power loss, not only a crash.
    sqlite.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL');
    enableWal(sqlite, timeout);
    migrate(sqlite, folder, file, version);
  } catch (err) {
    sqlite?.close();
    throw fromSqliteError(err, file) ?? err;
  }
  return new SqliteStore(file, created, sqlite);
}

/** A desk in one SQLite file; each aggregate's statements are built on first use. */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite';
  #tickets?: Store['tickets'];
  #ledger?: Store['ledger'];
  #bills?: Store['bills'];
  #clients?: Store['clients'];
  #fixes?: Store['fixes'];
  #outbox?: Store['outbox'];
  #holidays?: Store['holidays'];
  #portal?: Store['portal'];
  #imports?: Store['imports'];
  #check?: Store['check'];
  #demo?: Store['demo'];
  #copy?: Store['copy'];

  constructor(
    readonly path: string,
    readonly created: boolean,
    readonly sqlite: Database.Database,
  ) {}

  get tickets() {
    return (this.#tickets ??= sqliteTicket(this.sqlite));
  }
  get ledger() {
    return (this.#ledger ??= sqliteLedger(this.sqlite));
  }
  get bills() {
    return (this.#bills ??= sqliteBill(this.sqlite));
  }
  get clients() {
    return (this.#clients ??= sqliteClient(this.sqlite));
  }
  get fixes() {
    return (this.#fixes ??= sqliteFix(this.sqlite));
  }
  get outbox() {
    return (this.#outbox ??= sqliteOutbox(this.sqlite));
  }
  get holidays() {
    return (this.#holidays ??= sqliteHoliday(this.sqlite));
  }
  get portal() {
    return (this.#portal ??= sqlitePortal(this.sqlite));
  }
  get imports() {
    return (this.#imports ??= sqliteImport(this.sqlite));
  }
  get check() {
    return (this.#check ??= sqliteCheck(this.sqlite));
  }
  get demo() {
    return (this.#demo ??= sqliteDemo(this.sqlite));
  }
  get copy() {
    return (this.#copy ??= sqliteCopy(this.sqlite));
  }

  immediate<T>(fn: () => T): T {
    // The points where crash tests kill a write (src/crash-point.ts): lock taken, all written, committed.
    const result = this.sqlite
      .transaction(() => {
        crashPoint('write-begun');
        const written = fn();
        crashPoint('write-done');
        return written;
      })
      .immediate();
    crashPoint('write-committed');
    return result;
  }

  bulk<T>(fn: () => T): T {
    // Each statement inside a transaction keeps the pages it changes in a statement journal, a
    // temporary file past 64 KiB: with the kept counts' triggers, about 17 pages written per
    // demo ticket (half the demo's CPU time). In memory it is freed after each statement. The
    // setting must hold when the transaction begins; it would also move TEMP tables (the
    // import's spool) to memory, hence only here. The bigger page cache holds the growing indexes.
    const saved = ['temp_store', 'cache_size'].map((p) => [p, this.sqlite.pragma(p, { simple: true })] as const);
    this.sqlite.pragma('temp_store = MEMORY');
    this.sqlite.pragma(`cache_size = ${BULK_CACHE_KIB}`);
    try {
      return this.immediate(fn);
    } finally {
      for (const [pragma, value] of saved) this.sqlite.pragma(`${pragma} = ${String(value)}`);
    }
  }

  snapshot<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).deferred();
  }

  knownError(err: unknown): AppError | undefined {
    return fromSqliteError(err, this.path);
  }

  close(): void {
    this.sqlite.close();
  }
}
