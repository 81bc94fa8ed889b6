// `credits import`: shop orders into the credit ledger, all or nothing.
//
// Pass 1 streams the file, checks each line on its own and spools the valid
// orders into a TEMP table (on disk: constant memory, and stdin cannot be read
// twice), with one row per client code the file names. Pass 2 checks what
// depends on the desk in SQL (unknown clients, orders repeated with other
// content, orders imported before, credit a forfeit already took) and, when
// nothing is wrong, writes every order with two INSERT … SELECT in ONE
// BEGIN IMMEDIATE transaction: a killed import leaves all of the file or none
// of it. A million orders take about five seconds (docs/benchmarks.md).
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError, invalidInput } from '../errors.js';
import { dayStartInstant } from '../rules/calendar.js';
import { forfeitDays, type Term } from '../rules/credit-validity.js';
import { checkOrder, OPTIONAL_FIELDS, REQUIRED_FIELDS, type OrderField, type OrderFields } from '../rules/shop-order.js';
import { validateNewClient } from './clients.js';
import { today, type Ctx } from './context.js';
import { termOf, type TermRow } from './credit.js';

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
/** Client codes kept in memory at once; the rest are read back from the spool (memory stays bounded whatever the file). */
const CLIENTS_IN_MEMORY = 10_000;

// ------------------------------------------------------------ pass 1: spool

/** A client code the file names: its row in temp.import_clients, and the first line naming it (client_name). */
interface FileClient {
  key: number;
  named: { line: number; name: string; email: string | null } | null;
}

/**
 * The spool: the valid orders (temp.import_rows), each client code named
 * (temp.import_clients, with the name and e-mail of its first naming line),
 * and for the checks of pass 2 the invalid lines' clients (temp.import_invalid),
 * the lines naming a client otherwise than its first (temp.import_renames) and
 * the forfeits pass 2 finds (temp.import_forfeits).
 */
function createSpool(ctx: Ctx, format: ImportFormat) {
  const db = ctx.store.sqlite;
  // Spooling needs no rollback journal (it halves the time): a failed spool fails the
  // whole import. The journal is back on before pass 2, which may roll back.
  const journal = db.pragma('temp.journal_mode', { simple: true }) as string;
  const restoreJournal = () => db.pragma(`temp.journal_mode = ${journal}`);
  db.pragma('temp.journal_mode = OFF');
  db.exec(`
    DROP TABLE IF EXISTS temp.import_rows;
    DROP TABLE IF EXISTS temp.import_clients;
    DROP TABLE IF EXISTS temp.import_invalid;
    DROP TABLE IF EXISTS temp.import_renames;
    DROP TABLE IF EXISTS temp.import_forfeits;
    CREATE TEMP TABLE import_rows (
      line INTEGER PRIMARY KEY, order_id TEXT NOT NULL, client_key INTEGER NOT NULL,
      product TEXT NOT NULL, quantity INTEGER NOT NULL, purchased_at INTEGER NOT NULL, minutes INTEGER NOT NULL,
      skipped INTEGER NOT NULL DEFAULT 0);
    CREATE TEMP TABLE import_clients (
      key INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT, email TEXT, named_line INTEGER, client_id INTEGER);
    CREATE TEMP TABLE import_invalid (line INTEGER PRIMARY KEY, client_key INTEGER NOT NULL);
    CREATE TEMP TABLE import_renames (line INTEGER PRIMARY KEY, client_key INTEGER NOT NULL, first INTEGER NOT NULL);
    CREATE TEMP TABLE import_forfeits (client_key INTEGER PRIMARY KEY, start INTEGER NOT NULL, day TEXT NOT NULL);`);
  const insert = db.prepare('INSERT INTO temp.import_rows VALUES (?, ?, ?, ?, ?, ?, ?, 0)');
  const clientRow = db.prepare('SELECT key, name, email, named_line AS line FROM temp.import_clients WHERE code = ?');
  const addClient = db.prepare('INSERT INTO temp.import_clients (code) VALUES (?)');
  const nameClient = db.prepare('UPDATE temp.import_clients SET name = ?, email = ?, named_line = ? WHERE key = ?');
  const addInvalid = db.prepare('INSERT INTO temp.import_invalid VALUES (?, ?)');
  const addRename = db.prepare('INSERT INTO temp.import_renames VALUES (?, ?, ?)');
  // Lines are written as they come, SPOOL_BATCH to a transaction (it writes the temp database only).
  let inTransaction = 0;
  const dayStarts = new Map<string, number>();
  const dayStart = (day: string): number => {
    let ms = dayStarts.get(day);
    if (ms === undefined) dayStarts.set(day, (ms = dayStartInstant(day, ctx.tz)));
    return ms;
  };
  // A shop export names the client on each of its lines: each code is looked up once.
  const clients = new Map<string, FileClient>();
  const clientOf = (code: string): FileClient => {
    let client = clients.get(code);
    if (!client) {
      const row = clientRow.get(code) as { key: number; name: string; email: string | null; line: number | null } | undefined;
      if (row) client = { key: row.key, named: row.line === null ? null : { line: row.line, name: row.name, email: row.email } };
      else client = { key: Number(addClient.run(code).lastInsertRowid), named: null };
      if (clients.size >= CLIENTS_IN_MEMORY) clients.clear();
      clients.set(code, client);
    }
    return client;
  };
  // A new client's name and e-mail, checked once per code as long as the file repeats them.
  const checked = new Map<string, { name: string; email: string | undefined; problem: string | null }>();
  const newClientProblem = (code: string, name: string, email: string | undefined): string | null => {
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
  const errors: ImportError[] = [];
  let rows = 0;
  /** Valid orders spooled, and their minutes: the counts, less what pass 2 skips. */
  const totals = { orders: 0, minutes: 0 };
  // Order ids in strictly increasing order (as a shop exports them) cannot repeat: pass 2 then
  // needs no repeat check. Not for JSON, whose escapes may give texts SQLite stores alike (lone surrogates).
  let lastOrderId: string | undefined;
  let increasing = format === 'csv';
  return {
    errors,
    totals,
    /** no order id is repeated in the file (known without an index when they increase) */
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
      const client = fields.client === undefined ? undefined : clientOf(fields.client);
      if (fields.client_name !== undefined) {
        const problem = newClientProblem(fields.client ?? '', fields.client_name, fields.client_email);
        if (problem) problems.push(problem);
        if (client) {
          const email = fields.client_email ?? null;
          if (!client.named) {
            client.named = { line, name: fields.client_name, email };
            nameClient.run(client.named.name, email, line, client.key);
          } else if (client.named.name !== fields.client_name || client.named.email !== email) addRename.run(line, client.key, client.named.line);
        }
      }
      for (const message of problems) errors.push({ line, message });
      if (order && problems.length === 0) {
        if (increasing && lastOrderId !== undefined && !(order.orderId > lastOrderId)) increasing = false;
        lastOrderId = order.orderId;
        insert.run(line, order.orderId, client!.key, order.product, order.quantity, order.purchasedAt, order.minutes);
        totals.orders++;
        totals.minutes += order.minutes;
      } else if (client) addInvalid.run(line, client.key);
      if (inTransaction >= SPOOL_BATCH) this.flush();
    },
    error(line: number, message: string): void {
      errors.push({ line, message });
    },
    flush(): void {
      if (inTransaction > 0) db.exec('COMMIT');
      inTransaction = 0;
    },
    /** The index of pass 2's repeat check, when needed, built once the rows are in: faster than keeping it up to date row by row. */
    finish(): void {
      this.flush();
      restoreJournal();
      if (!increasing) db.exec('CREATE INDEX temp.import_rows_order ON import_rows (order_id, line)');
    },
    drop(): void {
      if (db.inTransaction) db.exec('ROLLBACK'); // a read that failed half-way
      restoreJournal();
      for (const table of ['import_rows', 'import_clients', 'import_invalid', 'import_renames', 'import_forfeits']) db.exec(`DROP TABLE IF EXISTS temp.${table}`);
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
 * CSV with a header row; extra columns are ignored. Lines without a double
 * quote are split on commas here: csv-parse costs about 2 µs a line, most of
 * a large import. From the first line holding a quote (or a lone CR) on,
 * csv-parse reads the rest of the file, quoted fields and their line breaks
 * included. Line numbers are counted from the records themselves (csv-parse's
 * per-record info costs as much as the parsing): blank lines are kept as
 * one-field records and skipped here, and a quoted field's line breaks are counted.
 */
async function readCsv(source: ImportSource, spool: Spool, progress: (bytes: number) => void): Promise<void> {
  let nextLine = 1;
  let columns: { field: OrderField; index: number }[] | undefined;
  let width = 0;
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
      if (missing.length > 0 || repeated.length > 0) stopped = true;
      else {
        columns = FIELDS.filter((f) => names.includes(f)).map((field) => ({ field, index: names.indexOf(field) }));
        width = record.length;
      }
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

  const chunks = (source.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  // UTF-8, or UTF-16 after its BOM (as csv-parse reads them); a BOM is dropped, bytes that are not text become U+FFFD (refused above).
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0); // the first bytes, until they tell the encoding
  let bytes = 0;
  const nextText = async (): Promise<string | undefined> => {
    for (;;) {
      let chunk: IteratorResult<Buffer>;
      try {
        chunk = await chunks.next();
      } catch (err) {
        throw invalidInput(`cannot read the import: ${(err as Error).message}`);
      }
      if (!chunk.done) progress((bytes += chunk.value.length));
      if (!decoder) {
        head = chunk.done ? head : Buffer.concat([head, chunk.value]);
        if (head.length < 2 && !chunk.done) continue;
        decoder = new TextDecoder(head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : 'utf-8');
        if (head.length > 0) return decoder.decode(head, { stream: !chunk.done });
      }
      return chunk.done ? undefined : decoder.decode(chunk.value, { stream: true });
    }
  };
  const needsParser = (line: string): boolean => line.includes('"') || line.includes('\r');

  // Whole lines, split here, until one needs csv-parse.
  let rest: string | undefined; // from the first line csv-parse reads
  let pending = '';
  let headerEnding: '\n' | '\r\n' | undefined; // what csv-parse would have taken as the record delimiter
  reading: for (let text = await nextText(); ; text = await nextText()) {
    if (text === undefined) {
      pending += decoder?.decode() ?? '';
      if (pending === '') break;
      if (needsParser(pending)) rest = pending;
      else onRecord(pending.split(','));
      break;
    }
    const lines = (pending + text).split('\n');
    pending = lines.pop()!;
    for (let i = 0; i < lines.length; i++) {
      const cr = lines[i]!.charCodeAt(lines[i]!.length - 1) === 13;
      headerEnding ??= cr ? '\r\n' : '\n';
      const line = cr ? lines[i]!.slice(0, -1) : lines[i]!;
      if (needsParser(line)) {
        rest = `${lines.slice(i).join('\n')}\n${pending}`;
        break reading;
      }
      onRecord(line.split(','));
      if (stopped) break reading;
    }
  }
  if (rest !== undefined && !stopped) {
    const remaining = async function* () {
      yield rest!;
      for (let text = await nextText(); text !== undefined; text = await nextText()) yield text;
      const tail = decoder?.decode();
      if (tail) yield tail;
    };
    await parseQuoted(Readable.from(remaining(), { objectMode: false }), { firstLine: nextLine, delimiter: headerEnding }, onRecord, () => stopped, spool);
  }
  await chunks.return?.();
  source.stream.destroy();
  if (!columns && spool.errors.length === 0) spool.error(1, 'the file is empty: a header row naming the columns is expected');
}

/**
 * csv-parse over the rest of a file, from line `firstLine` on, until
 * `stopped()`; `delimiter`: the header's line ending, when it was read here
 * (csv-parse takes the first line's ending for the whole file).
 */
async function parseQuoted(
  input: Readable,
  { firstLine, delimiter }: { firstLine: number; delimiter?: string },
  onRecord: (record: string[]) => void,
  stopped: () => boolean,
  spool: Spool,
): Promise<void> {
  const parser = parse({ relax_column_count: true, ...(delimiter ? { record_delimiter: delimiter } : {}) });
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      input.unpipe(parser);
      input.destroy();
      parser.destroy();
      if (err === undefined) resolve();
      else reject(err instanceof AppError ? err : invalidInput(`cannot read the import: ${(err as Error).message}`));
    };
    parser.on('readable', () => {
      try {
        for (let record: string[] | null; !stopped() && (record = parser.read() as string[] | null) !== null; ) onRecord(record);
        if (stopped()) finish();
      } catch (err) {
        finish(err);
      }
    });
    parser.on('end', () => finish());
    parser.on('error', (err: Error) => {
      if (!(err instanceof CsvError)) return finish(err);
      const at = (err as CsvError & { lines?: number }).lines;
      spool.error(at === undefined ? firstLine : firstLine - 1 + at, `malformed CSV, the rest of the file was not read: ${err.message}`);
      finish();
    });
    input.on('error', (err) => finish(err));
    input.pipe(parser);
  });
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
  const skip = db.prepare('UPDATE temp.import_rows SET skipped = 1 WHERE line = ? AND skipped = 0');
  const skipped = { orders: 0, minutes: 0 };
  const skipLine = (line: number, minutes: number): void => {
    if (skip.run(line).changes === 0) return; // an order both repeated and imported before is skipped once
    skipped.orders++;
    skipped.minutes += minutes;
  };

  // The desk's clients by code; those it lacks are created by the file when some line names them (client_name).
  db.prepare('UPDATE temp.import_clients SET client_id = (SELECT id FROM main.clients c WHERE c.code = import_clients.code)').run();
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

  // An order repeated in the file: the same content is skipped, other content is an error.
  if (!spool.noRepeats)
    for (const r of db
      .prepare(
        `SELECT r.line, r.order_id, f.line AS first, r.minutes,
           (r.client_key IS NOT f.client_key OR r.product IS NOT f.product OR r.quantity IS NOT f.quantity OR r.purchased_at IS NOT f.purchased_at) AS changed
         FROM (SELECT order_id, min(line) AS first FROM temp.import_rows GROUP BY order_id HAVING count(*) > 1) d
         JOIN temp.import_rows f ON f.line = d.first
         JOIN temp.import_rows r ON r.order_id = d.order_id AND r.line > d.first`,
      )
      .all() as { line: number; order_id: string; first: number; minutes: number; changed: number }[])
      if (r.changed) fail(r.line, `order ${r.order_id} is already on line ${r.first} with different content`);
      else skipLine(r.line, r.minutes);

  // An order imported before: the same content is skipped, other content is an error. CROSS JOIN:
  // each spooled order looked up in purchases, never the other way round (the spool may have no index).
  for (const r of db
    .prepare(
      `SELECT r.line, r.order_id, r.minutes, c.code, p.product, p.quantity, p.purchased_at,
         (c.code IS NOT k.code OR p.product IS NOT r.product OR p.quantity IS NOT r.quantity OR p.purchased_at IS NOT r.purchased_at) AS changed
       FROM temp.import_rows r CROSS JOIN main.purchases p ON p.order_id = r.order_id JOIN main.clients c ON c.id = p.client_id
       JOIN temp.import_clients k ON k.key = r.client_key`,
    )
    .all() as { line: number; order_id: string; minutes: number; code: string; product: string; quantity: number; purchased_at: number; changed: number }[])
    if (r.changed)
      fail(
        r.line,
        `order ${r.order_id} was imported before with different content (${r.code}, ${r.quantity} × ${r.product}, purchased ${new Date(r.purchased_at).toISOString()})`,
      );
    else skipLine(r.line, r.minutes);

  // Credit bought before a forfeit that has already happened would revive forfeited credit:
  // each client's licences read once (in one query), its last forfeit so far noted.
  const day = today(ctx);
  const forfeit = db.prepare('INSERT INTO temp.import_forfeits VALUES (?, ?, ?)');
  let client: { key: number; terms: Term[] } | undefined;
  const noteForfeit = (): void => {
    const last = client && forfeitDays(client.terms).filter((d) => d <= day).pop();
    if (last !== undefined) forfeit.run(client!.key, dayStartInstant(last, ctx.tz), last);
  };
  for (const r of db
    .prepare(
      `SELECT k.key, l.starts_on AS startsOn, l.ends_on AS endsOn, l.created_at AS createdAt
       FROM temp.import_clients k JOIN main.licences l ON l.client_id = k.client_id ORDER BY k.key`,
    )
    .iterate() as Iterable<TermRow & { key: number }>) {
    if (r.key !== client?.key) {
      noteForfeit();
      client = { key: r.key, terms: [] };
    }
    client.terms.push(termOf(ctx, r));
  }
  noteForfeit();
  if (db.prepare('SELECT 1 FROM temp.import_forfeits LIMIT 1').get())
    for (const r of db
      .prepare(
        `SELECT r.line, r.order_id, k.code, f.day FROM temp.import_rows r
         CROSS JOIN temp.import_forfeits f ON f.client_key = r.client_key JOIN temp.import_clients k ON k.key = r.client_key
         WHERE r.skipped = 0 AND r.purchased_at < f.start`,
      )
      .iterate() as Iterable<{ line: number; order_id: string; code: string; day: string }>)
      fail(
        r.line,
        `order ${r.order_id} is dated before ${r.code}'s credit was forfeited on ${r.day}: importing it would revive forfeited credit (if it is owed, record it with credits adjust)`,
      );

  const counts = { imported: spool.totals.orders - skipped.orders, skipped: skipped.orders, minutesAdded: spool.totals.minutes - skipped.minutes };
  if (spool.errors.length > 0 || !write) return counts;

  db.prepare(
    "INSERT INTO main.clients (code, name, email, language, created_at) SELECT code, name, email, 'fr', ? FROM temp.import_clients WHERE client_id IS NULL ORDER BY code",
  ).run(ctx.now);
  db.prepare('UPDATE temp.import_clients SET client_id = (SELECT id FROM main.clients c WHERE c.code = import_clients.code) WHERE client_id IS NULL').run();
  // Explicit ledger ids (we hold the write lock), the first free id plus the line: each
  // purchase finds its entry without a lookup, and no numbering pass sorts the rows.
  const { base } = db.prepare('SELECT coalesce(max(id), 0) AS base FROM main.ledger_entries').get() as { base: number };
  // CROSS JOIN: the spool is read in line order, each client found by its key.
  db.prepare(
    `INSERT INTO main.ledger_entries (id, client_id, at, kind, minutes, reference, note, agent)
     SELECT ? + r.line, k.client_id, r.purchased_at, 'purchase', r.minutes, r.order_id, r.quantity || ' × ' || r.product, ?
     FROM temp.import_rows r CROSS JOIN temp.import_clients k ON k.key = r.client_key WHERE r.skipped = 0 ORDER BY r.line`,
  ).run(base, ctx.agent);
  db.prepare(
    `INSERT INTO main.purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at)
     SELECT r.order_id, k.client_id, r.product, r.quantity, r.purchased_at, r.minutes, ? + r.line, ?
     FROM temp.import_rows r CROSS JOIN temp.import_clients k ON k.key = r.client_key WHERE r.skipped = 0 ORDER BY r.line`,
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
  const spool = createSpool(ctx, source.format);
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
