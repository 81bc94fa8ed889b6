// Pass 2 of an import: what depends on the desk, checked in SQL over the spool
// (unknown clients, orders repeated with other content, orders imported
// before, credit a forfeit already took), then, when nothing is wrong, every
// order written with two INSERT … SELECT. Runs inside one transaction
// (BEGIN IMMEDIATE when it writes): a killed import leaves all of the file or
// none of it. Every step is a statement over the whole spool, so memory does
// not grow with the file; better-sqlite3 cannot write while a read is open
// on the connection, so no step writes while it iterates.
import { crashPoint } from '../../crash-point.js';
import { dayStartInstant } from '../../rules/calendar.js';
import { forfeitDays, type Term } from '../../rules/credit-validity.js';
import { today, type Ctx } from '../context.js';
import { termOf, type TermRow } from '../credit.js';
import type { Spool } from './spool.js';

export interface Reconciled {
  imported: number;
  skipped: number;
  minutesAdded: number;
  /** codes of the clients the file creates (a dry run: would create), as the file spells them */
  createdClients: string[];
}

type Fail = (line: number, message: string) => void;

/** Clients whose licences are read at once for the forfeit check. */
const CLIENTS_PER_READ = 1000;

/**
 * The desk's clients by code, without regard to case (lower() on both sides: so
 * SQLite searches the index on lower(code)); those it lacks are created by the
 * file when some line names them (client_name).
 */
function findClients(ctx: Ctx, fail: Fail): void {
  const db = ctx.store.sqlite;
  db.prepare('UPDATE temp.import_clients SET client_id = (SELECT id FROM main.clients c WHERE lower(c.code) = lower(import_clients.code))').run();
  if (db.prepare('SELECT 1 FROM temp.import_clients WHERE client_id IS NULL AND named_line IS NULL LIMIT 1').get())
    for (const r of db
      .prepare(
        `SELECT r.line, k.code FROM (SELECT line, client_key FROM temp.import_rows UNION ALL SELECT line, client_key FROM temp.import_invalid) r
         JOIN temp.import_clients k ON k.key = r.client_key WHERE k.client_id IS NULL AND k.named_line IS NULL`,
      )
      .iterate() as Iterable<{ line: number; code: string }>)
      fail(r.line, `unknown client '${r.code}' (give client_name, and client_email, to create it)`);
  for (const r of db
    .prepare('SELECT r.line, k.code, r.first FROM temp.import_renames r JOIN temp.import_clients k ON k.key = r.client_key WHERE k.client_id IS NULL')
    .iterate() as Iterable<{ line: number; code: string; first: number }>)
    fail(r.line, `new client '${r.code}' is named differently on line ${r.first}`);
}

const REPEATS = `(SELECT order_id, min(line) AS first FROM temp.import_rows GROUP BY order_id HAVING count(*) > 1) d
  JOIN temp.import_rows f ON f.line = d.first`;
const SAME_AS_FIRST = 'r.client_key = f.client_key AND r.product = f.product AND r.quantity = f.quantity AND r.purchased_at = f.purchased_at';

/** An order repeated in the file: the same content is skipped, other content is an error. Returns the rows skipped. */
function checkRepeats(ctx: Ctx, fail: Fail): number {
  const db = ctx.store.sqlite;
  for (const r of db
    .prepare(`SELECT r.line, r.order_id, d.first FROM ${REPEATS} JOIN temp.import_rows r ON r.order_id = d.order_id AND r.line > d.first WHERE NOT (${SAME_AS_FIRST})`)
    .iterate() as Iterable<{ line: number; order_id: string; first: number }>)
    fail(r.line, `order ${r.order_id} is already on line ${r.first} with different content`);
  return db.prepare(`UPDATE temp.import_rows AS r SET state = 1 FROM ${REPEATS} WHERE r.order_id = d.order_id AND r.line > d.first AND ${SAME_AS_FIRST}`).run().changes;
}

/** An order imported before: the same content is skipped (state 1), other content (state 2) is an error. Returns the rows marked. */
function checkImportedBefore(ctx: Ctx): number {
  return ctx.store.sqlite
    .prepare(
      `UPDATE temp.import_rows AS r
       SET state = CASE WHEN p.client_id IS k.client_id AND p.product = r.product AND p.quantity = r.quantity AND p.purchased_at = r.purchased_at THEN 1 ELSE 2 END
       FROM main.purchases p, temp.import_clients k WHERE p.order_id = r.order_id AND k.key = r.client_key`,
    )
    .run().changes;
}

function reportImportedBefore(ctx: Ctx, fail: Fail): void {
  for (const r of ctx.store.sqlite
    .prepare(
      `SELECT r.line, r.order_id, c.code, p.product, p.quantity, p.purchased_at
       FROM temp.import_rows r CROSS JOIN main.purchases p ON p.order_id = r.order_id JOIN main.clients c ON c.id = p.client_id WHERE r.state = 2`,
    )
    .iterate() as Iterable<{ line: number; order_id: string; code: string; product: string; quantity: number; purchased_at: number }>)
    fail(
      r.line,
      `order ${r.order_id} was imported before with different content (${r.code}, ${r.quantity} × ${r.product}, purchased ${new Date(r.purchased_at).toISOString()})`,
    );
}

/**
 * Credit bought before a forfeit that has already happened would revive forfeited credit.
 * Each client's licences are read in batches of clients, its last forfeit so far noted.
 */
function checkForfeits(ctx: Ctx, fail: Fail): void {
  const db = ctx.store.sqlite;
  const day = today(ctx);
  const licences = db.prepare(
    `SELECT k.key, l.starts_on AS startsOn, l.ends_on AS endsOn, l.created_at AS createdAt
     FROM temp.import_clients k JOIN main.licences l ON l.client_id = k.client_id WHERE k.key BETWEEN ? AND ? ORDER BY k.key`,
  );
  const note = db.prepare('INSERT INTO temp.import_forfeits VALUES (?, ?, ?)');
  const lastKey = db.prepare('SELECT coalesce(max(key), 0) FROM temp.import_clients').pluck().get() as number;
  let forfeits = 0;
  for (let from = 1; from <= lastKey; from += CLIENTS_PER_READ) {
    const terms = new Map<number, Term[]>();
    for (const r of licences.all(from, from + CLIENTS_PER_READ - 1) as (TermRow & { key: number })[]) {
      if (!terms.has(r.key)) terms.set(r.key, []);
      terms.get(r.key)!.push(termOf(ctx, r));
    }
    for (const [key, own] of terms) {
      const last = forfeitDays(own).filter((d) => d <= day).pop();
      if (last !== undefined) forfeits += note.run(key, dayStartInstant(last, ctx.tz), last).changes;
    }
  }
  if (forfeits > 0)
    for (const r of db
      .prepare(
        `SELECT r.line, r.order_id, k.code, f.day FROM temp.import_rows r
         CROSS JOIN temp.import_forfeits f ON f.client_key = r.client_key JOIN temp.import_clients k ON k.key = r.client_key
         WHERE r.state = 0 AND r.purchased_at < f.start`,
      )
      .iterate() as Iterable<{ line: number; order_id: string; code: string; day: string }>)
      fail(
        r.line,
        `order ${r.order_id} is dated before ${r.code}'s credit was forfeited on ${r.day}: importing it would revive forfeited credit (if it is owed, record it with credits adjust)`,
      );
}

/** Rows and minutes by state; only read when some row left state 0. */
function countStates(ctx: Ctx): Map<number, { rows: number; minutes: number }> {
  const rows = ctx.store.sqlite.prepare('SELECT state, count(*) AS rows, sum(minutes) AS minutes FROM temp.import_rows WHERE state > 0 GROUP BY state').all() as {
    state: number;
    rows: number;
    minutes: number;
  }[];
  return new Map(rows.map((r) => [r.state, r]));
}

/** New clients first, then each order's ledger entry and purchase. */
function writeOrders(ctx: Ctx): void {
  const db = ctx.store.sqlite;
  db.prepare(
    "INSERT INTO main.clients (code, name, email, language, created_at) SELECT code, name, email, 'fr', ? FROM temp.import_clients WHERE client_id IS NULL ORDER BY code",
  ).run(ctx.now);
  db.prepare('UPDATE temp.import_clients SET client_id = (SELECT id FROM main.clients c WHERE lower(c.code) = lower(import_clients.code)) WHERE client_id IS NULL').run();
  // Explicit ledger ids (we hold the write lock), the first free id plus the line: each
  // purchase finds its entry without a lookup, and no numbering pass sorts the rows.
  const { base } = db.prepare('SELECT coalesce(max(id), 0) AS base FROM main.ledger_entries').get() as { base: number };
  // CROSS JOIN: the spool is read in line order, each client found by its key.
  db.prepare(
    `INSERT INTO main.ledger_entries (id, client_id, at, kind, minutes, reference, note, agent)
     SELECT ? + r.line, k.client_id, r.purchased_at, 'purchase', r.minutes, r.order_id, r.quantity || ' × ' || r.product, ?
     FROM temp.import_rows r CROSS JOIN temp.import_clients k ON k.key = r.client_key WHERE r.state = 0 ORDER BY r.line`,
  ).run(base, ctx.agent);
  crashPoint('import-ledger-written');
  db.prepare(
    `INSERT INTO main.purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at)
     SELECT r.order_id, k.client_id, r.product, r.quantity, r.purchased_at, r.minutes, ? + r.line, ?
     FROM temp.import_rows r CROSS JOIN temp.import_clients k ON k.key = r.client_key WHERE r.state = 0 ORDER BY r.line`,
  ).run(base, ctx.now);
}

/** Checks against the desk, counts, and writes when asked and nothing is wrong. Runs inside a transaction. */
export function reconcile(ctx: Ctx, spool: Spool, write: boolean): Reconciled {
  const fail: Fail = (line, message) => spool.error(line, message);
  findClients(ctx, fail);
  let marked = spool.noRepeats ? 0 : checkRepeats(ctx, fail);
  marked += checkImportedBefore(ctx);
  const states = marked > 0 ? countStates(ctx) : new Map<number, { rows: number; minutes: number }>();
  if (states.has(2)) reportImportedBefore(ctx, fail);
  checkForfeits(ctx, fail);
  const skipped = states.get(1) ?? { rows: 0, minutes: 0 };
  const createdClients = ctx.store.sqlite.prepare('SELECT code FROM temp.import_clients WHERE client_id IS NULL ORDER BY code').pluck().all() as string[];
  const result = { imported: spool.totals.orders - skipped.rows, skipped: skipped.rows, minutesAdded: spool.totals.minutes - skipped.minutes, createdClients };
  if (spool.errors.length === 0 && write) writeOrders(ctx);
  return result;
}
