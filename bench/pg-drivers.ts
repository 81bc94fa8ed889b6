// `npm run bench:pg`: the two PostgreSQL drivers compared where the desk pays
// for them: a short-lived process (one CLI call) that connects and runs one
// small transaction (BEGIN; a SELECT; an INSERT; COMMIT), over the Unix socket
// and over TCP, each process spawned `runs` times in turn with `node -e 0` as
// the baseline; then the per-query cost of the synchronous bridge
// (src/store/postgres/connection.ts) against the driver called directly.
// Figures: medians of wall time and of the processes' CPU time (what a loaded
// machine disturbs least). docs/benchmarks.md (PostgreSQL) holds the results.
//
//   npm run bench:pg                       # 31 runs of each
//   npm run bench:pg -- --runs 51 --url postgres://postgres@127.0.0.1:5432
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { openPgConnection } from '../src/store/postgres/connection.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '31' },
    url: { type: 'string', default: process.env.ALIAS_SUPPORT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432' },
    socket: { type: 'string', default: '/var/run/postgresql' },
  },
});
const RUNS = Number(args.runs);
const server = new URL(args.url);
const DB = 'alias_support_bench';
const user = server.username || 'postgres';
const tcpUrl = `postgres://${user}@${server.hostname}:${server.port || 5432}/${DB}`;
interface Target {
  host: string;
  port: number;
  user: string;
  database: string;
}
const tcp: Target = { host: server.hostname, port: Number(server.port || 5432), user, database: DB };
const socket: Target = { ...tcp, host: args.socket };
const require = createRequire(import.meta.url);
const PG = require.resolve('pg');
const POSTGRES = require.resolve('postgres');

/** The child's whole life: load the driver, connect, one transaction, disconnect. */
const CHILD = {
  pg: (target: Target) => `
    const { Client } = require(${JSON.stringify(PG)});
    const c = new Client(${JSON.stringify(target)});
    (async () => {
      await c.connect();
      await c.query('BEGIN');
      await c.query('SELECT count(*) FROM bench_rows WHERE id > $1', [0]);
      await c.query('INSERT INTO bench_rows (at, note) VALUES ($1, $2)', [Date.now(), 'pg']);
      await c.query('COMMIT');
      await c.end();
    })();`,
  postgres: (target: Target) => `
    const postgres = require(${JSON.stringify(POSTGRES)});
    const sql = postgres({ ...${JSON.stringify(target)}, max: 1 });
    (async () => {
      await sql.begin(async (tx) => {
        await tx\`SELECT count(*) FROM bench_rows WHERE id > \${0}\`;
        await tx\`INSERT INTO bench_rows (at, note) VALUES (\${Date.now()}, 'postgres')\`;
      });
      await sql.end();
    })();`,
};

/** The process's CPU time (all threads, start-up included), printed as it exits. */
const CPU_AT_EXIT = `process.on('exit', () => { const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000)); });`;

/** One process: its wall time and CPU time (ms). CPU time is what a loaded machine disturbs least. */
function measure(code: string): { wall: number; cpu: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', `${CPU_AT_EXIT}${code}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`a benchmark process failed: ${r.stderr}`);
  return { wall, cpu: Number(r.stdout) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function prepareDatabase(): void {
  const admin = openPgConnection(args.url);
  try {
    if (admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB]).length === 0)
      admin.exec(`CREATE DATABASE ${DB}`);
  } finally {
    admin.close();
  }
  const db = openPgConnection(tcpUrl);
  db.exec(
    'DROP TABLE IF EXISTS bench_rows; CREATE TABLE bench_rows (id bigserial PRIMARY KEY, at bigint NOT NULL, note text)',
  );
  db.close();
}

function processes(): Record<string, { wall: number; cpu: number }> {
  const cases: Record<string, string> = {
    'node -e 0': '',
    'pg, Unix socket': CHILD.pg(socket),
    'postgres, Unix socket': CHILD.postgres(socket),
    'pg, TCP': CHILD.pg(tcp),
    'postgres, TCP': CHILD.postgres(tcp),
  };
  const samples: Record<string, { wall: number; cpu: number }[]> = Object.fromEntries(
    Object.keys(cases).map((k) => [k, []]),
  );
  for (let round = -3; round < RUNS; round++)
    for (const [name, code] of Object.entries(cases)) {
      const taken = measure(code);
      if (round >= 0) samples[name]!.push(taken);
    }
  return Object.fromEntries(
    Object.entries(samples).map(([k, xs]) => [
      k,
      { wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) },
    ]),
  );
}

/** Per query: the bridge's round trip (worker + Atomics) against pg called directly, on one open connection. */
async function bridge(): Promise<Record<string, number>> {
  const N = 2000;
  const direct = (await import('postgres')).default(tcpUrl, { max: 1 });
  const bridged = openPgConnection(tcpUrl);
  const perQuery = async (run: () => unknown): Promise<number> => {
    for (let i = 0; i < 200; i++) await run();
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await run();
    return Number(process.hrtime.bigint() - start) / 1e6 / N;
  };
  const result = {
    'postgres.js awaited directly, per query': await perQuery(() =>
      direct.unsafe('SELECT id, at FROM bench_rows WHERE id = $1', [1]),
    ),
    'postgres.js through the synchronous bridge, per query': await perQuery(() =>
      bridged.query('SELECT id, at FROM bench_rows WHERE id = $1', [1]),
    ),
  };
  await direct.end();
  bridged.close();
  return result;
}

prepareDatabase();
console.log(
  `PostgreSQL drivers, ${RUNS} runs each; a process loads the driver, connects, runs BEGIN; SELECT; INSERT; COMMIT, ends:`,
);
console.log(`  ${''.padEnd(24)} ${'wall (median)'.padStart(21)}   ${'CPU time (median)'.padStart(21)}`);
const base = processes();
const node = base['node -e 0']!;
const over = (x: number, b: number, name: string) =>
  `${x.toFixed(1).padStart(7)} ms${name === 'node -e 0' ? ''.padEnd(10) : ` (+${(x - b).toFixed(1).padStart(5)})`}`;
for (const [name, t] of Object.entries(base))
  console.log(`  ${name.padEnd(24)} ${over(t.wall, node.wall, name)}   ${over(t.cpu, node.cpu, name)}`);
for (const [name, t] of Object.entries(await bridge()))
  console.log(`  ${name.padEnd(54)} ${(t * 1000).toFixed(0).padStart(5)} µs`);
