// A process killed (SIGKILL: no handler, no cleanup) at a random moment of a
// long command leaves the desk exactly as before the command or exactly as
// after it, never between: the ledger sum and the rows the command writes are
// compared with both, `db check` is clean, and running the command again ends
// in the very state an uninterrupted run gives. Tried here: `bill --all` and
// `licences expire`; `credits import` is killed the same way in
// test/e2e/credit-import-kill.test.ts.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { commandLine } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

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
  store.sqlite.transaction(() => {
    store.sqlite.exec(`
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
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alias-support-crash-'));
  template = join(dir, 'template.db');
  buildTemplate(template);
  expect(findings(template)).toEqual([]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** from the start to the exit */
  ms: number;
  /** from the start to when the command held the write lock (its transaction had begun), if seen */
  lockedAt?: number;
}

/**
 * The CLI on `db`. A probe connection tries to take the write lock every few
 * milliseconds (and lets it go at once): when it cannot, the command is inside
 * its write transaction. `kill` says when to SIGKILL it: at a time from the
 * start, or at a time after the lock was seen taken (mid-transaction).
 */
function runCli(db: string, args: string[], kill?: { afterStartMs: number } | { afterLockMs: number }): Promise<Run> {
  const started = Date.now();
  const child = spawn(...commandLine([...args, '--json']), {
    env: { PATH: process.env.PATH, TZ: 'UTC', ALIAS_SUPPORT_DB: db, ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'cron' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const killNow = () => child.kill('SIGKILL');
  const timers: NodeJS.Timeout[] = [];
  if (kill && 'afterStartMs' in kill) timers.push(setTimeout(killNow, kill.afterStartMs));
  let lockedAt: number | undefined;
  const probe = new Database(db, { timeout: 0 });
  const poll = setInterval(() => {
    if (lockedAt !== undefined) return;
    try {
      probe.exec('BEGIN IMMEDIATE');
      probe.exec('ROLLBACK');
    } catch (err) {
      if (!String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) throw err;
      lockedAt = Date.now() - started;
      if (kill && 'afterLockMs' in kill) timers.push(setTimeout(killNow, kill.afterLockMs));
    }
  }, 2);
  return new Promise((done) =>
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      for (const t of timers) clearTimeout(t);
      probe.close();
      done({ code, signal, stderr, ms: Date.now() - started, lockedAt });
    }),
  );
}

const copyOfTemplate = (): string => {
  const file = join(tempDir(), 'desk.db');
  copyFileSync(template, file);
  return file;
};

describe.each([
  { name: 'bill --all', args: ['bill', '--all'], writes: (s: State) => s.bills },
  { name: 'licences expire', args: ['licences', 'expire'], writes: (s: State) => s.forfeits },
])('SIGKILL during $name', ({ args, writes }) => {
  it('leaves the state before or the state after, never between; a new run completes it', async () => {
    const before = stateOf(template);
    expect(writes(before)).toBe(0);

    const reference = copyOfTemplate();
    const full = await runCli(reference, args);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    expect(full.lockedAt, 'the write transaction was seen').toBeDefined();
    const after = stateOf(reference);
    expect(writes(after)).toBeGreaterThan(1000);
    expect(after.ledgerSum).not.toBe(before.ledgerSum);

    // Two kills inside the write transaction (early, late), one anywhere in the run.
    const transactionMs = full.ms - full.lockedAt!;
    const kills = [
      { afterLockMs: Math.round(transactionMs * 0.1 * Math.random()) },
      { afterLockMs: Math.round(transactionMs * (0.4 + 0.4 * Math.random())) },
      { afterStartMs: Math.round(full.ms * Math.random()) },
    ];
    const outcomes: string[] = [];
    let killedInTransaction = 0;
    let desk = '';
    for (const kill of kills) {
      desk = copyOfTemplate();
      const run = await runCli(desk, args, kill);
      expect(run.signal === 'SIGKILL' || run.code === 0, run.stderr).toBe(true);
      if (run.signal === 'SIGKILL' && run.lockedAt !== undefined) killedInTransaction++;
      const state = stateOf(desk);
      const which = JSON.stringify(state) === JSON.stringify(before) ? 'before' : JSON.stringify(state) === JSON.stringify(after) ? 'after' : 'BETWEEN';
      outcomes.push(`${JSON.stringify(kill)}: ${run.signal ?? `exit ${run.code}`} at ${run.ms} ms (lock at ${run.lockedAt ?? '—'}) → ${which}`);
      expect(state, outcomes.at(-1)).toEqual(which === 'after' ? after : before);
      expect(findings(desk)).toEqual([]);
    }
    expect(killedInTransaction, outcomes.join('\n')).toBeGreaterThanOrEqual(1);
    // Run again after the last kill: the state of an uninterrupted run, whichever state the kill left.
    expect((await runCli(desk, args)).code).toBe(0);
    expect(stateOf(desk)).toEqual(after);
    console.info(`${args.join(' ')} (${full.ms} ms, transaction ${transactionMs} ms):\n${outcomes.join('\n')}`);
  });
});
