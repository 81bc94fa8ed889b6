// The thread that holds a PostgreSQL connection (postgres.js, docs/postgres.md)
// for the synchronous connection of connection.ts. Started by that module, or
// earlier: bin/alias-support.js starts it (through dist/pg-worker.cjs, this
// module bundled alone) before it loads the CLI's bundle when the desk is a
// postgres:// URL, so that the thread's start, loading the driver and
// connecting overlap the loading of the CLI (docs/benchmarks.md "PostgreSQL:
// start-up"). The connection adopts a worker started early for its URL.
import { createRequire } from 'node:module';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { busyTimeout } from '../busy-timeout.js';

/**
 * A started worker: its thread, the port of its answers, the flag raised with each answer (FLAG), and the port of
 * the reads awaited on its second connection (answers carry their request's id; no flag). A `connect` request is
 * already sent.
 */
export interface PgWorker {
  readonly url: string;
  readonly lockTimeoutMs: number;
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
  readonly reads: MessagePort;
}

/**
 * The answer flag's values: lowered by the calling thread as it sends a request, raised by the worker with the
 * answer, and set to `gone` by a worker that exits on its own (an error of the driver it did not catch), so that a
 * thread waiting for an answer is woken instead of waiting for ever.
 */
export const FLAG = { waiting: 0, answered: 1, gone: 2 } as const;

/**
 * The codes of a connection the server or the socket ended: a connection exception (08…), the server shutting
 * down or an administrator ending the backend (57P01), a socket's error (ECONNRESET…), or postgres.js's own
 * (CONNECTION_CLOSED, CONNECTION_ENDED, CONNECTION_DESTROYED, CONNECT_TIMEOUT).
 */
export const LOST_CONNECTION = /^(08|57P01$|E[A-Z]+$|CONNECT)/;

/**
 * The worker, as source evaluated by Node (a file beside this module would not
 * be found from the bundle in dist/). One connection (max: 1, so BEGIN and
 * COMMIT are plain statements on it); statements prepared once per connection.
 * The session's settings travel in the startup message (no statement for
 * them): waiting for another command's row lock ends in DB_BUSY after the same
 * time as SQLite's busy timeout. int8 (ids, instants) and numeric (sums of
 * int8) are parsed as JS numbers: every such figure of the desk is an integer
 * far below 2^53. Array parameters are sent as PostgreSQL's array text, so the
 * driver needs no array types fetched from the server on connect (a round
 * trip on every start). The password comes from the URL or PGPASSWORD (postgres.js
 * reads both), else from PGPASSFILE or ~/.pgpass as libpq does (the pgpass package).
 * The reads port runs statements on a second connection, opened at its first
 * read (serve's session reads: connection.ts `read`), each answered with its id.
 * A read that lost that connection (a server restarted, its backend ended) is
 * sent once more on a new one: it only reads. postgres.js would send it on the
 * connection it is still closing, so the retry gets a client of its own.
 */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag, reads, driver, pgpass, url, lockTimeoutMs } = workerData;
const LOST_CONNECTION = new RegExp(${JSON.stringify(LOST_CONNECTION.source)});
process.on('exit', () => {
  Atomics.store(flag, 0, ${FLAG.gone});
  Atomics.notify(flag, 0);
});
let connectTo;
let sql;
let reader;
let failure;
try {
  const postgres = require(driver);
  const given = new URL(url);
  const toNumber = (oids) => ({ to: oids[0], from: oids, serialize: String, parse: Number });
  let info;
  connectTo = () => postgres(url, {
    max: 1,
    // Without a connect_timeout in the URL, an unreachable host fails after 10 s instead of 30.
    connect_timeout: given.searchParams.has('connect_timeout') ? undefined : 10,
    onnotice: () => {},
    fetch_types: false,
    connection: { lock_timeout: String(lockTimeoutMs), client_min_messages: 'warning' },
    types: { int8: toNumber([20]), numeric: toNumber([1700]) },
    password: given.password || process.env.PGPASSWORD ? undefined : () => new Promise((resolve) => require(pgpass)(info, (found) => resolve(found || ''))),
  });
  sql = connectTo();
  info = { host: sql.options.host[0], port: sql.options.port[0], database: sql.options.database, user: sql.options.user };
} catch (err) {
  failure = err;
}
// An array parameter as PostgreSQL's array text, of unknown type: the statement casts it ($1::bigint[]).
const element = (x) => {
  if (x === null) return 'NULL';
  if (x === undefined) throw new Error('undefined in an array parameter');
  return '"' + String(x).replace(/\\\\/g, '\\\\\\\\').replace(/"/g, '\\\\"') + '"';
};
const param = (x) => (Array.isArray(x) ? '{' + x.map(element).join(',') + '}' : x);
async function answer(request) {
  if (failure) throw failure;
  switch (request.op) {
    case 'connect': await sql.unsafe('SELECT 1'); return {};
    case 'query': { const rows = await sql.unsafe(request.text, request.params.map(param), { prepare: true }); return { rows: [...rows], count: rows.count ?? 0 }; }
    case 'exec': await sql.unsafe(request.text).simple(); return {};
    case 'close': await Promise.all([sql.end({ timeout: 1 }), reader && reader.end({ timeout: 1 })]); return {};
  }
}
const failed = (err) => ({ ok: false, message: String((err && err.message) || err), code: err && err.code, constraint: err && err.constraint_name, detail: err && err.detail });
port.on('message', async (request) => {
  let reply;
  try {
    reply = { ok: true, ...(await answer(request)) };
  } catch (err) {
    reply = failed(err);
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, ${FLAG.answered});
  Atomics.notify(flag, 0);
});
const lostConnection = (err) => Boolean(err && typeof err.code === 'string' && LOST_CONNECTION.test(err.code));
async function read(text, params) {
  reader ??= connectTo();
  try {
    return [...(await reader.unsafe(text, params, { prepare: true }))];
  } catch (err) {
    if (!lostConnection(err)) throw err;
    reader.end({ timeout: 0 }).catch(() => {});
    reader = connectTo();
    return [...(await reader.unsafe(text, params, { prepare: true }))];
  }
}
reads.on('message', async ({ id, text, params }) => {
  let reply;
  try {
    if (failure) throw failure;
    reply = { id, ok: true, rows: await read(text, params.map(param)) };
  } catch (err) {
    reply = { id, ...failed(err) };
  }
  reads.postMessage(reply);
});
`;

/** Starts a worker for the URL and sends it `connect`: it connects as soon as it runs, while the caller goes on. */
export function startPgWorker(url: string, lockTimeoutMs: number): PgWorker {
  const { port1, port2 } = new MessageChannel();
  const reads = new MessageChannel();
  const require = createRequire(import.meta.url);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      port: port2,
      flag,
      reads: reads.port2,
      driver: require.resolve('postgres'),
      pgpass: require.resolve('pgpass'),
      url,
      lockTimeoutMs,
    },
    transferList: [port2, reads.port2],
    // The worker's errors come back as answers; its stderr stays the CLI's.
    stdout: false,
  });
  // An open connection never keeps the process alive: the server rolls back what was not committed.
  worker.unref();
  port1.unref();
  reads.port1.unref();
  port1.postMessage({ op: 'connect' });
  return { url, lockTimeoutMs, worker, port: port1, flag, reads: reads.port1 };
}

/** Where a worker started before the CLI's bundle waits: the bundle's copy of this module is not the launcher's. */
const EARLY = Symbol.for('alias-support.early-pg-worker');
type WithEarly = { [EARLY]?: PgWorker };

/** bin/alias-support.js, for a postgres:// desk: starts its worker now. A bad ALIAS_SUPPORT_BUSY_TIMEOUT_MS starts none (the command reports it). */
export function startEarlyPgWorker(url: string, env: NodeJS.ProcessEnv = process.env): void {
  let lockTimeoutMs: number;
  try {
    lockTimeoutMs = busyTimeout(env);
  } catch {
    return;
  }
  (globalThis as WithEarly)[EARLY] = startPgWorker(url, lockTimeoutMs);
}

/** The worker started early for this URL and timeout, once; one started for another is stopped. */
export function takeEarlyPgWorker(url: string, lockTimeoutMs: number): PgWorker | undefined {
  const early = (globalThis as WithEarly)[EARLY];
  delete (globalThis as WithEarly)[EARLY];
  if (early === undefined) return undefined;
  if (early.url === url && early.lockTimeoutMs === lockTimeoutMs) return early;
  void early.worker.terminate();
  return undefined;
}
