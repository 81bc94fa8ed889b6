// Bulk writes inside a transaction. Each statement is a round trip to the
// connection's worker and a statement for the server to run: a command that
// writes many rows of a table (a bill run writes a ledger entry, a bill and an
// event per ticket) keeps them here and writes them in ONE statement (columns
// as arrays, unnest) when the connection runs its next statement or commits
// (connection.ts, DeferredWriter). The first DIRECT_ROWS rows of a transaction
// are written at once, as before: a command writing a few rows is unchanged.
//
// A kept row's id is drawn from the table's sequence by blocks (of as many ids
// as the transaction wrote rows so far, at most MAX_BLOCK): the ids follow the
// order of the writes; the ids of a block the transaction did not use are left
// unused, as a rolled-back transaction leaves its own.
import type { DeferredWriter, PgConnection } from './connection.js';

/** Rows of a table written one by one at the start of each transaction. */
export const DIRECT_ROWS = 16;
/** A writer holding this many rows writes them (and those it depends on) at once. */
const MAX_ROWS = 5000;
/** The most ids drawn at once. */
const MAX_BLOCK = 1024;

/**
 * The order the kept rows are written in, a table before those whose foreign keys point at it: the
 * ledger's entries, the bills that name them, the tickets' totals those bills add, the tickets' events.
 */
export const FLUSH_ORDER = { ledgerEntries: 0, bills: 1, ticketTotals: 2, ticketEvents: 3 } as const;

/** Each column of a table with its array type, as the bulk INSERTs send them. */
export type ArrayColumns = Record<string, string>;

export const LEDGER_ENTRY_COLUMNS: ArrayColumns = {
  id: 'bigint[]',
  client_id: 'bigint[]',
  at: 'bigint[]',
  kind: 'text[]',
  minutes: 'int[]',
  reference: 'text[]',
  ticket_id: 'bigint[]',
  note: 'text[]',
  agent: 'text[]',
};

export const BILL_COLUMNS: ArrayColumns = {
  ticket_id: 'bigint[]',
  at: 'bigint[]',
  agent: 'text[]',
  worked_seconds: 'int[]',
  billable_minutes: 'int[]',
  previously_charged_minutes: 'int[]',
  charged_minutes: 'int[]',
  waived_minutes: 'int[]',
  uncovered_minutes: 'int[]',
  ledger_entry_id: 'bigint[]',
};

/** One INSERT of many rows: a parameter per column, each an array ($n::type), unnested. */
export function unnestInsert(table: string, columns: ArrayColumns): string {
  const names = Object.keys(columns);
  const arrays = names.map((n, i) => `$${i + 1}::${columns[n]}`).join(', ');
  return `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${arrays})`;
}

export class BulkTable implements DeferredWriter {
  readonly #db: PgConnection;
  readonly #table: string;
  readonly #idColumn: string | undefined;
  readonly #values: unknown[][];
  readonly #sql: string;
  #serial = -1;
  #rows = 0;
  #ids: number[] = [];

  /** `order`: flushed before the writers of higher order; `columns`: each column's array type; `idColumn`: its identity. */
  constructor(
    db: PgConnection,
    readonly order: number,
    table: string,
    columns: ArrayColumns,
    idColumn?: string,
  ) {
    this.#db = db;
    this.#table = table;
    this.#idColumn = idColumn;
    this.#values = Object.keys(columns).map(() => []);
    this.#sql = unnestInsert(table, columns);
  }

  /** Whether the next row is kept (true: add it) or written at once by the caller (false: outside a transaction, or one of its first rows). */
  keeps(): boolean {
    if (!this.#db.inTransaction) return false;
    if (this.#db.transactionSerial !== this.#serial) {
      this.#serial = this.#db.transactionSerial;
      this.#rows = 0;
      this.#ids = [];
    }
    return ++this.#rows > DIRECT_ROWS;
  }

  /** The id of the next kept row, in the order of the writes. */
  nextId(): number {
    if (this.#ids.length === 0)
      this.#ids = this.#db
        .query<{ id: number }>(
          `SELECT nextval(pg_get_serial_sequence('${this.#table}', '${this.#idColumn}')) AS id FROM generate_series(1, $1) ORDER BY 1 DESC`,
          [Math.min(MAX_BLOCK, this.#rows)],
        )
        .map((r) => r.id);
    return this.#ids.pop()!;
  }

  add(...row: unknown[]): void {
    row.forEach((v, i) => this.#values[i]!.push(v));
    this.#db.defer(this);
    if (this.#values[0]!.length >= MAX_ROWS) this.#db.flush();
  }

  flush(): void {
    if (this.#values[0]!.length === 0) return;
    const values = this.#values.map((column) => column.splice(0));
    this.#db.run(this.#sql, values);
  }

  discard(): void {
    for (const column of this.#values) column.length = 0;
  }
}
