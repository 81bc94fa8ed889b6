// A process killed (SIGKILL: no handler, no cleanup) at a random moment of a
// long command leaves the desk exactly as before the command or exactly as
// after it, never between: the ledger sum and the rows the command writes are
// compared with both, `db check` is clean, and running the command again ends
// in the very state an uninterrupted run gives. The three long writers of the
// desk are tried: `credits import`, `bill --all` and `licences expire`.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const BIN = join(ROOT, 'bin', 'alias-support.js');
const NOW = '2026-11-26T09:00:00Z';
const KILLS_PER_COMMAND = 3;
const LICENSED = 20;
const TICKETS = 8000;
const LAPSED = 5000;
const ORDERS = 15000;

let dir: string;
let template: string;
let orders: string;

/** The rows the three commands write, and the ledger sum they change. */
interface State {
  ledgerSum: number;
  entries: number;
  purchases: number;
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
      purchases: one('SELECT count(*) FROM purchases'),
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
  store.sqlite.transaction(() => {
    store.sqlite.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${LICENSED})
      INSERT INTO clients (id, code, name, created_at) SELECT i, printf('C%03d', i), 'Client ' || i, 0 FROM n;
      INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by)
        SELECT id, 'all-inclusive', '2025-01-15', '2029-01-14', 0, 'admin' FROM clients;
      INSERT INTO ledger_entries (client_id, at, kind, minutes, note, agent) SELECT id, 0, 'adjustment', 3000, 'prepaid', 'admin' FROM clients;

      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TICKETS})
      INSERT INTO tickets (id, client_id, subject, status, created_at, queued_at, taken_at, taken_by, resolved_at, resolution)
        SELECT i, 1 + i % ${LICENSED}, 'request ' || i, 'resolved', ${t0}, ${t0}, ${t0 + 60_000}, 'alice', ${t0 + 7_200_000}, 'done' FROM n;
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
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alias-support-crash-'));
  template = join(dir, 'template.db');
  buildTemplate(template);
  expect(findings(template)).toEqual([]);
  orders = join(dir, 'orders.csv');
  const lines = ['order_id,client,product,quantity,purchased_at'];
  for (let i = 1; i <= ORDERS; i++) lines.push(`WEB-${i},C${String(1 + (i % LICENSED)).padStart(3, '0')},AST0${[1, 2, 5][i % 3]},${1 + (i % 2)},2026-11-20T14:03:00Z`);
  writeFileSync(orders, `${lines.join('\n')}\n`);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/** The CLI on `db`, killed with SIGKILL after `killAfterMs` unless it ends first. */
function runCli(db: string, args: string[], killAfterMs?: number): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args, '--json'], {
    env: { PATH: process.env.PATH, TZ: 'UTC', ALIAS_SUPPORT_DB: db, ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'cron' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((done) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr, ms: Date.now() - started });
    }),
  );
}

const copyOfTemplate = (): string => {
  const file = join(tempDir(), 'desk.db');
  copyFileSync(template, file);
  return file;
};

describe.each([
  { name: 'credits import', args: () => ['credits', 'import', orders], writes: (s: State) => s.purchases },
  { name: 'bill --all', args: () => ['bill', '--all'], writes: (s: State) => s.bills },
  { name: 'licences expire', args: () => ['licences', 'expire'], writes: (s: State) => s.forfeits },
])('SIGKILL during $name', ({ args, writes }) => {
  it('leaves the state before or the state after, never between; a new run completes it', async () => {
    const before = stateOf(template);
    expect(writes(before)).toBe(0);

    const reference = copyOfTemplate();
    const full = await runCli(reference, args());
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    const after = stateOf(reference);
    expect(writes(after)).toBeGreaterThan(1000);
    expect(after.ledgerSum).not.toBe(before.ledgerSum);

    const outcomes: string[] = [];
    for (let k = 0; k < KILLS_PER_COMMAND; k++) {
      const desk = copyOfTemplate();
      // Spread over the run, start-up included: before the write, during it, around the commit.
      const delay = Math.round(full.ms * (0.25 + (0.75 * (k + Math.random())) / KILLS_PER_COMMAND));
      const run = await runCli(desk, args(), delay);
      expect(run.signal === 'SIGKILL' || run.code === 0, run.stderr).toBe(true);
      const state = stateOf(desk);
      const which = JSON.stringify(state) === JSON.stringify(before) ? 'before' : JSON.stringify(state) === JSON.stringify(after) ? 'after' : 'BETWEEN';
      outcomes.push(`${run.signal ?? `exit ${run.code}`} at ${delay} ms → ${which}`);
      expect(state, `killed at ${delay} ms of ${full.ms}`).toEqual(which === 'after' ? after : before);
      expect(findings(desk)).toEqual([]);
      if (which === 'before') {
        expect((await runCli(desk, args())).code).toBe(0);
        expect(stateOf(desk)).toEqual(after);
      }
    }
    // What happened, for the curious (vitest shows it with --reporter=verbose).
    console.info(outcomes.join('; '));
  });
});
