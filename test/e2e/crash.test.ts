// A process killed (SIGKILL: no handler, no cleanup) inside a long command
// leaves the desk exactly as before the command or exactly as after it, never
// between: the ledger sum and the rows the command writes are compared with
// both, `db check` is clean, and running the command again ends in the very
// state an uninterrupted run gives. The kills land at the points the command
// reports (ALIAS_SUPPORT_CRASH_POINT, test/helpers/kill.ts): write lock taken,
// everything written but not committed, committed; not at guessed times, so
// the test holds on a fast, slow or busy machine. Tried here: `bill --all`
// and `licences expire`; `credits import` is killed the same way in
// test/e2e/credit-import-kill.slow.test.ts.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { runKilledAt } from '../helpers/kill.js';
import { tempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

const NOW = '2026-11-26T09:00:00Z';
const LICENSED = 20;
const TICKETS = 8000;
const LAPSED = 2000;

let dir: string;
let template: string;

/** The rows the commands write, and the ledger sum they change. */
interface State {
  ledgerSum: number;
  entries: number;
  bills: number;
  forfeits: number;
  ticketTotals: number;
}

function stateOf(file: string): State {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      ledgerSum: one('SELECT coalesce(sum(minutes), 0) FROM ledger_entries'),
      entries: one('SELECT count(*) FROM ledger_entries'),
      bills: one('SELECT count(*) FROM bills'),
      forfeits: one("SELECT count(*) FROM ledger_entries WHERE kind = 'forfeit'"),
      ticketTotals: one('SELECT coalesce(sum(charged_minutes + waived_minutes + uncovered_minutes), 0) FROM tickets'),
    };
  } finally {
    db.close();
  }
}

function findings(file: string): string[] {
  const store = openStore(file);
  try {
    const report = checkDatabase({ store, now: Date.parse(NOW), agent: 'check', tz: 'Europe/Paris' });
    return report.findings.map((f) => `${f.check} ${f.subject}: ${f.message}`);
  } finally {
    store.close();
  }
}

/**
 * A desk big enough for each command to run a while: licensed clients with
 * some credit, thousands of resolved tickets not billed yet, thousands of
 * clients whose credit fell due for forfeit on 2026-01-01. Written in SQL with
 * the rows the services would write (db check confirms it is sound).
 */
function buildTemplate(file: string): void {
  const store = openStore(file);
  const t0 = Date.parse('2026-11-20T09:00:00Z');
  sqliteOf(store).transaction(() => {
    sqliteOf(store).exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${LICENSED})
      INSERT INTO clients (id, code, name, created_at) SELECT i, printf('C%03d', i), 'Client ' || i, 0 FROM n;
      INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by)
        SELECT id, 'all-inclusive', '2025-01-15', '2029-01-14', 0, 'admin' FROM clients;
      INSERT INTO ledger_entries (client_id, at, kind, minutes, note, agent) SELECT id, 0, 'adjustment', 3000, 'prepaid', 'admin' FROM clients;

      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TICKETS})
      INSERT INTO tickets (id, client_id, subject, status, created_at, queued_at, taken_at, taken_by, resolved_at, resolution, to_bill)
        SELECT i, 1 + i % ${LICENSED}, 'request ' || i, 'resolved', ${t0}, ${t0}, ${t0 + 60_000}, 'alice', ${t0 + 7_200_000}, 'done', 1 FROM n;
      INSERT INTO time_entries (ticket_id, agent, started_at, ended_at)
        SELECT id, 'alice', ${t0 + 60_000}, ${t0 + 60_000} + (id % 50 + 1) * 60000 FROM tickets;
      INSERT INTO ticket_events (ticket_id, at, agent, event) SELECT id, ${t0}, 'alice', 'opened' FROM tickets;
      INSERT INTO ticket_events (ticket_id, at, agent, event) SELECT id, ${t0 + 60_000}, 'alice', 'taken' FROM tickets;
      INSERT INTO ticket_events (ticket_id, at, agent, event, detail) SELECT id, ${t0 + 7_200_000}, 'alice', 'closed', 'done' FROM tickets;

      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${LAPSED})
      INSERT INTO clients (code, name, created_at) SELECT printf('L%05d', i), 'Lapsed ' || i, 0 FROM n;
      INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by)
        SELECT id, 'on-demand', '2020-01-01', '2023-12-31', 0, 'admin' FROM clients WHERE code LIKE 'L%';
      INSERT INTO ledger_entries (client_id, at, kind, minutes, note, agent)
        SELECT id, ${Date.parse('2023-06-01T10:00:00Z')}, 'adjustment', 120, 'bought in 2023', 'admin' FROM clients WHERE code LIKE 'L%';`);
  })();
  sqliteOf(store).pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alias-support-crash-'));
  template = join(dir, 'template.db');
  buildTemplate(template);
  expect(findings(template)).toEqual([]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'cron' };

const copyOfTemplate = (): string => {
  const file = join(tempDir(), 'desk.db');
  copyFileSync(template, file);
  return file;
};

describe.each([
  { name: 'bill --all', args: ['bill', '--all', '--json'], writes: (s: State) => s.bills },
  { name: 'licences expire', args: ['licences', 'expire', '--json'], writes: (s: State) => s.forfeits },
])('SIGKILL during $name', ({ args, writes }) => {
  it(
    'leaves the state before or the state after, never between; a new run completes it',
    { timeout: 180_000 },
    async () => {
      const before = stateOf(template);
      expect(writes(before)).toBe(0);

      const reference = copyOfTemplate();
      const full = await runKilledAt(args, { ...ENV, ALIAS_SUPPORT_DB: reference });
      expect(full.code, full.stderr).toBe(0);
      expect(full.stderr).toBe('');
      const after = stateOf(reference);
      expect(writes(after)).toBeGreaterThan(1000);
      expect(after.ledgerSum).not.toBe(before.ledgerSum);

      // [point, the state it leaves]
      const points: [string, State][] = [
        ['write-begun', before],
        ['write-done', before],
        ['write-committed', after],
      ];
      let desk: string;
      for (const [point, expected] of points) {
        desk = copyOfTemplate();
        const run = await runKilledAt(args, { ...ENV, ALIAS_SUPPORT_DB: desk }, point);
        expect(run.killed, `${point} reached: ${run.stderr}`).toBe(true);
        expect(stateOf(desk), point).toEqual(expected);
        expect(findings(desk)).toEqual([]);
      }
      // Killed with everything written but not committed, then run again: the state of an uninterrupted run.
      desk = copyOfTemplate();
      const kill = await runKilledAt(args, { ...ENV, ALIAS_SUPPORT_DB: desk }, 'write-done');
      expect(kill.killed, kill.stderr).toBe(true);
      const rerun = await runKilledAt(args, { ...ENV, ALIAS_SUPPORT_DB: desk });
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(stateOf(desk)).toEqual(after);
    },
  );
});
