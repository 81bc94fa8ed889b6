// `npm run bench`: the performance targets of the desk, measured through the
// real CLI (child processes, as a person, a script or cron runs it), with the
// baselines measured in the same run on the same machine: `node -e 0` for the
// start-up of a call, a raw better-sqlite3 insert loop for the import. Prints
// one table (figure, baseline, ratio, target, pass/fail) and writes it with
// the machine's description to bench/data/results.json (docs/benchmarks.md).
//
//   npm run bench                      # everything (~5 minutes)
//   npm run bench -- --runs 31         # more runs of each start-up figure
//   npm run bench -- --only startup    # startup | import | bill | demo | serve | postgres (comma-separated)
//   npm run bench -- --only postgres   # the same targets on PostgreSQL (bench/postgres.ts; not in the default run)
//   npm run bench -- --reuse           # keep the data sets in bench/data (the demo is then not timed)
//   npm run bench -- --inherit-env     # run the calls in this shell's environment, not a clean one
//
// The calls run in a clean environment (PATH, HOME and the desk's variables):
// a variable such as NODE_EXTRA_CA_CERTS makes every Node process, `node -e 0`
// included, parse a certificate bundle first (~30 ms here), which would hide
// the CLI's own start-up; --inherit-env measures with it.
//
// Start-up figures: `warmup` rounds, then `runs` rounds; each round runs every
// command once, in turn, so a change of the machine's load weighs on all of
// them alike; the figure is the median wall time. The data sets are built in
// bench/data (gitignored): the demo desks of 1,000 and 1,000,000 tickets (the
// latter built by the timed `demo --tickets 1000000`), 101,000 tickets none of
// them billed yet, and a shop export of 1,000,000 orders.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/open.js';
import { runDemo } from '../src/services/demo.js';
import { PACKAGES } from '../src/rules/shop-order.js';
import { benchPostgres } from './postgres.js';
import { benchServe } from './serve.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string', default: 'startup,import,bill,demo,serve' },
    reuse: { type: 'boolean', default: false },
    'inherit-env': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const ONLY = new Set(args.only.split(','));

// bench/run.ts, or its bundle dist/bench/run.mjs (npm run bench)
const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../..' : '..', import.meta.url));
const BIN = join(ROOT, 'bin', 'alias-support.js');
const DATA = join(ROOT, 'bench', 'data');
const NOW = '2026-11-26T10:00:00Z'; // a Thursday, in support hours
const BIG = 1_000_000;
const SMALL = 1_000;
const ORDERS = 1_000_000;
const BILLED = 101_000;

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}
const rows: Row[] = [];
const raw: Record<string, unknown> = {};

function row(
  figure: string,
  value: string,
  baseline: string,
  ratio: string,
  target: string,
  pass: boolean | null,
): void {
  rows.push({ figure, value, baseline, ratio, target, pass });
  console.log(`  ${figure}: ${value}${ratio ? ` (${ratio})` : ''}${pass === null ? '' : pass ? ' — pass' : ' — FAIL'}`);
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function envFor(db?: string): NodeJS.ProcessEnv {
  const base = args['inherit-env'] ? process.env : { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...base, ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'bench', ...(db ? { ALIAS_SUPPORT_DB: db } : {}) };
}

/** One call, its wall time; stdout is a pipe, as for a script reading it. */
function call(argv: string[], db?: string): { ms: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, argv, { env: envFor(db), encoding: 'utf8', maxBuffer: 1 << 30 });
  const elapsed = performance.now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return { ms: elapsed, stdout: r.stdout };
}

/** One call, timed, with its peak resident memory (the kernel's high-water mark, read until it exits). */
async function callWithPeak(argv: string[], db?: string): Promise<{ seconds: number; peakMb: number; stdout: string }> {
  const t = performance.now();
  const child = spawn(process.execPath, argv, { env: envFor(db), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peakKb = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // exited between two samples
    }
  };
  const timer = setInterval(sample, 10);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const seconds = (performance.now() - t) / 1000;
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code}: ${stderr}`);
  return { seconds, peakMb: peakKb / 1024, stdout };
}

function fresh(path: string): string {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return path;
}

function copyDb(from: string, to: string): string {
  const source = new Database(from);
  source.pragma('wal_checkpoint(TRUNCATE)');
  source.close();
  copyFileSync(from, fresh(to));
  return to;
}

function machine(): Record<string, string> {
  const sqlite = new Database(':memory:');
  const version = sqlite.prepare('select sqlite_version()').pluck().get() as string;
  sqlite.close();
  return {
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1] ?? process.platform,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    node: process.version,
    sqlite: version,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

// ------------------------------------------------------------ data sets

/** The demo desk of 1,000,000 tickets, by the timed CLI call itself. */
async function bigDesk(): Promise<string> {
  const path = join(DATA, 'desk-1m.db');
  if (args.reuse && existsSync(path)) {
    row('demo --tickets 1000000', 'not timed (--reuse)', '', '', '< 60 s, peak RSS < 500 MB', null);
    return path;
  }
  console.log('building the desk of 1,000,000 tickets (timed: demo --tickets 1000000)…');
  const r = await callWithPeak([BIN, 'demo', '--tickets', String(BIG), '--json'], fresh(path));
  const demo = JSON.parse(r.stdout).demo;
  raw.demo = { seconds: r.seconds, peakMb: r.peakMb, demo };
  row('demo --tickets 1000000: wall time', `${r.seconds.toFixed(1)} s`, '', '', '< 60 s', r.seconds < 60);
  row('demo --tickets 1000000: peak RSS', `${r.peakMb.toFixed(0)} MB`, '', '', '< 500 MB', r.peakMb < 500);
  return path;
}

function smallDesk(): string {
  const path = join(DATA, 'desk-1k.db');
  if (!(args.reuse && existsSync(path))) call([BIN, 'demo', '--tickets', String(SMALL), '--json'], fresh(path));
  return path;
}

/** Red tickets the terms let the bench agent take (licensed today, credit left), oldest first. */
function takeable(path: string, count: number): number[] {
  const db = new Database(path, { readonly: true });
  try {
    const day = NOW.slice(0, 10);
    return db
      .prepare(
        `SELECT t.id FROM tickets t
          WHERE t.status = 'pending'
            AND EXISTS (SELECT 1 FROM licences l WHERE l.client_id = t.client_id AND l.starts_on <= ? AND l.ends_on >= ?)
            AND (SELECT sum(minutes) FROM ledger_entries e WHERE e.client_id = t.client_id) > 0
          ORDER BY t.queued_at LIMIT ?`,
      )
      .pluck()
      .all(day, day, count) as number[];
  } finally {
    db.close();
  }
}

function aTicket(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT max(id) FROM tickets WHERE status = 'resolved'").pluck().get() as number;
  } finally {
    db.close();
  }
}

/** The rows of the shop export: 1,000 clients the file creates (client_name), the three packages. */
function* orders(count = ORDERS): Generator<{
  orderId: string;
  client: string;
  product: string;
  quantity: number;
  purchasedAt: number;
}> {
  const products = Object.keys(PACKAGES);
  const start = Date.parse('2025-12-01T08:00:00Z');
  for (let i = 0; i < count; i++)
    yield {
      orderId: `WEB-${String(i).padStart(8, '0')}`,
      client: `S${String(i % 1000).padStart(4, '0')}`,
      product: products[i % 3]!,
      quantity: 1 + (i % 2),
      purchasedAt: start + i * 25_000,
    };
}

/** The shop export of `count` orders; `reuse`: an export already written is taken as it is (it is always the same). */
async function ordersCsv(count = ORDERS, reuse = args.reuse): Promise<string> {
  const path = join(DATA, count === 1_000_000 ? 'orders-1m.csv' : `orders-${count}.csv`);
  if (reuse && existsSync(path)) return path;
  const out = createWriteStream(`${path}.part`);
  out.write('order_id,client,product,quantity,purchased_at,client_name,client_email\n');
  for (const o of orders(count)) {
    const line = `${o.orderId},${o.client},${o.product},${o.quantity},${new Date(o.purchasedAt).toISOString()},Client ${o.client},support@${o.client.toLowerCase()}.example.fr\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  renameSync(`${path}.part`, path);
  return path;
}

/** An empty desk with its schema, copied for each import. */
function emptyDesk(): string {
  const path = fresh(join(DATA, 'empty.db'));
  openStore(path).close();
  return path;
}

/** The baseline: the same orders written by a plain prepared-statement loop in one transaction (no parsing, no checks). */
function rawInsertLoop(empty: string): number {
  const path = copyDb(empty, join(DATA, 'raw.db'));
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const client = db.prepare("INSERT INTO clients (code, name, email, language, created_at) VALUES (?, ?, ?, 'fr', ?)");
  const ledger = db.prepare(
    "INSERT INTO ledger_entries (client_id, at, kind, minutes, reference, note, agent) VALUES (?, ?, 'purchase', ?, ?, ?, 'bench')",
  );
  const purchase = db.prepare(
    'INSERT INTO purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const t = performance.now();
  db.transaction(() => {
    const ids = new Map<string, number>();
    for (const o of orders()) {
      let id = ids.get(o.client);
      if (id === undefined)
        ids.set(
          o.client,
          (id = Number(
            client.run(o.client, `Client ${o.client}`, `support@${o.client.toLowerCase()}.example.fr`, 0)
              .lastInsertRowid,
          )),
        );
      const minutes = PACKAGES[o.product]! * o.quantity;
      const entry = ledger.run(id, o.purchasedAt, minutes, o.orderId, `${o.quantity} × ${o.product}`).lastInsertRowid;
      purchase.run(o.orderId, id, o.product, o.quantity, o.purchasedAt, minutes, entry, 0);
    }
  }).immediate();
  const seconds = (performance.now() - t) / 1000;
  db.close();
  fresh(path);
  return ORDERS / seconds;
}

// ------------------------------------------------------------ the measures

export interface StartupCase {
  name: string;
  argv: (round: number) => string[];
  db?: string;
}

/**
 * Start-up figures: WARMUP rounds, then RUNS rounds, each running every case once in turn
 * (a change of load weighs on all alike); the medians, kept in raw[key], and the rows
 * comparing a case with `node -e 0` (which the cases must hold) or with another case.
 */
function startupRounds(label: string, key: string, cases: StartupCase[]) {
  console.log(`${label}: ${WARMUP} warm-up rounds, then ${RUNS} rounds of ${cases.length} calls…`);
  const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round < WARMUP + RUNS; round++)
    for (const c of cases) {
      const { ms: elapsed } = call(c.argv(round), c.db);
      if (round >= WARMUP) samples.get(c.name)!.push(elapsed);
    }
  const m = Object.fromEntries([...samples].map(([name, xs]) => [name, median(xs)]));
  raw[key] = { medians: m, samples: Object.fromEntries(samples) };
  const base = m['node -e 0']!;
  const compare = (figure: string, name: string, of: number, baseline: string, limit: number) =>
    row(figure, ms(m[name]!), baseline, `${(m[name]! / of).toFixed(2)}×`, `≤ ${limit}×`, m[name]! / of <= limit);
  return {
    base,
    against: (figure: string, name: string, limit: number) =>
      compare(figure, name, base, `${ms(base)} node -e 0`, limit),
    flat: (figure: string, big: string, small: string) =>
      compare(figure, big, m[small]!, `${ms(m[small]!)} on 1k`, 1.2),
  };
}

async function startup(big: string): Promise<void> {
  const small = smallDesk();
  const tickets = takeable(big, WARMUP + RUNS);
  if (tickets.length < WARMUP + RUNS)
    throw new Error(`only ${tickets.length} red tickets can be taken in ${big}: rebuild it (without --reuse)`);
  const [shown1k, shown1m] = [aTicket(small), aTicket(big)];
  const cases: StartupCase[] = [
    { name: 'node -e 0', argv: () => ['-e', '0'] },
    { name: '--version', argv: () => [BIN, '--version'] },
    { name: '--help', argv: () => [BIN, '--help'] },
    { name: 'queue 1k', argv: () => [BIN, 'queue', '--limit', '20', '--json'], db: small },
    { name: 'queue 1M', argv: () => [BIN, 'queue', '--limit', '20', '--json'], db: big },
    { name: 'show 1k', argv: () => [BIN, 'tickets', 'show', String(shown1k), '--json'], db: small },
    { name: 'show 1M', argv: () => [BIN, 'tickets', 'show', String(shown1m), '--json'], db: big },
    { name: 'take', argv: (i) => [BIN, 'take', String(tickets[i]), '--json'], db: big },
    { name: 'time', argv: (i) => [BIN, 'time', String(tickets[i]), '--json'], db: big },
    { name: 'close', argv: (i) => [BIN, 'close', String(tickets[i]), '--resolution', 'bench', '--json'], db: big },
  ];
  const { base, against, flat } = startupRounds('start-up', 'startup', cases);
  row('node -e 0 (baseline)', ms(base), '', '', '', null);
  against('--version', '--version', 1.2);
  against('--help', '--help', 1.2);
  against('queue --limit 20 --json, 1M tickets', 'queue 1M', 1.5);
  against('take N, 1M tickets', 'take', 1.5);
  against('time N, 1M tickets', 'time', 1.5);
  against('close N, 1M tickets', 'close', 1.5);
  flat('queue --limit 20 --json, 1M vs 1k tickets', 'queue 1M', 'queue 1k');
  flat('tickets show N, 1M vs 1k tickets', 'show 1M', 'show 1k');
}

async function importOrders(): Promise<void> {
  console.log('credits import: the shop export of 1,000,000 orders…');
  const csv = await ordersCsv();
  const empty = emptyDesk();
  const rawRate = rawInsertLoop(empty);
  const runs: { seconds: number; peakMb: number }[] = [];
  let again: { seconds: number; peakMb: number } | undefined;
  for (let i = 0; i < 3; i++) {
    const db = copyDb(empty, join(DATA, 'import.db'));
    const r = await callWithPeak([BIN, 'credits', 'import', csv, '--json'], db);
    const result = JSON.parse(r.stdout);
    if (result.imported !== ORDERS)
      throw new Error(`imported ${result.imported} of ${ORDERS} orders: ${r.stdout.slice(0, 500)}`);
    runs.push(r);
    if (i === 2) again = await callWithPeak([BIN, 'credits', 'import', csv, '--json'], db);
  }
  fresh(join(DATA, 'import.db'));
  const seconds = median(runs.map((r) => r.seconds));
  const peak = Math.max(...runs.map((r) => r.peakMb));
  const rate = ORDERS / seconds;
  raw.import = { runs, rawRowsPerSecond: rawRate, reimportSeconds: again?.seconds, reimportPeakMb: again?.peakMb };
  row(
    'credits import, 1M rows',
    `${Math.round(rate).toLocaleString('en')} rows/s`,
    '',
    '',
    '≥ 200,000 rows/s',
    rate >= 200_000,
  );
  row(
    'credits import vs raw insert loop',
    `${Math.round(rate).toLocaleString('en')} rows/s`,
    `${Math.round(rawRate).toLocaleString('en')} rows/s raw`,
    `${((100 * rate) / rawRate).toFixed(0)} %`,
    '≥ 25 %',
    rate / rawRate >= 0.25,
  );
  row('credits import, 1M rows: peak RSS', `${peak.toFixed(0)} MB`, '', '', '< 200 MB', peak < 200);
  if (again) {
    row(
      'credits import again (all skipped)',
      `${Math.round(ORDERS / again.seconds).toLocaleString('en')} rows/s`,
      '',
      '',
      '',
      null,
    );
    row(
      'credits import again (all skipped): peak RSS',
      `${again.peakMb.toFixed(0)} MB`,
      '',
      '',
      '< 150 MB',
      again.peakMb < 150,
    );
  }
}

async function billAll(): Promise<void> {
  const template = join(DATA, 'unbilled-101k.db');
  if (!(args.reuse && existsSync(template))) {
    console.log(`building ${BILLED.toLocaleString('en')} tickets, none billed yet…`);
    const store = openStore(fresh(template));
    await runDemo(
      { store, now: Date.parse(NOW), agent: 'bench', tz: 'Europe/Paris' },
      { clients: BILLED / 250, tickets: BILLED, seed: 8, force: false, billedUntil: 0 },
    );
    store.close();
  }
  const check = new Database(template, { readonly: true });
  const resolved = check.prepare("SELECT count(*) FROM tickets WHERE status = 'resolved'").pluck().get() as number;
  check.close();
  console.log(`bill --all: ${resolved.toLocaleString('en')} resolved tickets…`);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const db = copyDb(template, join(DATA, 'bill.db'));
    const r = await callWithPeak([BIN, 'bill', '--all', '--json'], db);
    const billed = JSON.parse(r.stdout).bills.length;
    if (billed !== resolved) throw new Error(`bill --all billed ${billed} of ${resolved} tickets`);
    runs.push(r.seconds);
    if (i === 2) {
      // Billed once, and only once; the desk's invariants hold.
      if (JSON.parse(call([BIN, 'bill', '--all', '--json'], db).stdout).bills.length !== 0)
        throw new Error('a second bill --all billed again');
      if (!JSON.parse(call([BIN, 'db', 'check', '--json'], db).stdout).ok)
        throw new Error('db check fails after bill --all');
    }
  }
  fresh(join(DATA, 'bill.db'));
  raw.bill = { resolved, runs };
  const s = median(runs);
  row(`bill --all, ${resolved.toLocaleString('en')} resolved tickets`, `${s.toFixed(2)} s`, '', '', '< 3 s', s < 3);
}

// ------------------------------------------------------------ the run

mkdirSync(DATA, { recursive: true });
const before = machine();
console.log(
  `${before.cpu}, ${before.memory}, ${before.os}, Node ${before.node}, SQLite ${before.sqlite}; load average ${before.load}`,
);
console.log(`calls in ${args['inherit-env'] ? "this shell's" : 'a clean'} environment\n`);
const started = performance.now();
const big = ONLY.has('demo') || ONLY.has('startup') ? await bigDesk() : '';
if (ONLY.has('startup')) await startup(big);
if (ONLY.has('import')) await importOrders();
if (ONLY.has('bill')) await billAll();
if (ONLY.has('serve')) await benchServe({ BIN, DATA, NOW, RUNS, reuse: args.reuse, envFor, row, raw, fresh });
if (ONLY.has('postgres'))
  await benchPostgres({
    BIN,
    DATA,
    NOW,
    RUNS,
    WARMUP,
    reuse: args.reuse,
    envFor,
    row,
    raw,
    fresh,
    call,
    callWithPeak,
    copyDb,
    startupRounds,
    ordersCsv: (count) => ordersCsv(count, true),
  });

const widths = ['figure', 'value', 'baseline', 'ratio', 'target'].map((k) =>
  Math.max(k.length, ...rows.map((r) => r[k as keyof Row]!.toString().length)),
);
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 6)).join(' | ')} |`;
console.log(`\n${line(['figure', 'value', 'baseline', 'ratio', 'target', 'result'])}`);
console.log(line(widths.map((w) => '-'.repeat(w)).concat('------')));
for (const r of rows)
  console.log(
    line([r.figure, r.value, r.baseline, r.ratio, r.target, r.pass === null ? '' : r.pass ? 'pass' : 'FAIL']),
  );
const after = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(
  `\nload average before ${before.load}, after ${after}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
);
writeFileSync(
  join(
    DATA,
    args['inherit-env']
      ? 'results-inherited-env.json'
      : args.only === 'postgres'
        ? 'results-postgres.json'
        : 'results.json',
  ),
  `${JSON.stringify({ machine: { ...before, loadAfter: after }, environment: args['inherit-env'] ? 'inherited' : 'clean', runs: RUNS, warmup: WARMUP, rows, raw }, null, 2)}\n`,
);
process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
