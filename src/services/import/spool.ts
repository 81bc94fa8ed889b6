// Pass 1 of an import: each line checked on its own, the valid orders written
// to TEMP tables (on disk: constant memory, and stdin cannot be read twice).
//
//   import_rows     the valid orders, with their client's key and a state
//                   (0 to import, 1 skipped: imported before or repeated,
//                   2 imported before with other content)
//   import_clients  each client code the file names (codes are matched without
//                   regard to case), with the name and e-mail of its first naming line
//   import_invalid  the invalid lines' clients (an unknown client is reported on them too)
//   import_renames  the lines naming a client otherwise than its first
//   import_forfeits the forfeits pass 2 finds
import { crashPoint } from '../../crash-point.js';
import { AppError } from '../../errors.js';
import { dayStartInstant } from '../../rules/calendar.js';
import { checkOrder, type OrderFields } from '../../rules/shop-order.js';
import { validateNewClient } from '../clients.js';
import type { Ctx } from '../context.js';
import type { ImportError, ImportFormat, LineSink } from './source.js';

const SPOOL_BATCH = 2000;
/** Client codes kept in memory at once; the rest are read back from the spool (memory stays bounded whatever the file). */
const CLIENTS_IN_MEMORY = 10_000;
const TABLES = ['import_rows', 'import_clients', 'import_invalid', 'import_renames', 'import_forfeits'];

/** A client code the file names: its row in temp.import_clients, and the first line naming it (client_name). */
interface FileClient {
  key: number;
  named: { line: number; name: string; email: string | null } | null;
}

export interface Spool extends LineSink {
  readonly errors: ImportError[];
  /** valid orders spooled, and their minutes */
  readonly totals: { orders: number; minutes: number };
  /** no order id is repeated in the file (known without an index when they increase) */
  readonly noRepeats: boolean;
  readonly rows: number;
  /** all lines are in: builds what pass 2 needs */
  finish(): void;
  drop(): void;
}

function createTables(ctx: Ctx): void {
  ctx.store.sqlite.exec(`
    ${TABLES.map((t) => `DROP TABLE IF EXISTS temp.${t};`).join('\n')}
    CREATE TEMP TABLE import_rows (
      line INTEGER PRIMARY KEY, order_id TEXT NOT NULL, client_key INTEGER NOT NULL,
      product TEXT NOT NULL, quantity INTEGER NOT NULL, purchased_at INTEGER NOT NULL, minutes INTEGER NOT NULL,
      state INTEGER NOT NULL DEFAULT 0);
    CREATE TEMP TABLE import_clients (
      key INTEGER PRIMARY KEY, code TEXT NOT NULL, folded TEXT NOT NULL UNIQUE, name TEXT, email TEXT, named_line INTEGER, client_id INTEGER);
    CREATE TEMP TABLE import_invalid (line INTEGER PRIMARY KEY, client_key INTEGER NOT NULL);
    CREATE TEMP TABLE import_renames (line INTEGER PRIMARY KEY, client_key INTEGER NOT NULL, first INTEGER NOT NULL);
    CREATE TEMP TABLE import_forfeits (client_key INTEGER PRIMARY KEY, start INTEGER NOT NULL, day TEXT NOT NULL);`);
}

/** The file's clients by code as written; each spelling looked up once, in the spool by its case-folded code. */
function fileClients(ctx: Ctx) {
  const db = ctx.store.sqlite;
  const clientRow = db.prepare('SELECT key, name, email, named_line AS line FROM temp.import_clients WHERE folded = lower(?)');
  const addClient = db.prepare('INSERT INTO temp.import_clients (code, folded) VALUES (?, lower(?))');
  const nameClient = db.prepare('UPDATE temp.import_clients SET name = ?, email = ?, named_line = ? WHERE key = ?');
  // One object per client whatever the spelling, so that a name given under one spelling holds for all.
  const byCode = new Map<string, FileClient>();
  const byKey = new Map<number, FileClient>();
  return {
    of(code: string): FileClient {
      let client = byCode.get(code);
      if (!client) {
        const row = clientRow.get(code) as { key: number; name: string; email: string | null; line: number | null } | undefined;
        if (row) client = byKey.get(row.key) ?? { key: row.key, named: row.line === null ? null : { line: row.line, name: row.name, email: row.email } };
        else client = { key: Number(addClient.run(code, code).lastInsertRowid), named: null };
        if (byCode.size >= CLIENTS_IN_MEMORY) {
          byCode.clear();
          byKey.clear();
        }
        byCode.set(code, client);
        byKey.set(client.key, client);
      }
      return client;
    },
    /** The first naming line names the client; false when an earlier line named it otherwise. */
    name(client: FileClient, line: number, name: string, email: string | null): boolean {
      if (client.named) return client.named.name === name && client.named.email === email;
      client.named = { line, name, email };
      nameClient.run(name, email, line, client.key);
      return true;
    },
  };
}

/** A new client's name and e-mail, checked once per code as long as the file repeats them. */
function newClientCheck(): (code: string, name: string, email: string | undefined) => string | null {
  const checked = new Map<string, { name: string; email: string | undefined; problem: string | null }>();
  return (code, name, email) => {
    const known = checked.get(code);
    if (known && known.name === name && known.email === email) return known.problem;
    let problem: string | null = null;
    try {
      validateNewClient({ code, name, email });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problem = err.message;
    }
    if (checked.size >= CLIENTS_IN_MEMORY) checked.clear();
    checked.set(code, { name, email, problem });
    return problem;
  };
}

export function createSpool(ctx: Ctx, format: ImportFormat): Spool {
  const db = ctx.store.sqlite;
  // Spooling needs no rollback journal (it halves the time): a failed spool fails the
  // whole import. The journal is back on before pass 2, which may roll back.
  const journal = db.pragma('temp.journal_mode', { simple: true }) as string;
  const restoreJournal = () => db.pragma(`temp.journal_mode = ${journal}`);
  db.pragma('temp.journal_mode = OFF');
  createTables(ctx);
  const insert = db.prepare('INSERT INTO temp.import_rows VALUES (?, ?, ?, ?, ?, ?, ?, 0)');
  const addInvalid = db.prepare('INSERT INTO temp.import_invalid VALUES (?, ?)');
  const addRename = db.prepare('INSERT INTO temp.import_renames VALUES (?, ?, ?)');
  const clients = fileClients(ctx);
  const newClientProblem = newClientCheck();
  const dayStarts = new Map<string, number>();
  const dayStart = (day: string): number => {
    let ms = dayStarts.get(day);
    if (ms === undefined) dayStarts.set(day, (ms = dayStartInstant(day, ctx.tz)));
    return ms;
  };
  // Lines are written as they come, SPOOL_BATCH to a transaction (it writes the temp database only).
  let inTransaction = 0;
  const flush = (): void => {
    if (inTransaction > 0) db.exec('COMMIT');
    inTransaction = 0;
    crashPoint('import-read', rows);
  };
  const errors: ImportError[] = [];
  const totals = { orders: 0, minutes: 0 };
  let rows = 0;
  // Order ids in strictly increasing order (as a shop exports them) cannot repeat: pass 2 then
  // needs no repeat check. Not for JSON, whose escapes may give texts SQLite stores alike (lone surrogates).
  let lastOrderId: string | undefined;
  let increasing = format === 'csv';
  return {
    errors,
    totals,
    get noRepeats() {
      return increasing;
    },
    get rows() {
      return rows;
    },
    add(line: number, fields: OrderFields, problems: string[] = []): void {
      if (inTransaction++ === 0) db.exec('BEGIN');
      rows++;
      const { order, errors: own } = checkOrder(fields, ctx.now, dayStart);
      problems.push(...own);
      const client = fields.client === undefined ? undefined : clients.of(fields.client);
      if (fields.client_name !== undefined) {
        const problem = newClientProblem(fields.client ?? '', fields.client_name, fields.client_email);
        if (problem) problems.push(problem);
        if (client && !clients.name(client, line, fields.client_name, fields.client_email ?? null)) addRename.run(line, client.key, client.named!.line);
      }
      for (const message of problems) errors.push({ line, message });
      if (order && problems.length === 0) {
        if (increasing && lastOrderId !== undefined && !(order.orderId > lastOrderId)) increasing = false;
        lastOrderId = order.orderId;
        insert.run(line, order.orderId, client!.key, order.product, order.quantity, order.purchasedAt, order.minutes);
        totals.orders++;
        totals.minutes += order.minutes;
      } else if (client) addInvalid.run(line, client.key);
      if (inTransaction >= SPOOL_BATCH) flush();
    },
    error(line: number, message: string): void {
      errors.push({ line, message });
    },
    finish(): void {
      flush();
      restoreJournal();
      // The index of pass 2's repeat check, when needed, built once the rows are in: faster than keeping it up to date row by row.
      if (!increasing) db.exec('CREATE INDEX temp.import_rows_order ON import_rows (order_id, line)');
    },
    drop(): void {
      if (db.inTransaction) db.exec('ROLLBACK'); // a read that failed half-way
      restoreJournal();
      for (const table of TABLES) db.exec(`DROP TABLE IF EXISTS temp.${table}`);
    },
  };
}
