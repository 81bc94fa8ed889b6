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

afterAll(() => {
  for (const name of made.splice(0)) admin?.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}, PG_HOOK_TIMEOUT);

let count = 0;
/** A new empty database on the test server: its URL. */
export function freshPgDatabase(): string {
  if (!admin) throw new Error('no PostgreSQL server for this test');
  const name = `alias_support_test_${process.pid}_${Date.now().toString(36)}_${++count}`;
  admin.exec(`CREATE DATABASE ${name}`);
  made.push(name);
  return pgUrl(name);
}
