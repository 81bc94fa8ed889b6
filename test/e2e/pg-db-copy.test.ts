// db copy: a demo desk from a SQLite file into an empty PostgreSQL database
// and back into a new file, every row and id kept; a target holding data is
// refused and left as it was.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPgConnection } from '../../src/store/postgres/connection.js';
import { commandLine } from '../helpers/cli.js';
import { freshPgDatabase, noPg } from '../helpers/pg.js';
import { snapshotFile, tempDir } from '../helpers/store.js';

const run = (args: string[]) => {
  const r = spawnSync(...commandLine(args), {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A snapshot's rows in the order of their values: a table keyed by text (purchases) has no insertion order on PostgreSQL. */
const sorted = (dump: Record<string, unknown[]>) =>
  Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.map((r) => JSON.stringify(r)).sort()]));

const pgCount = (url: string, sql: string) => {
  const db = openPgConnection(url);
  try {
    return db.query<{ n: number }>(sql)[0]?.n;
  } finally {
    db.close();
  }
};

describe.skipIf(noPg)('db copy', () => {
  it('copies a demo desk into PostgreSQL and back: every row, id and balance the same, db check clean', () => {
    const dir = tempDir();
    const file = join(dir, 'desk.db');
    const back = join(dir, 'back.db');
    expect(run(['demo', '--db', file, '--tickets', '400']).code).toBe(0);
    const url = freshPgDatabase();

    const there = run(['db', 'copy', '--db', file, '--to', url, '--json']);
    expect(there.stderr).toBe('');
    expect(there.code).toBe(0);
    const report = JSON.parse(there.stdout).copy as { tables: { table: string; rows: number }[]; balances: number };
    expect(report.tables.find((t) => t.table === 'tickets')?.rows).toBe(400);
    expect(report.balances).toBeGreaterThan(0);
    // The sequences follow the copied ids: the next ticket is #401.
    expect(pgCount(url, "SELECT pg_sequence_last_value(pg_get_serial_sequence('tickets', 'id')) AS n")).toBe(400);
    expect(run(['db', 'check', '--db', url]).code).toBe(0);

    const home = run(['db', 'copy', '--db', url, '--to', back]);
    expect(home.stderr).toBe('');
    expect(home.code).toBe(0);
    expect(sorted(snapshotFile(back))).toEqual(sorted(snapshotFile(file)));
  });

  it('refuses a target that holds data (exit 4) and leaves it as it was', () => {
    const dir = tempDir();
    const file = join(dir, 'desk.db');
    expect(run(['demo', '--db', file, '--tickets', '20']).code).toBe(0);
    const url = freshPgDatabase();
    expect(run(['db', 'copy', '--db', file, '--to', url]).code).toBe(0);
    const tickets = pgCount(url, 'SELECT count(*)::int AS n FROM tickets');

    const again = run(['db', 'copy', '--db', file, '--to', url, '--json']);
    expect(again.code).toBe(4);
    expect(JSON.parse(again.stderr).error.code).toBe('FILE_EXISTS');
    expect(pgCount(url, 'SELECT count(*)::int AS n FROM tickets')).toBe(tickets);

    const intoFile = run(['db', 'copy', '--db', url, '--to', file]);
    expect(intoFile.code).toBe(4);
    expect(intoFile.stderr).toMatch(/already holds a desk's data/);
  });
});
