// Plain SQL on a test desk, whatever its engine: for tests that set up, damage or
// inspect rows the store has no method for. Write `?` placeholders; on PostgreSQL
// they become $1, $2… Keep to SQL both engines speak (a boolean column is 0/1 on
// SQLite and false/true on PostgreSQL: compare with `defect = ?` and pass `bool(x)`).
// Services never reach a connection: the Store interface has none.
import Database from 'better-sqlite3';
import { openPgConnection, type PgConnection, type Row } from '../../src/store/postgres/connection.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import type { Store } from '../../src/store/store.js';
import { sqliteOf } from './sqlite-of.js';

export interface RawSql {
  readonly dialect: 'sqlite' | 'postgres';
  /** Several statements, no parameters. */
  exec(script: string): void;
  all<T = Row>(sql: string, ...params: unknown[]): T[];
  get<T = Row>(sql: string, ...params: unknown[]): T | undefined;
  /** The first column of the first row. */
  value<T = unknown>(sql: string, ...params: unknown[]): T;
  /** How many rows the statement wrote. */
  run(sql: string, ...params: unknown[]): number;
  /** A boolean as the engine stores it (SQLite: 0/1). */
  bool(value: boolean): unknown;
}

/** `?` → `$n`, outside quoted strings and identifiers. */
export function numbered(sql: string): string {
  let n = 0;
  let quote = '';
  let out = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

function ofSqlite(db: Database.Database): RawSql {
  return {
    dialect: 'sqlite',
    exec: (script) => void db.exec(script),
    all: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    get: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T | undefined,
    value: <T>(sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as T,
    run: (sql, ...params) => db.prepare(sql).run(...params).changes,
    bool: (value) => (value ? 1 : 0),
  };
}

function ofPostgres(db: PgConnection): RawSql {
  return {
    dialect: 'postgres',
    exec: (script) => db.exec(script),
    all: <T>(sql: string, ...params: unknown[]) => db.query<T>(numbered(sql), params),
    get: <T>(sql: string, ...params: unknown[]) => db.query<T>(numbered(sql), params)[0],
    value: <T>(sql: string, ...params: unknown[]) => {
      const row = db.query(numbered(sql), params)[0];
      return (row ? Object.values(row)[0] : undefined) as T;
    },
    run: (sql, ...params) => db.run(numbered(sql), params),
    bool: (value) => value,
  };
}

/** Plain SQL over the store's own connection (inside its transactions, if one is open). */
export function rawOf(store: Store): RawSql {
  return store instanceof PostgresStore ? ofPostgres(store.db) : ofSqlite(sqliteOf(store));
}

const isUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** Plain SQL over a connection of its own to a desk (a file path or a postgres:// URL), closed after `fn`. */
export function withRaw<T>(location: string, fn: (raw: RawSql) => T): T {
  if (isUrl(location)) {
    const db = openPgConnection(location);
    try {
      return fn(ofPostgres(db));
    } finally {
      db.close();
    }
  }
  const db = new Database(location, { fileMustExist: true });
  try {
    return fn(ofSqlite(db));
  } finally {
    db.close();
  }
}

/** Every row of every table, ordered: equal snapshots mean an unchanged desk (either engine). */
export function snapshotRaw(raw: RawSql): Record<string, unknown[]> {
  const tables =
    raw.dialect === 'sqlite'
      ? raw.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      : raw.all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
        );
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables)
    dump[name] = raw.all(`SELECT * FROM "${name}" AS t ORDER BY ${raw.dialect === 'sqlite' ? 'rowid' : 't::text'}`);
  if (raw.dialect === 'sqlite') dump.user_version = [raw.value('PRAGMA user_version')];
  return dump;
}

/** The snapshot of a desk read through a connection of its own (end-to-end tests). */
export function snapshotDesk(location: string): Record<string, unknown[]> {
  return withRaw(location, snapshotRaw);
}
