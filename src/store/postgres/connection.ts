// A synchronous PostgreSQL connection. The store's interface is synchronous
// (the services' transactions are plain functions), PostgreSQL drivers are
// not: a worker thread holds the connection (worker.ts) and runs each
// request; the calling thread blocks on Atomics.wait until the worker posts
// the answer and raises the flag, then reads it with receiveMessageOnPort.
// `read` is the one statement awaited instead: on a second connection of the
// worker, so that serve's requests go on while it runs.
// The driver is loaded in the worker only, from node_modules: neither SQLite
// commands nor the CLI bundle carry it.
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { busyTimeout } from '../busy-timeout.js';
import { FLAG, LOST_CONNECTION, startPgWorker, takeEarlyPgWorker, type PgWorker } from './worker.js';

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

  /** The server or the socket ended the connection (worker.ts LOST_CONNECTION). */
  get lostConnection(): boolean {
    return this.code !== undefined && LOST_CONNECTION.test(this.code);
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
  /**
   * One statement awaited, not waited for: on the worker's second connection (opened at the first read), outside
   * any transaction of this one, so it sees what is committed only. Not inside a transaction (it would not see it).
   */
  read<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
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
  { op: 'query'; text: string; params: readonly unknown[] } | { op: 'exec'; text: string } | { op: 'close' };
type Reply =
  | { ok: true; rows?: Row[]; count?: number }
  | { ok: false; message: string; code?: string; constraint?: string; detail?: string };

const failure = (reply: Reply & { ok: false }): PgError =>
  new PgError(reply.message, reply.code, reply.constraint, reply.detail);
/** What a statement gets once the connection is closed or its worker gone (no code: DB_UNAVAILABLE for the desk). */
const closed = (): PgError => new PgError('the PostgreSQL connection is closed', undefined);
const stopped = (): PgError => new PgError('the PostgreSQL worker stopped without answering', undefined);

class WorkerConnection implements PgConnection {
  readonly #flag: Int32Array;
  readonly #port: MessagePort;
  readonly #worker: Worker;
  readonly #reads: MessagePort;
  /** The reads awaited, by id. */
  readonly #pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (err: PgError) => void }>();
  #readSerial = 0;
  #inTransaction = false;
  #transactionSerial = 0;
  readonly #deferred = new Set<DeferredWriter>();
  #flushing = false;
  #connected = false;
  #closed = false;
  /** The worker exited (its exit event; a thread blocked in #answer learns it from the flag instead). */
  #gone = false;

  /** `started`: its `connect` request is sent; connect() reads the answer. */
  constructor(started: PgWorker) {
    this.#flag = started.flag;
    this.#port = started.port;
    this.#worker = started.worker;
    this.#reads = started.reads;
    this.#reads.on('message', (reply: Reply & { id: number }) => {
      const read = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      // A read awaited keeps the process alive; none pending, the port lets it end.
      if (this.#pending.size === 0) this.#reads.unref();
      if (reply.ok) read?.resolve(reply.rows ?? []);
      else read?.reject(failure(reply));
    });
    this.#reads.unref();
    started.worker.once('exit', () => {
      this.#gone = true;
      this.#abandonReads();
    });
    // A worker that failed (an error of the driver it did not catch) is gone: its statements fail as
    // DB_UNAVAILABLE; the error itself is left for the operator on stderr, not thrown at the process.
    started.worker.on('error', (err) => process.emitWarning(`the PostgreSQL worker failed: ${err.message}`));
  }

  /** The reads still awaited fail: the worker is gone or the connection closed. */
  #abandonReads(): void {
    for (const read of this.#pending.values()) read.reject(closed());
    this.#pending.clear();
  }

  #call(request: Request): Reply & { ok: true } {
    if (this.#closed || this.#gone) throw closed();
    // Lowered for this request's answer, unless the worker has exited since its last answer.
    if (Atomics.compareExchange(this.#flag, 0, FLAG.answered, FLAG.waiting) === FLAG.gone) throw stopped();
    this.#port.postMessage(request);
    return this.#answer();
  }

  /**
   * Waits for the answer to the request sent last. Atomics.wait returns on any notify, also one the worker sends
   * for the previous answer after this thread had already seen that answer's flag and sent the next request (the
   * worker raises the flag, then notifies): only the raised flag says the answer is there.
   */
  #answer(): Reply & { ok: true } {
    while (Atomics.load(this.#flag, 0) === FLAG.waiting) Atomics.wait(this.#flag, 0, FLAG.waiting);
    const reply = receiveMessageOnPort(this.#port)?.message as Reply | undefined;
    if (!reply) throw stopped();
    if (!reply.ok) throw failure(reply);
    return reply;
  }

  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  connect(): void {
    this.#answer();
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

  read<T = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.#closed || this.#gone) return Promise.reject(closed());
    if (this.#inTransaction) return Promise.reject(new PgError('a read awaited inside a transaction', undefined));
    const id = ++this.#readSerial;
    return new Promise<T[]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (rows: Row[]) => void, reject });
      this.#reads.ref();
      this.#reads.postMessage({ id, text, params });
    });
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
      // A worker gone has nothing left to end.
      if (this.#connected && !this.#gone && Atomics.load(this.#flag, 0) !== FLAG.gone) this.#call({ op: 'close' });
    } finally {
      this.#closed = true;
      this.#reads.close();
      this.#abandonReads();
      void this.#worker.terminate();
    }
  }
}

/**
 * Connects to the server named by a postgres:// URL, through the worker the launcher started for it if any;
 * a failure throws the PgError (the caller words it). `lockTimeoutMs`: the session's lock_timeout.
 */
export function openPgConnection(url: string, lockTimeoutMs = busyTimeout()): PgConnection {
  const connection = new WorkerConnection(takeEarlyPgWorker(url, lockTimeoutMs) ?? startPgWorker(url, lockTimeoutMs));
  try {
    connection.connect();
  } catch (err) {
    connection.close();
    throw err;
  }
  return connection;
}
