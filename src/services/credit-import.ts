// `credits import`: shop orders into the credit ledger, all or nothing.
//
// Pass 1 streams the file (csv-parse), checks each line on its own and spools
// it into a TEMP table (on disk: constant memory, and stdin cannot be read
// twice). Pass 2 checks what depends on the desk in SQL over the spool
// (unknown clients, orders repeated with other content, orders imported
// before) and, when nothing is wrong, writes every row in ONE BEGIN IMMEDIATE
// transaction: a killed import leaves all of the file or none of it.
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError, invalidInput } from '../errors.js';
import { dayStartInstant } from '../rules/calendar.js';
import { forfeitDays } from '../rules/credit-validity.js';
import { checkOrder, OPTIONAL_FIELDS, REQUIRED_FIELDS, type OrderField, type OrderFields } from '../rules/shop-order.js';
import { validateNewClient } from './clients.js';
import { today, type Ctx } from './context.js';
import { termsOf } from './credit.js';

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** JSON is parsed whole (no streaming JSON parser here): a bound keeps memory in check; CSV has none. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

export interface ImportSource {
  stream: Readable;
  format: ImportFormat;
  /** bytes, when known (a file, not stdin) */
  size?: number;
}

/** A file, or '-' for stdin; the format from --format, else from the extension (.json), else CSV. */
export function openImportSource(file: string, format?: string, stdin: Readable = process.stdin): ImportSource {
  const chosen = format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
  if (!(IMPORT_FORMATS as readonly string[]).includes(chosen)) throw invalidInput(`unknown import format '${chosen}'`, 'csv or json');
  if (file === '-') return { stream: stdin, format: chosen as ImportFormat };
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw invalidInput(`${file} is not a file`);
    size = stat.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalidInput(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, "give the path of the shop's export, or - for stdin");
  }
  return { stream: createReadStream(file, { highWaterMark: 1 << 16 }), format: chosen as ImportFormat, size };
}

export interface ImportError {
  /** CSV: the line where the record starts (the header is line 1); JSON: the object's position in the array (from 1) */
  line: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  skipped: number;
  minutesAdded: number;
  errors: ImportError[];
  dryRun: boolean;
}

export interface ImportProgress {
  phase: 'reading' | 'writing';
  bytesRead: number;
  rows: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

const SPOOL_BATCH = 2000;

// ------------------------------------------------------------ pass 1: spool

/** The spool: one row per line read, valid or not (an invalid line still names its client). */
function createSpool(ctx: Ctx) {
  const db = ctx.store.sqlite;
  // Spooling needs no rollback journal (it halves the time): a failed spool fails the
  // whole import. The journal is back on before pass 2, which may roll back.
  const journal = db.pragma('temp.journal_mode', { simple: true }) as string;
  const restoreJournal = () => db.pragma(`temp.journal_mode = ${journal}`);
  db.pragma('temp.journal_mode = OFF');
  db.exec(`
    DROP TABLE IF EXISTS temp.import_rows;
    DROP TABLE IF EXISTS temp.import_new_clients;
    CREATE TEMP TABLE import_rows (
      line INTEGER PRIMARY KEY, valid INTEGER NOT NULL,
      order_id TEXT, client TEXT, client_name TEXT, client_email TEXT,
      product TEXT, quantity INTEGER, purchased_at INTEGER, minutes INTEGER,
      skipped INTEGER NOT NULL DEFAULT 0);
    CREATE TEMP TABLE import_new_clients (client TEXT PRIMARY KEY, line INTEGER NOT NULL);`);
  const insert = db.prepare('INSERT INTO temp.import_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)');
  const flushBatch = db.transaction((rows: unknown[][]) => {
    for (const r of rows) insert.run(r);
  });
  let batch: unknown[][] = [];
  const dayStarts = new Map<string, number>();
  const dayStart = (day: string): number => {
    let ms = dayStarts.get(day);
    if (ms === undefined) dayStarts.set(day, (ms = dayStartInstant(day, ctx.tz)));
    return ms;
  };
  // A shop export names the client on each of its lines: check each name once (a bounded memo).
  const checkedClients = new Map<string, string | null>();
  const newClientProblem = (code: string, name: string, email: string | undefined): string | null => {
    const key = `${code}\n${name}\n${email ?? ''}`;
    let problem = checkedClients.get(key);
    if (problem === undefined) {
      try {
        validateNewClient({ code, name, email });
        problem = null;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        problem = err.message;
      }
      if (checkedClients.size >= 10_000) checkedClients.clear();
      checkedClients.set(key, problem);
    }
    return problem;
  };
  const errors: ImportError[] = [];
  let rows = 0;
  return {
    errors,
    get rows() {
      return rows;
    },
    add(line: number, fields: OrderFields, problems: string[] = []): void {
      rows++;
      const { order, errors: own } = checkOrder(fields, ctx.now, dayStart);
      problems.push(...own);
      if (fields.client_name !== undefined) {
        const problem = newClientProblem(fields.client ?? '', fields.client_name, fields.client_email);
        if (problem) problems.push(problem);
      }
      for (const message of problems) errors.push({ line, message });
      batch.push(
        order && problems.length === 0
          ? [line, 1, order.orderId, order.client, order.clientName, order.clientEmail, order.product, order.quantity, order.purchasedAt, order.minutes]
          : [line, 0, null, fields.client ?? null, fields.client_name ?? null, fields.client_email ?? null, null, null, null, null],
      );
      if (batch.length >= SPOOL_BATCH) this.flush();
    },
    error(line: number, message: string): void {
      errors.push({ line, message });
    },
    flush(): void {
      if (batch.length > 0) flushBatch(batch);
      batch = [];
    },
    /** Indexes built once the rows are in: faster than keeping them up to date row by row. */
    finish(): void {
      this.flush();
      restoreJournal();
      db.exec(`
        CREATE INDEX temp.import_rows_order ON import_rows (order_id, line);
        CREATE INDEX temp.import_rows_client ON import_rows (client, line);`);
    },
    drop(): void {
      restoreJournal();
      db.exec('DROP TABLE IF EXISTS temp.import_rows; DROP TABLE IF EXISTS temp.import_new_clients;');
    },
  };
}

type Spool = ReturnType<typeof createSpool>;
const FIELDS: readonly OrderField[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS];

function countNewlines(record: readonly string[]): number {
  let n = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * CSV with a header row; extra columns are ignored. Line numbers are counted
 * from the records themselves (csv-parse's per-record info costs as much as
 * the parsing): blank lines are kept as one-field records and skipped here,
 * and a quoted field's line breaks are counted.
 */
async function readCsv(source: ImportSource, spool: Spool, progress: (bytes: number) => void): Promise<void> {
  const parser = parse({ bom: true, relax_column_count: true });
  let nextLine = 1;
  let columns: { field: OrderField; index: number }[] | undefined;
  let width = 0;
  let bytes = 0;
  let stopped = false;
  const onRecord = (record: string[]): void => {
    const line = nextLine;
    nextLine += 1 + countNewlines(record);
    if (record.length === 1 && record[0]!.trim() === '') return;
    if (!columns) {
      const names = record.map((h) => h.trim().toLowerCase());
      const missing = REQUIRED_FIELDS.filter((f) => !names.includes(f));
      const repeated = names.filter((n, i) => n !== '' && names.indexOf(n) !== i);
      if (missing.length > 0) spool.error(line, `the header lacks ${missing.join(', ')} (it must name ${REQUIRED_FIELDS.join(', ')})`);
      if (repeated.length > 0) spool.error(line, `the header repeats ${[...new Set(repeated)].join(', ')}`);
      if (missing.length > 0 || repeated.length > 0) return stop();
      columns = FIELDS.filter((f) => names.includes(f)).map((field) => ({ field, index: names.indexOf(field) }));
      width = record.length;
      return;
    }
    const fields: OrderFields = {};
    for (const { field, index } of columns) {
      const value = record[index]?.trim();
      if (value) fields[field] = value;
    }
    const problems = record.length === width ? [] : [`expected ${width} fields as in the header, got ${record.length}`];
    // Bytes that are not UTF-8 (a Latin-1 export) decode to U+FFFD: refuse rather than store mangled names.
    if (record.some((f) => f.includes('\uFFFD'))) problems.push('not valid UTF-8 (save the file as UTF-8)');
    spool.add(line, fields, problems);
  };
  let finish: (err?: unknown) => void = () => {};
  const stop = (): void => {
    stopped = true;
    source.stream.unpipe(parser);
    source.stream.destroy();
    parser.destroy();
    finish();
  };
  await new Promise<void>((resolve, reject) => {
    finish = (err?: unknown) => (err === undefined ? resolve() : reject(err));
    parser.on('readable', () => {
      try {
        for (let record: string[] | null; !stopped && (record = parser.read() as string[] | null) !== null; ) onRecord(record);
      } catch (err) {
        stopped = true;
        source.stream.destroy();
        finish(err);
      }
    });
    parser.on('end', () => finish());
    parser.on('error', (err: Error) => {
      if (!(err instanceof CsvError)) return finish(err);
      spool.error((err as CsvError & { lines?: number }).lines ?? nextLine, `malformed CSV, the rest of the file was not read: ${err.message}`);
      stop();
    });
    source.stream.on('error', (err) => finish(invalidInput(`cannot read the import: ${err.message}`)));
    source.stream.on('data', (chunk: Buffer) => progress((bytes += chunk.length)));
    source.stream.pipe(parser);
  });
  if (!columns && spool.errors.length === 0) spool.error(1, 'the file is empty: a header row naming the columns is expected');
}

/** JSON: an array of objects with the CSV's keys, read whole within MAX_JSON_BYTES. */
async function readJson(source: ImportSource, spool: Spool, progress: (bytes: number) => void): Promise<void> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of source.stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_JSON_BYTES) {
      source.stream.destroy();
      throw invalidInput(`a JSON import is read whole and limited to ${MAX_JSON_BYTES / 1024 / 1024} MB`, 'export the orders as CSV, which is streamed');
    }
    chunks.push(chunk);
    progress(bytes);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 1;
    return spool.error(line, `malformed JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(doc)) return spool.error(1, 'a JSON import is an array of objects');
  doc.forEach((item: unknown, i) => {
    const position = i + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return spool.error(position, `expected an object with ${REQUIRED_FIELDS.join(', ')}`);
    const fields: OrderFields = {};
    const problems: string[] = [];
    for (const field of FIELDS) {
      const value = (item as Record<string, unknown>)[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) problems.push(`${field} must be text or a number`);
      else if (String(value).trim()) fields[field] = String(value).trim();
    }
    spool.add(position, fields, problems);
  });
}

// ------------------------------------------------------------ pass 2: the desk

interface Counts {
  imported: number;
  skipped: number;
  minutesAdded: number;
}

/** Checks against the desk, counts, and writes when asked and nothing is wrong. Runs inside a transaction. */
function reconcile(ctx: Ctx, spool: Spool, write: boolean): Counts {
  const db = ctx.store.sqlite;
  const fail = (line: number, message: string) => spool.error(line, message);

  // Clients the file creates: named on some line, unknown to the desk; the first naming line gives the details.
  db.prepare(
    `INSERT INTO temp.import_new_clients (client, line)
     SELECT client, min(line) FROM temp.import_rows r
     WHERE client IS NOT NULL AND client_name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.clients c WHERE c.code = r.client)
     GROUP BY client`,
  ).run();
  for (const r of db
    .prepare(
      `SELECT line, client FROM temp.import_rows r
       WHERE client IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.clients c WHERE c.code = r.client)
         AND NOT EXISTS (SELECT 1 FROM temp.import_new_clients n WHERE n.client = r.client)`,
    )
    .iterate() as Iterable<{ line: number; client: string }>)
    fail(r.line, `unknown client '${r.client}' (give client_name, and client_email, to create it)`);
  for (const r of db
    .prepare(
      `SELECT r.line, r.client, n.line AS first FROM temp.import_new_clients n
       JOIN temp.import_rows f ON f.line = n.line
       JOIN temp.import_rows r ON r.client = n.client AND r.line > n.line AND r.client_name IS NOT NULL
       WHERE r.client_name IS NOT f.client_name OR r.client_email IS NOT f.client_email`,
    )
    .iterate() as Iterable<{ line: number; client: string; first: number }>)
    fail(r.line, `new client '${r.client}' is named differently on line ${r.first}`);

  // An order repeated in the file: the same content is skipped, other content is an error.
  const repeats = `SELECT r.line, r.order_id, f.line AS first,
       (r.client IS NOT f.client OR r.product IS NOT f.product OR r.quantity IS NOT f.quantity OR r.purchased_at IS NOT f.purchased_at) AS changed
     FROM (SELECT order_id, min(line) AS first FROM temp.import_rows WHERE valid = 1 GROUP BY order_id HAVING count(*) > 1) d
     JOIN temp.import_rows f ON f.line = d.first
     JOIN temp.import_rows r ON r.order_id = d.order_id AND r.valid = 1 AND r.line > d.first`;
  for (const r of db.prepare(`${repeats} WHERE changed`).iterate() as Iterable<{ line: number; order_id: string; first: number }>)
    fail(r.line, `order ${r.order_id} is already on line ${r.first} with different content`);
  db.prepare(`UPDATE temp.import_rows SET skipped = 1 WHERE line IN (SELECT line FROM (${repeats}))`).run();

  // An order imported before: the same content is skipped, other content is an error.
  for (const r of db
    .prepare(
      `SELECT r.line, r.order_id, c.code, p.product, p.quantity, p.purchased_at FROM temp.import_rows r
       JOIN main.purchases p ON p.order_id = r.order_id JOIN main.clients c ON c.id = p.client_id
       WHERE r.valid = 1 AND (c.code IS NOT r.client OR p.product IS NOT r.product OR p.quantity IS NOT r.quantity OR p.purchased_at IS NOT r.purchased_at)`,
    )
    .iterate() as Iterable<{ line: number; order_id: string; code: string; product: string; quantity: number; purchased_at: number }>)
    fail(
      r.line,
      `order ${r.order_id} was imported before with different content (${r.code}, ${r.quantity} × ${r.product}, purchased ${new Date(r.purchased_at).toISOString()})`,
    );
  db.prepare(
    'UPDATE temp.import_rows SET skipped = 1 WHERE valid = 1 AND skipped = 0 AND EXISTS (SELECT 1 FROM main.purchases p WHERE p.order_id = import_rows.order_id)',
  ).run();

  // Credit bought before a forfeit that has already happened would revive forfeited credit.
  const day = today(ctx);
  const rowsBefore = db.prepare('SELECT line, order_id FROM temp.import_rows WHERE client = ? AND valid = 1 AND skipped = 0 AND purchased_at < ? ORDER BY line');
  for (const c of db
    .prepare('SELECT DISTINCT c.id, c.code FROM temp.import_rows r JOIN main.clients c ON c.code = r.client WHERE r.valid = 1 AND r.skipped = 0')
    .all() as { id: number; code: string }[]) {
    const lastForfeit = forfeitDays(termsOf(ctx, c.id))
      .filter((d) => d <= day)
      .pop();
    if (lastForfeit === undefined) continue;
    for (const r of rowsBefore.iterate(c.code, dayStartInstant(lastForfeit, ctx.tz)) as Iterable<{ line: number; order_id: string }>)
      fail(
        r.line,
        `order ${r.order_id} is dated before ${c.code}'s credit was forfeited on ${lastForfeit}: importing it would revive forfeited credit (if it is owed, record it with credits adjust)`,
      );
  }

  const counts = db
    .prepare(
      `SELECT coalesce(sum(skipped = 0), 0) AS imported, coalesce(sum(skipped), 0) AS skipped,
              coalesce(sum(CASE WHEN skipped = 0 THEN minutes END), 0) AS minutesAdded
       FROM temp.import_rows WHERE valid = 1`,
    )
    .get() as Counts;
  if (spool.errors.length > 0 || !write) return counts;

  db.prepare(
    `INSERT INTO main.clients (code, name, email, language, created_at)
     SELECT f.client, f.client_name, f.client_email, 'fr', ? FROM temp.import_new_clients n JOIN temp.import_rows f ON f.line = n.line`,
  ).run(ctx.now);
  // Explicit ledger ids (we hold the write lock) tie each purchase to its entry without a lookup per row.
  const { base } = db.prepare('SELECT coalesce(max(id), 0) AS base FROM main.ledger_entries').get() as { base: number };
  db.prepare(
    `INSERT INTO main.ledger_entries (id, client_id, at, kind, minutes, reference, note, agent)
     SELECT ? + row_number() OVER (ORDER BY r.line), c.id, r.purchased_at, 'purchase', r.minutes, r.order_id, r.quantity || ' × ' || r.product, ?
     FROM temp.import_rows r JOIN main.clients c ON c.code = r.client WHERE r.skipped = 0 ORDER BY r.line`,
  ).run(base, ctx.agent);
  db.prepare(
    `INSERT INTO main.purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at)
     SELECT r.order_id, c.id, r.product, r.quantity, r.purchased_at, r.minutes, ? + row_number() OVER (ORDER BY r.line), ?
     FROM temp.import_rows r JOIN main.clients c ON c.code = r.client WHERE r.skipped = 0 ORDER BY r.line`,
  ).run(base, ctx.now);
  return counts;
}

/**
 * Imports shop orders. Every error of the file is listed with its line, and
 * any error means nothing is written (the result then has imported 0). A dry
 * run reports what would be imported.
 */
export async function importPurchases(ctx: Ctx, source: ImportSource, options: ImportOptions = {}): Promise<ImportResult> {
  const dryRun = Boolean(options.dryRun);
  const spool = createSpool(ctx);
  try {
    const progress = (bytesRead: number) => options.onProgress?.({ phase: 'reading', bytesRead, rows: spool.rows });
    await (source.format === 'json' ? readJson : readCsv)(source, spool, progress);
    spool.finish();
    options.onProgress?.({ phase: 'writing', bytesRead: source.size ?? 0, rows: spool.rows });
    const write = !dryRun && spool.errors.length === 0;
    // Writing takes the write lock (BEGIN IMMEDIATE) only now, after the file was read; checking alone needs a snapshot.
    const run = () => reconcile(ctx, spool, write);
    const counts = write ? ctx.store.immediate(run) : ctx.store.sqlite.transaction(run).deferred();
    const errors = spool.errors.sort((a, b) => a.line - b.line);
    return errors.length > 0 ? { imported: 0, skipped: 0, minutesAdded: 0, errors, dryRun } : { ...counts, errors, dryRun };
  } finally {
    spool.drop();
  }
}
