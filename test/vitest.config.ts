// Two runs of one suite: every test on SQLite, then the integration,
// end-to-end and web tests again on PostgreSQL (ALIAS_SUPPORT_TEST_BACKEND=postgres:
// the desk helpers of test/helpers/store.ts then give each test a fresh
// database). What the PostgreSQL run leaves out is listed here, each file with
// its reason: the tests about SQLite itself. Every other test runs on both.
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests of SQLite itself: the file, its modes, its plans, the single executable built around it. */
const SQLITE_ONLY: Record<string, string> = {
  'test/integration/db-backup.test.ts': 'the online backup of a SQLite file (PostgreSQL desks use pg_dump)',
  'test/integration/db-open.test.ts': 'file modes, WAL and opening a SQLite file',
  'test/integration/migrations.test.ts': "SQLite's migrations and user_version on earlier releases' files",
  'test/integration/query-plans.test.ts': "SQLite's EXPLAIN QUERY PLAN",
  'test/integration/portal-query-plans.test.ts': "SQLite's EXPLAIN QUERY PLAN",
  'test/integration/queue-plan.test.ts': "SQLite's EXPLAIN QUERY PLAN",
  'test/integration/store-statements.test.ts': "the SQLite store's prepared statements",
  'test/e2e/crash.test.ts': 'a SQLite file killed mid-write (PostgreSQL: test/e2e/pg-concurrency.test.ts)',
  'test/e2e/credit-import-kill.slow.test.ts':
    'a SQLite file killed mid-import (PostgreSQL: test/e2e/pg-concurrency.test.ts)',
  'test/e2e/concurrency.test.ts': "SQLite's writers on one file (PostgreSQL: test/e2e/pg-concurrency.test.ts)",
  'test/e2e/sea.test.ts': 'the single executable, which carries SQLite only',
  'test/e2e/readme.test.ts': "the README's own desks, whatever the run (its PostgreSQL section uses the server itself)",
};

/** Tests that need a PostgreSQL server whatever the run (they make their own databases): in the SQLite run only. */
const POSTGRES_OWN = ['test/integration/pg-*.test.ts', 'test/e2e/pg-*.test.ts'];

const PG_SERVER = process.env.ALIAS_SUPPORT_TEST_PG || 'postgres://postgres@127.0.0.1:5432';

/** Whether a server answers on the test server's port: without one the PostgreSQL run is skipped, with one line. */
function serverAnswers(): Promise<boolean> {
  const url = new URL(PG_SERVER);
  const host = url.searchParams.get('host');
  const socket = host?.startsWith('/') ? `${host}/.s.PGSQL.${url.port || 5432}` : undefined;
  return new Promise((resolve) => {
    const probe = socket
      ? connect(socket)
      : connect(Number(url.port || 5432), decodeURIComponent(url.hostname) || 'localhost');
    probe.setTimeout(2000, () => probe.destroy(new Error('timeout')));
    probe.once('connect', () => resolve(true)).once('error', () => resolve(false));
    probe.once('close', () => resolve(false));
    probe.once('connect', () => probe.end());
  });
}

const onPostgres = await serverAnswers();
if (!onPostgres) {
  const where = PG_SERVER.replace(/\/\/[^@/]*@/, '//');
  // In CI the run goes on and fails in test/helpers/pg.ts, naming the server.
  if (process.env.CI !== 'true')
    console.warn(`PostgreSQL run skipped: no server answers at ${where} (set ALIAS_SUPPORT_TEST_PG)`);
}
const withPostgres = onPostgres || process.env.CI === 'true';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    // The CLI tests run dist/: a bundle older than the sources fails the run (npm test builds first).
    globalSetup: ['test/stale-dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests pin "now" themselves; none may depend on the machine's zone.
    env: { TZ: 'UTC', ALIAS_SUPPORT_DEBUG: '' },
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          env: { ALIAS_SUPPORT_TEST_BACKEND: 'sqlite' },
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/web/**/*.test.ts'],
                exclude: [...Object.keys(SQLITE_ONLY), ...POSTGRES_OWN],
                env: { ALIAS_SUPPORT_TEST_BACKEND: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
