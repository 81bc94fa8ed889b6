// `bill --all` over 100,000 resolved tickets, through the real CLI (a child
// process, as a supervisor or cron runs it). Target: under 3 s. Then checks
// that the ledger, the bills, the tickets and `credits statement` agree.
//
//   npx tsx bench/bill.ts [--tickets 100000] [--clients 1000] [--runs 3]
//
// The desk is built once with prepared statements in one transaction (not
// through the CLI), then copied for each run. Shape: 1,000 licensed clients,
// one in ten with too little credit (uncovered minutes), one ticket in ten a
// software defect, one or two time entries per ticket (1 to 90 min).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openStore } from '../src/db/open.js';
import { bill } from '../src/services/billing.js';
import { statement } from '../src/services/credit-statement.js';
import { checkDatabase } from '../src/services/db-check.js';

const { values: args } = parseArgs({
  options: { tickets: { type: 'string', default: '100000' }, clients: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } },
});
const TICKETS = Number(args.tickets);
const CLIENTS = Number(args.clients);
const RUNS = Number(args.runs);
const NOW = '2026-11-26T15:00:00Z';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'alias-support.js');
const DIR = mkdtempSync(join(tmpdir(), 'alias-support-bench-bill-'));

function build(path: string): void {
  const store = openStore(path);
  const db = store.sqlite;
  const now = Date.parse(NOW);
  const started = performance.now();
  store.immediate(() => {
    const client = db.prepare('insert into clients (id, code, name, created_at) values (?, ?, ?, ?)');
    const licence = db.prepare('insert into licences (client_id, plan, starts_on, ends_on, created_at, created_by) values (?, ?, ?, ?, ?, ?)');
    const ledger = db.prepare("insert into ledger_entries (client_id, at, kind, minutes, note, agent) values (?, ?, 'adjustment', ?, ?, 'bench')");
    const ticket = db.prepare(
      "insert into tickets (id, client_id, subject, status, created_at, queued_at, taken_at, taken_by, resolved_at, resolution, defect) values (?, ?, ?, 'resolved', ?, ?, ?, ?, ?, 'fixed', ?)",
    );
    const entry = db.prepare('insert into time_entries (ticket_id, agent, started_at, ended_at) values (?, ?, ?, ?)');
    const event = db.prepare('insert into ticket_events (ticket_id, at, agent, event) values (?, ?, ?, ?)');
    for (let c = 1; c <= CLIENTS; c++) {
      const code = `C${String(c).padStart(4, '0')}`;
      client.run(c, code, `Client ${code}`, now - 400 * 86_400_000);
      licence.run(c, c % 2 ? 'all-inclusive' : 'on-demand', '2025-01-01', c % 2 ? '2028-12-31' : '2026-12-31', now, 'bench');
      // One client in ten holds 2 hours: its later tickets are not covered.
      ledger.run(c, now - 300 * 86_400_000, c % 10 === 0 ? 120 : 1_000_000, 'opening balance');
    }
    const agents = ['alice', 'bob', 'chloe', 'david'];
    for (let i = 1; i <= TICKETS; i++) {
      const opened = now - 20 * 86_400_000 + i * 1_000;
      const agent = agents[i % agents.length]!;
      const taken = opened + 600_000;
      const first = 60_000 + ((i * 7919) % 60) * 60_000 + (i % 60) * 1_000;
      const second = i % 3 === 0 ? 60_000 + ((i * 104_729) % 30) * 60_000 : 0;
      const resolved = taken + first + second;
      ticket.run(i, 1 + (i % CLIENTS), `Ticket ${i}`, opened, opened, taken, agent, resolved, i % 10 === 0 ? 1 : 0);
      entry.run(i, agent, taken, taken + first);
      if (second) entry.run(i, agents[(i + 1) % agents.length]!, taken + first, resolved);
      event.run(i, opened, 'bench', 'opened');
      event.run(i, taken, agent, 'taken');
      event.run(i, resolved, agent, 'closed');
    }
  });
  store.close();
  console.log(`built ${TICKETS.toLocaleString('en')} resolved tickets, ${CLIENTS} clients in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function cli(path: string, argv: string[]): { ms: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_DB: path, ALIAS_SUPPORT_AGENT: 'bench' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** The ledger, the bills, the tickets and every client's statement tell the same story. */
function verify(path: string, reported: { chargedMinutes: number; waivedMinutes: number; uncoveredMinutes: number }): void {
  const store = openStore(path);
  try {
    const db = store.sqlite;
    const sums = db
      .prepare(
        `SELECT (SELECT coalesce(-sum(minutes), 0) FROM ledger_entries WHERE kind = 'consumption') AS consumption,
                (SELECT count(*) FROM ledger_entries WHERE kind = 'consumption') AS entries,
                (SELECT coalesce(sum(charged_minutes), 0) FROM bills) AS billsCharged,
                (SELECT coalesce(sum(charged_minutes), 0) FROM tickets) AS ticketsCharged,
                (SELECT coalesce(sum(waived_minutes), 0) FROM tickets) AS waived,
                (SELECT coalesce(sum(uncovered_minutes), 0) FROM tickets) AS uncovered,
                (SELECT count(*) FROM bills) AS bills`,
      )
      .get() as Record<string, number>;
    const ctx = { store, now: Date.parse(NOW), agent: 'bench', tz: 'Europe/Paris' };
    let statementConsumption = 0;
    for (const { code } of db.prepare('SELECT code FROM clients').all() as { code: string }[])
      for (const e of statement(ctx, code).entries) if (e.kind === 'consumption') statementConsumption -= e.minutes;
    const check = checkDatabase(ctx);
    const failed = check.checks.filter((c) => c.findings > 0).map((c) => c.name);
    console.log(
      `consistency: consumption ${sums.consumption} = bills ${sums.billsCharged} = tickets ${sums.ticketsCharged} = statements ${statementConsumption} = reported ${reported.chargedMinutes} min ` +
        `(${sums.entries} entries, ${sums.bills} bills); waived ${sums.waived}, uncovered ${sums.uncovered}; db check ${check.ok ? 'ok' : `FAILED: ${failed.join(', ')}`}`,
    );
    const agree = [sums.billsCharged, sums.ticketsCharged, statementConsumption, reported.chargedMinutes].every((v) => v === sums.consumption);
    if (!agree || sums.waived !== reported.waivedMinutes || sums.uncovered !== reported.uncoveredMinutes || sums.bills !== TICKETS || !check.ok)
      throw new Error('the billing records disagree');
  } finally {
    store.close();
  }
}

const fresh = join(DIR, 'fresh.db');
build(fresh);
const copy = (name: string): string => {
  const path = join(DIR, name);
  copyFileSync(fresh, path);
  return path;
};

const human: number[] = [];
for (let i = 0; i < RUNS; i++) human.push(cli(copy(`human-${i}.db`), ['bill', '--all']).ms);
const jsonPath = copy('json.db');
const json = cli(jsonPath, ['bill', '--all', '--json']);
const doc = JSON.parse(json.stdout) as { bills: unknown[]; totals: { chargedMinutes: number; waivedMinutes: number; uncoveredMinutes: number } };
const again = cli(jsonPath, ['bill', '--all', '--json']);
const dry = cli(copy('dry.db'), ['bill', '--all', '--dry-run', '--json']);

// The use case alone, in this process: its wall and CPU time.
const inProcess = openStore(copy('in-process.db'));
const [wall0, cpu0] = [performance.now(), process.cpuUsage()];
bill({ store: inProcess, now: Date.parse(NOW), agent: 'bench', tz: 'Europe/Paris' }, { all: true });
const [useWall, useCpu] = [performance.now() - wall0, process.cpuUsage(cpu0)];
inProcess.close();

const median = [...human].sort((a, b) => a - b)[Math.floor(human.length / 2)]!;
console.log(`\nbill --all, ${TICKETS.toLocaleString('en')} resolved tickets (wall time of the whole process, ms):`);
console.log(`  human table        median ${median.toFixed(0)} (runs: ${human.map((m) => m.toFixed(0)).join(', ')}) — target < 3000: ${median < 3000 ? 'met' : 'MISSED'}`);
console.log(`  --json             ${json.ms.toFixed(0)} (${doc.bills.length.toLocaleString('en')} lines, ${(json.stdout.length / 1e6).toFixed(1)} MB)`);
console.log(`  --dry-run --json   ${dry.ms.toFixed(0)}`);
console.log(`  second run         ${again.ms.toFixed(0)} (nothing left to bill: ${JSON.parse(again.stdout).bills.length} lines)`);
console.log(`  use case in-process ${useWall.toFixed(0)} wall, ${((useCpu.user + useCpu.system) / 1000).toFixed(0)} CPU`);
console.log(`  load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (the machine may be shared)`);
console.log(`  totals: charged ${doc.totals.chargedMinutes}, waived ${doc.totals.waivedMinutes}, uncovered ${doc.totals.uncoveredMinutes} min`);
verify(jsonPath, doc.totals);
rmSync(DIR, { recursive: true, force: true });
