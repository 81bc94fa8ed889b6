// A synchronous PostgreSQL connection. The store's interface is synchronous
// (the services' transactions are plain functions), PostgreSQL drivers are
// not: a worker thread holds the connection (postgres.js, docs/postgres.md)
// and runs each request; the calling thread blocks on Atomics.wait until the
// worker posts the answer and raises the flag, then reads it with
// receiveMessageOnPort. The driver is loaded in the worker only, from
// node_modules: neither SQLite commands nor the CLI bundle carry it.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** An error PostgreSQL reported, with its SQLSTATE (`code`, e.g. 23505), or a connection failure (`code` ECONNREFUSED…). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly constraint?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

export type Row = Record<string, unknown>;

/**
 * Rows kept to be written later, many in one statement (bulk.ts): `flush` writes them, `discard` forgets them.
 * The connection flushes every writer holding rows before its next statement (so whatever runs next reads them,
 * and a failure is met inside the same transaction) and before COMMIT; at ROLLBACK it discards them. Writers
 * flush in `order` (a table before those whose foreign keys point at it).
 */
export interface DeferredWriter {
  readonly order: number;
  flush(): void;
  discard(): void;
}

export interface PgConnection {
  /** One statement with $1… parameters: its rows (int8 and numeric come back as numbers). */
  query<T = Row>(text: string, params?: readonly unknown[]): T[];
  /** One statement with $1… parameters: how many rows it wrote. */
  run(text: string, params?: readonly unknown[]): number;
  /** A script of several statements, without parameters (migrations). */
  exec(script: string): void;
  /** Whether a transaction is open on the connection. */
  readonly inTransaction: boolean;
  /** fn between BEGIN and COMMIT (ROLLBACK when it throws); `begin`: the BEGIN statement. */
  transaction<T>(fn: () => T, begin?: string): T;
  /** A number of its own for each transaction begun on the connection. */
  readonly transactionSerial: number;
  /** The writer holds rows: written before the next statement or COMMIT (inside a transaction only). */
  defer(writer: DeferredWriter): void;
  /** Writes the deferred rows now. */
  flush(): void;
  close(): void;
}

type Request =
  | { op: 'connect' }
  | { op: 'query'; text: string; params: readonly unknown[] }
  | { op: 'exec'; text: string }
  | { op: 'close' };
type Reply =
  | { ok: true; rows?: Row[]; count?: number }
  | { ok: false; message: string; code?: string; constraint?: string; detail?: string };

/**
 * The worker, as source evaluated by Node (a file beside this module would not
 * be found from the bundle in dist/). One connection (max: 1, so BEGIN and
 * COMMIT are plain statements on it); statements prepared once per connection.
 * int8 (ids, instants) and numeric (sums of int8) are parsed as JS numbers:
 * every such figure of the desk is an integer far below 2^53. The password
 * comes from the URL or PGPASSWORD (postgres.js reads both), else from
 * PGPASSFILE or ~/.pgpass as libpq does (the pgpass package).
 */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag, driver, pgpass, url } = workerData;
let sql;
let failure;
try {
  const postgres = require(driver);
  const given = new URL(url);
  const toNumber = (oids) => ({ to: oids[0], from: oids, serialize: String, parse: Number });
  let info;
  sql = postgres(url, {
    max: 1,
    // Without a connect_timeout in the URL, an unreachable host fails after 10 s instead of 30.
    connect_timeout: given.searchParams.has('connect_timeout') ? undefined : 10,
    onnotice: () => {},
    types: { int8: toNumber([20]), numeric: toNumber([1700]) },
    password: given.password || process.env.PGPASSWORD ? undefined : () => new Promise((resolve) => require(pgpass)(info, (found) => resolve(found || ''))),
  });
  info = { host: sql.options.host[0], port: sql.options.port[0], database: sql.options.database, user: sql.options.user };
} catch (err) {
  failure = err;
}
async function answer(request) {
  if (failure) throw failure;
  switch (request.op) {
    case 'connect': await sql.unsafe('SELECT 1'); return {};
    case 'query': { const rows = await sql.unsafe(request.text, request.params); return { rows: [...rows], count: rows.count ?? 0 }; }
    case 'exec': await sql.unsafe(request.text).simple(); return {};
    case 'close': await sql.end({ timeout: 1 }); return {};
  }
}
port.on('message', async (request) => {
  let reply;
  try {
    reply = { ok: true, ...(await answer(request)) };
  } catch (err) {
    reply = { ok: false, message: String((err && err.message) || err), code: err && err.code, constraint: err && err.constraint_name, detail: err && err.detail };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

class WorkerConnection implements PgConnection {
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  readonly #port: MessagePort;
  readonly #worker: Worker;
  #inTransaction = false;
  #transactionSerial = 0;
  readonly #deferred = new Set<DeferredWriter>();
  #flushing = false;
  #connected = false;
  #closed = false;

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    const require = createRequire(import.meta.url);
    this.#port = port1;
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        port: port2,
        flag: this.#flag,
        driver: require.resolve('postgres'),
        pgpass: require.resolve('pgpass'),
        url,
      },
      transferList: [port2],
      // The worker's errors come back as answers; its stderr stays the CLI's.
      stdout: false,
    });
    // An open connection never keeps the process alive: the server rolls back what was not committed.
    this.#worker.unref();
    this.#port.unref();
  }

  #call(request: Request): Reply & { ok: true } {
    if (this.#closed) throw new PgError('the PostgreSQL connection is closed', undefined);
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(request);
    Atomics.wait(this.#flag, 0, 0);
    const reply = receiveMessageOnPort(this.#port)?.message as Reply | undefined;
    if (!reply) throw new PgError('the PostgreSQL worker stopped without answering', undefined);
    if (!reply.ok) throw new PgError(reply.message, reply.code, reply.constraint, reply.detail);
    return reply;
  }

  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  connect(): void {
    this.#call({ op: 'connect' });
    this.#connected = true;
  }

  get transactionSerial(): number {
    return this.#transactionSerial;
  }

  defer(writer: DeferredWriter): void {
    if (!this.#inTransaction) throw new PgError('rows are deferred inside a transaction only', undefined);
    this.#deferred.add(writer);
  }

  flush(): void {
    if (this.#flushing || this.#deferred.size === 0) return;
    this.#flushing = true;
    try {
      const writers = [...this.#deferred].sort((a, b) => a.order - b.order);
      this.#deferred.clear();
      for (const writer of writers) writer.flush();
    } finally {
      this.#flushing = false;
    }
  }

  #discard(): void {
    for (const writer of this.#deferred) writer.discard();
    this.#deferred.clear();
  }

  query<T = Row>(text: string, params: readonly unknown[] = []): T[] {
    this.flush();
    return (this.#call({ op: 'query', text, params }).rows ?? []) as T[];
  }

  run(text: string, params: readonly unknown[] = []): number {
    this.flush();
    return this.#call({ op: 'query', text, params }).count ?? 0;
  }

  exec(script: string): void {
    this.flush();
    this.#call({ op: 'exec', text: script });
  }

  transaction<T>(fn: () => T, begin = 'BEGIN'): T {
    if (this.#inTransaction) throw new PgError('a transaction is already open on this connection', undefined);
    this.exec(begin);
    this.#inTransaction = true;
    this.#transactionSerial++;
    try {
      const result = fn();
      this.exec('COMMIT');
      return result;
    } catch (err) {
      this.#discard();
      try {
        this.exec('ROLLBACK');
      } catch {
        // the connection is gone: the server has rolled back already
      }
      throw err;
    } finally {
      this.#discard();
      this.#inTransaction = false;
    }
  }

  close(): void {
    if (this.#closed) return;
    try {
      if (this.#connected) this.#call({ op: 'close' });
    } finally {
      this.#closed = true;
      void this.#worker.terminate();
    }
  }
}

/** Connects to the server named by a postgres:// URL; a failure throws the PgError (the caller words it). */
export function openPgConnection(url: string): PgConnection {
  const connection = new WorkerConnection(url);
  try {
    connection.connect();
  } catch (err) {
    connection.close();
    throw err;
  }
  return connection;
}
