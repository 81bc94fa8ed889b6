// `queue --limit 20` on 1,000 tickets and on 1,000,000: it must answer as fast
// on both (only the page is read; the counts are indexed COUNTs).
//
//   npm run build && npx tsx bench/queue.ts [--runs 15] [--clients 12] [--rebuild]
//
// The databases are built with prepared statements in one transaction each
// (about 15 s for a million tickets) and kept in $TMPDIR/alias-support-bench.
// Shape of the demo: 12% red, 18% orange, 70% green (each green one billed),
// one time entry per taken ticket, over the past 20 days.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/db/open.js';
import { queueClients, queuePage } from '../src/services/queue.js';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, clients: { type: 'string', default: '12' }, rebuild: { type: 'boolean', default: false } },
});
const RUNS = Number(args.runs);
const CLIENTS = Number(args.clients);
const NOW = '2026-11-26T15:00:00Z';
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'alias-support.js');
const DIR = join(tmpdir(), 'alias-support-bench');

function build(path: string, tickets: number): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const store = openStore(path);
  const db = store.sqlite;
  const now = Date.parse(NOW);
  const started = Date.now();
  store.immediate(() => {
    const client = db.prepare('insert into clients (id, code, name, email, created_at) values (?, ?, ?, ?, ?)');
    const licence = db.prepare("insert into licences (client_id, plan, starts_on, ends_on, created_at, created_by) values (?, 'all-inclusive', '2025-01-01', '2028-12-31', ?, 'bench')");
    const ledger = db.prepare('insert into ledger_entries (client_id, at, kind, minutes, reference, ticket_id, agent) values (?, ?, ?, ?, ?, ?, ?)');
    const ticket = db.prepare(
      'insert into tickets (id, client_id, subject, status, created_at, queued_at, taken_at, taken_by, resolved_at, resolution, charged_minutes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const entry = db.prepare('insert into time_entries (ticket_id, agent, started_at, ended_at) values (?, ?, ?, ?)');
    const event = db.prepare("insert into ticket_events (ticket_id, at, agent, event) values (?, ?, ?, 'opened')");
    for (let c = 1; c <= CLIENTS; c++) {
      const code = `C${String(c).padStart(3, '0')}`;
      client.run(c, code, `Client ${code}`, `support@${code.toLowerCase()}.example.fr`, now - 400 * 86_400_000);
      licence.run(c, now);
      ledger.run(c, now - 300 * 86_400_000, 'purchase', 100_000_000, `BENCH-${code}`, null, 'shop');
    }
    const agents = ['alice', 'bob', 'chloe', 'david'];
    for (let i = 1; i <= tickets; i++) {
      const age = (tickets - i) / tickets;
      const opened = now - Math.floor(age * 20 * 86_400_000);
      const status = age > 0.3 ? 'resolved' : age > 0.12 ? 'in_progress' : 'pending';
      const clientId = 1 + (i % CLIENTS);
      const agent = agents[i % agents.length]!;
      const taken = status === 'pending' ? null : opened + 600_000;
      const resolved = status === 'resolved' ? taken! + 1_260_000 : null;
      ticket.run(i, clientId, `Ticket ${i}: export PDF plante`, status, opened, opened, taken, taken ? agent : null, resolved, resolved ? 'fixed' : null, resolved ? 30 : 0);
      event.run(i, opened, 'bench');
      if (taken) entry.run(i, agent, taken, resolved);
      if (resolved) ledger.run(clientId, resolved, 'consumption', -30, String(i), i, agent);
    }
  });
  store.close();
  console.log(`built ${tickets.toLocaleString('en')} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s: ${path}`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Timing {
  median: number;
  min: number;
}

const timing = (samples: number[]): Timing => ({ median: median(samples), min: Math.min(...samples) });
const ms = (t: Timing): string => `${t.median.toFixed(0)} (min ${t.min.toFixed(0)})`;

/** Wall time of a whole process, RUNS times. The machine may be shared: the minimum is the least disturbed run. */
function wall(argv: string[], env: NodeJS.ProcessEnv = {}): Timing {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ALIAS_SUPPORT_NOW: NOW, ...env }, encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return timing(samples);
}

/** In-process, on a fresh connection each time (as a command has): the use case, the three counts alone, the human extras. */
async function inProcess(path: string): Promise<{ page: Timing; counts: Timing; credit: Timing }> {
  const page: number[] = [];
  const counts: number[] = [];
  const credit: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const store = openStore(path);
    const ctx = { store, now: Date.parse(NOW), agent: 'alice', tz: 'Europe/Paris' };
    let t = performance.now();
    const result = await queuePage(ctx, { state: 'open', limit: 20 });
    page.push(performance.now() - t);
    t = performance.now();
    queueClients(ctx, result);
    credit.push(performance.now() - t);
    store.close();
    const again = openStore(path);
    const count = again.sqlite.prepare('select count(*) from tickets where status = ?');
    t = performance.now();
    for (const status of ['pending', 'in_progress', 'resolved']) count.get(status);
    counts.push(performance.now() - t);
    again.close();
  }
  return { page: timing(page), counts: timing(counts), credit: timing(credit) };
}

mkdirSync(DIR, { recursive: true });
const sizes = [1_000, 1_000_000];
const lines: string[] = [];
const nodeZero = wall(['-e', '0']);
const json = new Map<number, Timing>();
for (const n of sizes) {
  const path = join(DIR, `queue-${n}-${CLIENTS}c.db`);
  if (args.rebuild || !existsSync(path)) build(path, n);
  const env = { ALIAS_SUPPORT_DB: path };
  wall([BIN, 'queue', '--limit', '20', '--json'], env); // fills the holiday cache
  const cliJson = wall([BIN, 'queue', '--limit', '20', '--json'], env);
  const cliHuman = wall([BIN, 'queue', '--limit', '20'], env);
  const use = await inProcess(path);
  json.set(n, cliJson);
  lines.push(
    [n.toLocaleString('en'), ms(cliJson), (cliJson.median / nodeZero.median).toFixed(2), ms(cliHuman), ms(use.page), ms(use.counts), ms(use.credit)].join(' | '),
  );
}
console.log(`\nnode -e 0: ${ms(nodeZero)} ms; ${RUNS} runs each, median (min); ${CLIENTS} clients\n`);
console.log('tickets | queue --limit 20 --json | × node -e 0 | queue --limit 20 (human) | use case queuePage | of which 3 counts | human credit lookups');
for (const line of lines) console.log(line);
const [small, big] = [json.get(1_000)!, json.get(1_000_000)!];
console.log(`\nratio 1M / 1k, queue --limit 20 --json: ${(big.median / small.median).toFixed(2)} (medians), ${(big.min / small.min).toFixed(2)} (minima)`);
