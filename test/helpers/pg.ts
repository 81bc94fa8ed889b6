// PostgreSQL for tests: the server named by ALIAS_SUPPORT_TEST_PG (default
// postgres://postgres@127.0.0.1:5432), a fresh database for each call of
// freshPgDatabase, dropped after the file's tests. Without a server the
// file's tests are skipped with one line saying so; with CI=true they fail.
import { afterAll } from 'vitest';
import { openPgConnection, type PgConnection } from '../../src/store/postgres/connection.js';

export const PG_SERVER = process.env.ALIAS_SUPPORT_TEST_PG || 'postgres://postgres@127.0.0.1:5432';

/** The server URL naming another database. */
export function pgUrl(database: string, server = PG_SERVER): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.href;
}

function reachServer(): PgConnection | undefined {
  try {
    return openPgConnection(pgUrl('postgres'));
  } catch (err) {
    const why = `no PostgreSQL server at ${pgUrl('', PG_SERVER)} (${(err as Error).message}): set ALIAS_SUPPORT_TEST_PG`;
    if (process.env.CI === 'true') throw new Error(`${why}; CI needs it`, { cause: err });
    console.warn(`PostgreSQL tests skipped: ${why}`);
    return undefined;
  }
}

const admin = reachServer();
/** For describe.skipIf: no server answers (and this is not CI). */
export const noPg = admin === undefined;

const made: string[] = [];
/** Dropping a database waits for a checkpoint: on a loaded machine it may take longer than a hook's usual 30 s. */
export const PG_HOOK_TIMEOUT = 120_000;

afterAll(async () => {
  const names = made.splice(0);
  if (!admin || names.length === 0) return;
  const drop = (name: string) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`;
  // Dropped side by side, the drops share their checkpoints: a file that made sixty databases
  // (one per test) drops them in seconds rather than a minute on a loaded machine.
  const { default: postgres } = await import('postgres');
  const sql = postgres(pgUrl('postgres'), { max: 8, onnotice: () => {} });
  try {
    await Promise.all(names.map((name) => sql.unsafe(drop(name))));
  } catch {
    // e.g. a password only ~/.pgpass gives (the admin connection reads it): one at a time then.
    for (const name of names) admin.exec(drop(name));
  } finally {
    await sql.end();
  }
}, PG_HOOK_TIMEOUT);

let count = 0;
/** A new empty database on the test server, or a copy of the database `template` names (no one connected to it): its URL. */
export function freshPgDatabase(template?: string): string {
  if (!admin) throw new Error('no PostgreSQL server for this test');
  const name = `alias_support_test_${process.pid}_${Date.now().toString(36)}_${++count}`;
  const from = template ? ` TEMPLATE ${decodeURIComponent(new URL(template).pathname.slice(1))}` : '';
  admin.exec(`CREATE DATABASE ${name}${from}`);
  made.push(name);
  return pgUrl(name);
}

/** Ends every connection to the database of `url`, waiting until each is gone: a server restart as a desk sees it. */
export function endConnections(url: string): number {
  if (!admin) throw new Error('no PostgreSQL server for this test');
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  return admin.query<{ ended: number }>(
    'SELECT count(pg_terminate_backend(pid, 10000))::int AS ended FROM pg_stat_activity WHERE datname = $1',
    [name],
  )[0]!.ended;
}
