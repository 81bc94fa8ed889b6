// Opening a desk on a PostgreSQL server (a postgres:// or postgresql:// URL):
// connect (the session's settings: worker.ts), apply the migrations. Every failure names the
// server and the database, never the password (it may be in the URL).
import { dbUnavailable, usageError } from '../../errors.js';
import { busyTimeout } from '../busy-timeout.js';
import type { OpenOptions } from '../sqlite/open.js';
import { openPgConnection, PgError, type PgConnection } from './connection.js';
import { migratePg } from './migrate.js';
import { fromPgError, PostgresStore } from './store.js';

/** What messages name: the server and database, and the URL without its password. */
export interface PgTarget {
  url: string;
  /** e.g. `the database desk on db.example:5432` */
  where: string;
  /** the URL as Store.path shows it: no password */
  shown: string;
}

export function pgTarget(location: string): PgTarget {
  let parsed: URL;
  try {
    parsed = new URL(location);
  } catch {
    throw usageError(
      `'${location.replace(/\/\/[^@/]*@/, '//')}' is not a valid PostgreSQL URL`,
      'expected postgres://user@host:port/database',
    );
  }
  const socket = parsed.searchParams.get('host');
  const host = decodeURIComponent(parsed.hostname) || socket || 'localhost';
  const server = parsed.port ? `${host}:${parsed.port}` : host;
  const database = decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres';
  const shown = new URL(location);
  shown.password = '';
  return { url: location, where: `the database ${database} on ${server}`, shown: shown.href };
}

/** Why the connection failed, in words, for DB_UNAVAILABLE. */
function connectFailure(err: unknown, target: PgTarget): unknown {
  if (!(err instanceof PgError)) return err;
  const code = err.code ?? '';
  if (code === '3D000')
    return dbUnavailable(`${target.where} does not exist`, 'create it first (createdb, or CREATE DATABASE)');
  if (code === '28P01' || code === '28000')
    return dbUnavailable(
      `authentication to ${target.where} was refused`,
      'check the user and password (URL, PGPASSWORD or ~/.pgpass)',
    );
  if (code === '57P03' || code === '53300')
    return dbUnavailable(`${target.where} does not accept connections now (${err.message})`, 'retry in a moment');
  // Connection refused, unknown host, timeout: the message is the system's (no password in it).
  return dbUnavailable(
    `cannot reach ${target.where} (${err.message})`,
    'check that the PostgreSQL server runs and the URL given with --db or ALIAS_SUPPORT_DB',
  );
}

/** Opens (or creates, unless options.create is false) the desk in the database a postgres:// URL names. */
export function openPostgresStore(location: string, options: OpenOptions = {}): PostgresStore {
  const target = pgTarget(location);
  const timeout = busyTimeout();
  let db: PgConnection;
  try {
    // Waiting for another command's row lock: DB_BUSY after the same time as SQLite's busy timeout.
    db = openPgConnection(target.url, timeout);
  } catch (err) {
    throw connectFailure(err, target);
  }
  try {
    const created = migratePg(db, target.where, options.create ?? true);
    return new PostgresStore(target.shown, created, db, timeout);
  } catch (err) {
    db.close();
    throw fromPgError(err, target.where);
  }
}
