// `db check` on PostgreSQL finds what it finds on SQLite: the same demo desk on
// both engines, clean, then damaged alike by hand; the same report, finding by
// finding. `db backup` of a PostgreSQL desk points at pg_dump (USAGE, exit 2).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/services/context.js';
import { backupDatabase } from '../../src/services/db-backup.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { runDemo } from '../../src/services/demo.js';
import { openStore } from '../../src/store/open.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { PostgresStore } from '../../src/store/postgres/store.js';
import { freshPgDatabase, noPg, PG_HOOK_TIMEOUT } from '../helpers/pg.js';
import { tempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

const NOW = Date.parse('2026-11-26T09:00:00Z');

/** The same damage on both engines: plain SQL both speak. */
const DAMAGE = [
  // totals off their ledger charges and bills, and off their last bill
  'UPDATE tickets SET charged_minutes = charged_minutes + 5 WHERE id IN (SELECT ticket_id FROM bills ORDER BY id LIMIT 2)',
  // a bill off the slice rule
  'UPDATE bills SET billable_minutes = billable_minutes + 1 WHERE id = (SELECT max(id) FROM bills)',
  // a purchase entry of the wrong sign, without its order: an odd entry, a negative run
  `INSERT INTO ledger_entries (client_id, at, kind, minutes, reference, ticket_id, note, agent)
     VALUES (2, ${NOW - 86_400_000}, 'purchase', -100000, 'X-1', NULL, NULL, 'shop')`,
  // an order whose entry disagrees with it
  'UPDATE purchases SET minutes = minutes + 1 WHERE order_id = (SELECT max(order_id) FROM purchases)',
  // time ending before it starts, before any take, overlapping the agent's own
  "INSERT INTO time_entries (ticket_id, agent, started_at, ended_at) VALUES (1, 'zoe', 2000, 1000), (1, 'zoe', 1500, 3000)",
  // a status its history does not leave it in, a timer on a ticket not orange, a timer without its stop
  "UPDATE tickets SET status = 'pending' WHERE id IN (SELECT ticket_id FROM time_entries WHERE ended_at IS NULL)",
  'UPDATE time_entries SET stops_at = NULL WHERE id = (SELECT min(id) FROM time_entries WHERE ended_at IS NULL)',
  // a reversal of a ticket's charge, a part of it forfeited
  `INSERT INTO ledger_entries (client_id, at, kind, minutes, reference, ticket_id, note, agent)
     SELECT client_id, at + 1, 'reversal', -minutes, reference, ticket_id, NULL, 'alice' FROM ledger_entries
      WHERE id = (SELECT min(id) FROM ledger_entries WHERE kind = 'consumption')`,
];

describe.skipIf(noPg)('db check on PostgreSQL and on SQLite', () => {
  const desks: Ctx[] = [];
  const run = (ctx: Ctx, sql: string) =>
    ctx.store.dialect === 'postgres' ? (ctx.store as PostgresStore).db.exec(sql) : sqliteOf(ctx.store).exec(sql);
  const reports = () =>
    desks.map((ctx) => {
      const { database, ...report } = checkDatabase(ctx);
      expect(database).toBeTruthy();
      return report;
    });

  beforeAll(async () => {
    for (const store of [openStore(join(tempDir(), 'desk.db')), openPostgresStore(freshPgDatabase())]) {
      const ctx: Ctx = { store, now: NOW, agent: 'alice', tz: 'Europe/Paris' };
      await runDemo(ctx, { seed: 3, clients: 4, tickets: 200, force: false });
      desks.push(ctx);
    }
  }, PG_HOOK_TIMEOUT);
  afterAll(() => {
    for (const ctx of desks) ctx.store.close();
  });

  it('a sound desk: no finding on either', () => {
    const [sqlite, pg] = reports();
    expect(sqlite!.ok).toBe(true);
    expect(pg).toEqual(sqlite);
  });

  it('the same damage: the same findings, check by check', () => {
    for (const ctx of desks) for (const sql of DAMAGE) run(ctx, sql);
    const [sqlite, pg] = reports();
    expect(sqlite!.ok).toBe(false);
    expect(sqlite!.checks.filter((c) => c.findings > 0).length).toBeGreaterThanOrEqual(8);
    expect(pg).toEqual(sqlite);
  });

  it('db backup of a PostgreSQL desk: pg_dump is the way (USAGE), nothing left behind', async () => {
    const dir = tempDir();
    const pg = desks[1]!;
    await expect(backupDatabase(pg, join(dir, 'copy.db'))).rejects.toMatchObject({
      code: 'USAGE',
      exitCode: 2,
      message: expect.stringContaining('PostgreSQL'),
      hint: expect.stringContaining('pg_dump'),
    });
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
