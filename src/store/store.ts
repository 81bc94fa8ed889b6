// The storage layer's one interface. Services reach the data only through a
// Store: one module per aggregate owns its tables and every statement on them
// (src/store/<aggregate>.ts declares it, src/store/sqlite/<aggregate>.ts
// implements it for SQLite; PostgreSQL is a second implementation of the same
// interfaces). The interface is synchronous: the services' transactions are
// plain functions run inside `immediate`, whatever the engine.
import type { AppError } from '../errors.js';
import type { BillStore } from './bills.js';
import type { CheckStore } from './check.js';
import type { ClientStore } from './clients.js';
import type { CopyStore } from './copy.js';
import type { DemoStore } from './demo.js';
import type { FixStore } from './fixes.js';
import type { HolidayStore } from './holidays.js';
import type { ImportStore } from './imports.js';
import type { LedgerStore } from './ledger.js';
import type { OutboxStore } from './outbox.js';
import type { PortalStore } from './portal.js';
import type { TicketStore } from './tickets.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly dialect: Dialect;
  /** the file's absolute path, or the server's URL without its password: what messages name */
  readonly path: string;
  /** whether this open created the desk */
  readonly created: boolean;

  /** tickets, time entries, ticket events (history), the queue's reads */
  readonly tickets: TicketStore;
  /** the credit ledger (append-only) and shop purchases */
  readonly ledger: LedgerStore;
  /** bill runs' records */
  readonly bills: BillStore;
  /** clients, contacts, licences */
  readonly clients: ClientStore;
  /** fixes owed for software defects */
  readonly fixes: FixStore;
  /** queued mail (receipts, sign-in links) */
  readonly outbox: OutboxStore;
  /** public holidays cached per year */
  readonly holidays: HolidayStore;
  /** sign-in tokens, sessions, the client space's read models */
  readonly portal: PortalStore;
  /** a credit import's spool and reconciliation */
  readonly imports: ImportStore;
  /** the invariants `db check` verifies, and the backup */
  readonly check: CheckStore;
  /** bulk loading of a generated demo desk */
  readonly demo: DemoStore;
  /** a whole desk, table by table (`db copy`) */
  readonly copy: CopyStore;

  /** Runs fn in one write transaction (read-modify-write safe across processes): BEGIN IMMEDIATE on SQLite. */
  immediate<T>(fn: () => T): T;
  /**
   * `immediate` for a load of many rows (the demo): all or nothing as well, with the engine
   * set for volume while it runs (SQLite: a bigger page cache, statement journals in memory).
   */
  bulk<T>(fn: () => T): T;
  /** Runs fn in one read transaction: a consistent view, without taking the write lock (dry runs). */
  snapshot<T>(fn: () => T): T;
  /** An engine's failure a user can act on (busy, unreachable, unreadable) as the desk's error; undefined for others. */
  knownError(err: unknown): AppError | undefined;
  close(): void;
}
