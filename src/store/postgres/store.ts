// A desk in a PostgreSQL database: the same synchronous Store as SQLite's,
// its statements run through the connection's worker (connection.ts).
// Write transactions are SERIALIZABLE: what BEGIN IMMEDIATE gives on SQLite
// (no read-modify-write of one command is lost to another's) without taking a
// lock on the whole database; a transaction PostgreSQL aborts for a
// serialization failure or a deadlock is run again, a bounded number of times.
import { crashPoint } from '../../crash-point.js';
import { AppError, dbBusy, dbUnavailable } from '../../errors.js';
import { pgBill } from './bills.js';
import { pgCheck } from './check.js';
import { pgDemo } from './demo.js';
import { pgClient } from './clients.js';
import { pgCopy } from './copy.js';
import { pgFix } from './fixes.js';
import { pgHoliday } from './holidays.js';
import { pgImport } from './imports.js';
import { pgLedger } from './ledger.js';
import { pgOutbox } from './outbox.js';
import { pgPortal } from './portal.js';
import { pgTicket } from './tickets.js';
import type { Store } from '../store.js';
import { PgError, type PgConnection } from './connection.js';

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRIED = new Set(['40001', '40P01']);
/**
 * A transaction that met others' is run again until the busy timeout has passed (as a
 * SQLite command waits for the write lock), at most this many times: each retry follows a
 * conflict another command won, so agents at once all get through, one after another.
 */
export const MAX_ATTEMPTS = 64;

export class PostgresStore implements Store {
  readonly dialect = 'postgres';
  #depth = 0;
  /** A serialization failure met in a nested change: the whole transaction must run again, whoever caught it. */
  #doomed: PgError | undefined;
  #tickets?: Store['tickets'];
  #ledger?: Store['ledger'];
  #bills?: Store['bills'];
  #clients?: Store['clients'];
  #fixes?: Store['fixes'];
  #outbox?: Store['outbox'];
  #holidays?: Store['holidays'];
  #imports?: Store['imports'];
  #check?: Store['check'];
  #demo?: Store['demo'];
  #copy?: Store['copy'];
  #portal?: Store['portal'];

  constructor(
    /** the URL without its password */
    readonly path: string,
    readonly created: boolean,
    readonly db: PgConnection,
    /** ms: how long a change may keep meeting others' before DB_BUSY (ALIAS_SUPPORT_BUSY_TIMEOUT_MS) */
    readonly busyTimeoutMs = 5000,
  ) {}

  get tickets(): Store['tickets'] {
    return (this.#tickets ??= pgTicket(this.db));
  }
  get ledger(): Store['ledger'] {
    return (this.#ledger ??= pgLedger(this.db));
  }
  get bills(): Store['bills'] {
    return (this.#bills ??= pgBill(this.db));
  }
  get clients(): Store['clients'] {
    return (this.#clients ??= pgClient(this.db));
  }
  get fixes(): Store['fixes'] {
    return (this.#fixes ??= pgFix(this.db));
  }
  get outbox(): Store['outbox'] {
    return (this.#outbox ??= pgOutbox(this.db));
  }
  get holidays(): Store['holidays'] {
    return (this.#holidays ??= pgHoliday(this.db));
  }
  get portal(): Store['portal'] {
    return (this.#portal ??= pgPortal(this.db));
  }
  get imports(): Store['imports'] {
    return (this.#imports ??= pgImport(this.db));
  }
  get check(): Store['check'] {
    return (this.#check ??= pgCheck(this.db));
  }
  get demo(): Store['demo'] {
    return (this.#demo ??= pgDemo(this.db));
  }
  get copy(): Store['copy'] {
    return (this.#copy ??= pgCopy(this.db));
  }

  /**
   * A load of many rows (demo, db copy) at REPEATABLE READ: a write another command made to the same rows
   * meanwhile still fails it (and it runs again), but it takes no predicate locks. SERIALIZABLE keeps a lock
   * per row read by each foreign-key check in the server's shared table, and while a transaction of minutes
   * runs the server keeps those of every serializable transaction committed meanwhile: a copy of the
   * 1,000,000-ticket desk ran the table out (`out of shared memory`), failing itself and the others' commands.
   */
  bulk<T>(fn: () => T): T {
    return this.immediate(fn, 'BEGIN ISOLATION LEVEL REPEATABLE READ');
  }

  immediate<T>(fn: () => T, begin = 'BEGIN ISOLATION LEVEL SERIALIZABLE'): T {
    // Inside a transaction already: part of it, as better-sqlite3 nests them.
    if (this.#depth > 0) return this.#nested(fn);
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      this.#doomed = undefined;
      try {
        const result = this.#run(begin, () => {
          crashPoint('write-begun');
          const written = fn();
          // A nested change met another's and its caller kept the error (several requests in one transaction):
          // what the others wrote was read before it, so all of it runs again.
          if (this.#doomed !== undefined) throw this.#doomed;
          crashPoint('write-done');
          return written;
        });
        crashPoint('write-committed');
        return result;
      } catch (err) {
        if (!(err instanceof PgError && err.code !== undefined && RETRIED.has(err.code)))
          throw fromPgError(err, this.path);
        if (attempt === MAX_ATTEMPTS || Date.now() > deadline)
          throw dbBusy(`the database is busy: ${attempt} attempts of this change met others' at once`);
        // A short, growing (up to 50 ms), jittered pause: the commands that collided do not collide again in step.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.random() * Math.min(5 * attempt, 50));
      }
    }
  }

  snapshot<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    try {
      return this.#run('BEGIN ISOLATION LEVEL REPEATABLE READ', fn);
    } catch (err) {
      throw fromPgError(err, this.path);
    }
  }

  #run<T>(begin: string, fn: () => T): T {
    this.#depth++;
    try {
      return this.db.transaction(fn, begin);
    } finally {
      this.#depth--;
    }
  }

  #nested<T>(fn: () => T): T {
    this.db.exec('SAVEPOINT nested');
    try {
      const result = fn();
      this.db.exec('RELEASE SAVEPOINT nested');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK TO SAVEPOINT nested');
      // A lock waited for too long is DB_BUSY here already, as SQLite's busy write is: a caller that keeps each
      // nested change's error (several requests in one transaction) sees the desk's error, not the driver's.
      // Serialization failures go on as they are, for the outermost transaction to run again.
      if (err instanceof PgError && err.code === '55P03') throw fromPgError(err, this.path);
      if (err instanceof PgError && err.code !== undefined && RETRIED.has(err.code)) this.#doomed ??= err;
      throw err;
    }
  }

  knownError(err: unknown): AppError | undefined {
    const known = fromPgError(err, this.path);
    return known instanceof AppError ? known : undefined;
  }

  close(): void {
    this.db.close();
  }
}

/** A PostgreSQL failure a user can act on, as the desk's error; AppErrors and others pass as they are. */
export function fromPgError(err: unknown, where: string): unknown {
  if (err instanceof AppError || !(err instanceof PgError)) return err;
  if (err.code === '55P03' || err.code === '40001' || err.code === '40P01') return dbBusy();
  // No code (the connection closed, its worker gone) or a connection lost (PgError.lostConnection).
  if (err.code === undefined || err.lostConnection)
    return dbUnavailable(
      `the connection to ${where} was lost (${err.message})`,
      'check that the PostgreSQL server is running, then retry',
    );
  return err;
}
