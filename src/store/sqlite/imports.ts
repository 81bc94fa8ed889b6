// SQLite's ImportStore (src/store/imports.ts). The spool is TEMP tables of the
// connection, so its statements are prepared once the tables exist (not in a
// statements() map, which the schema test prepares on a fresh desk):
//
//   import_rows     the valid orders, with their client's key and a state
//                   (0 to import, 1 skipped: imported before or repeated,
//                   2 imported before with other content)
//   import_clients  each client code the file names, with the name and e-mail of its first naming line
//   import_invalid  the invalid lines' clients
//   import_renames  the lines naming a client otherwise than its first
//   import_forfeits each client's latest forfeit so far
//
// better-sqlite3 cannot write while a read is open on the connection: the
// iterables returned are read to their end before the next write.
import type Database from 'better-sqlite3';
import type { TermRow } from '../clients.js';
import type { ImportSpool, ImportStore } from '../imports.js';

const TABLES = ['import_rows', 'import_clients', 'import_invalid', 'import_renames', 'import_forfeits'];

/** The first line of each order id repeated in the file. */
const REPEATS = `(SELECT order_id, min(line) AS first FROM temp.import_rows GROUP BY order_id HAVING count(*) > 1) d
  JOIN temp.import_rows f ON f.line = d.first`;
const SAME_AS_FIRST =
  'r.client_key = f.client_key AND r.product = f.product AND r.quantity = f.quantity AND r.purchased_at = f.purchased_at';
/** Each spooled client's desk client, codes compared by lower() on both sides: SQLite then searches the index on lower(code). */
const MATCH = 'SET client_id = (SELECT id FROM main.clients c WHERE lower(c.code) = lower(import_clients.code))';

function createSpool(db: Database.Database): ImportSpool {
  // Spooling needs no rollback journal (it halves the time): a failed spool fails the
  // whole import. The journal is back on before pass 2, which may roll back.
  const journal = db.pragma('temp.journal_mode', { simple: true }) as string;
  const restoreJournal = () => db.pragma(`temp.journal_mode = ${journal}`);
  db.pragma('temp.journal_mode = OFF');
  db.exec(`
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
  const insert = db.prepare('INSERT INTO temp.import_rows VALUES (?, ?, ?, ?, ?, ?, ?, 0)');
  const addInvalid = db.prepare('INSERT INTO temp.import_invalid VALUES (?, ?)');
  const addRename = db.prepare('INSERT INTO temp.import_renames VALUES (?, ?, ?)');
  const clientRow = db.prepare(
    'SELECT key, name, email, named_line AS line FROM temp.import_clients WHERE folded = lower(?)',
  );
  const addClient = db.prepare('INSERT INTO temp.import_clients (code, folded) VALUES (?, lower(?))');
  const nameClient = db.prepare('UPDATE temp.import_clients SET name = ?, email = ?, named_line = ? WHERE key = ?');
  // Lines are written in batches (BEGIN … COMMIT: it writes the temp database only).
  const write = (): void => {
    if (!db.inTransaction) db.exec('BEGIN');
  };
  return {
    client(code) {
      const row = clientRow.get(code) as
        { key: number; name: string; email: string | null; line: number | null } | undefined;
      return (
        row && { key: row.key, named: row.line === null ? null : { line: row.line, name: row.name, email: row.email } }
      );
    },
    addClient(code) {
      write();
      return Number(addClient.run(code, code).lastInsertRowid);
    },
    nameClient(key, line, name, email) {
      write();
      nameClient.run(name, email, line, key);
    },
    addOrder(line, clientKey, order) {
      write();
      insert.run(line, order.orderId, clientKey, order.product, order.quantity, order.purchasedAt, order.minutes);
    },
    addInvalid(line, clientKey) {
      write();
      addInvalid.run(line, clientKey);
    },
    addRename(line, clientKey, first) {
      write();
      addRename.run(line, clientKey, first);
    },
    flush() {
      if (db.inTransaction) db.exec('COMMIT');
    },
    finish(repeatsPossible) {
      this.flush();
      restoreJournal();
      // The index of pass 2's repeat check, built once the rows are in: faster than keeping it up to date row by row.
      if (repeatsPossible) db.exec('CREATE INDEX temp.import_rows_order ON import_rows (order_id, line)');
    },
    drop() {
      if (db.inTransaction) db.exec('ROLLBACK'); // a read that failed half-way
      restoreJournal();
      for (const table of TABLES) db.exec(`DROP TABLE IF EXISTS temp.${table}`);
    },
  };
}

export function sqliteImport(db: Database.Database): ImportStore {
  return {
    spool: () => createSpool(db),

    matchClients: () => void db.prepare(`UPDATE temp.import_clients ${MATCH}`).run(),
    unknownClientLines() {
      if (!db.prepare('SELECT 1 FROM temp.import_clients WHERE client_id IS NULL AND named_line IS NULL LIMIT 1').get())
        return [];
      return db
        .prepare(
          `SELECT r.line, k.code FROM (SELECT line, client_key FROM temp.import_rows UNION ALL SELECT line, client_key FROM temp.import_invalid) r
           JOIN temp.import_clients k ON k.key = r.client_key WHERE k.client_id IS NULL AND k.named_line IS NULL`,
        )
        .iterate() as Iterable<{ line: number; code: string }>;
    },
    renamedNewClients: () =>
      db
        .prepare(
          'SELECT r.line, k.code, r.first FROM temp.import_renames r JOIN temp.import_clients k ON k.key = r.client_key WHERE k.client_id IS NULL',
        )
        .iterate() as Iterable<{ line: number; code: string; first: number }>,
    differingRepeats: () =>
      db
        .prepare(
          `SELECT r.line, r.order_id AS orderId, d.first FROM ${REPEATS} JOIN temp.import_rows r ON r.order_id = d.order_id AND r.line > d.first WHERE NOT (${SAME_AS_FIRST})`,
        )
        .iterate() as Iterable<{ line: number; orderId: string; first: number }>,
    skipRepeats: () =>
      db
        .prepare(
          `UPDATE temp.import_rows AS r SET state = 1 FROM ${REPEATS} WHERE r.order_id = d.order_id AND r.line > d.first AND ${SAME_AS_FIRST}`,
        )
        .run().changes,
    markImportedBefore: () =>
      db
        .prepare(
          `UPDATE temp.import_rows AS r
           SET state = CASE WHEN p.client_id IS k.client_id AND p.product = r.product AND p.quantity = r.quantity AND p.purchased_at = r.purchased_at THEN 1 ELSE 2 END
           FROM main.purchases p, temp.import_clients k WHERE p.order_id = r.order_id AND k.key = r.client_key`,
        )
        .run().changes,
    differingImports: () =>
      db
        .prepare(
          `SELECT r.line, r.order_id AS orderId, c.code AS client, p.product, p.quantity, p.purchased_at AS purchasedAt
           FROM temp.import_rows r CROSS JOIN main.purchases p ON p.order_id = r.order_id JOIN main.clients c ON c.id = p.client_id WHERE r.state = 2`,
        )
        .iterate() as Iterable<{
        line: number;
        orderId: string;
        client: string;
        product: string;
        quantity: number;
        purchasedAt: number;
      }>,
    countMarked() {
      const rows = db
        .prepare(
          'SELECT state, count(*) AS rows, sum(minutes) AS minutes FROM temp.import_rows WHERE state > 0 GROUP BY state',
        )
        .all() as {
        state: number;
        rows: number;
        minutes: number;
      }[];
      const skipped = rows.find((r) => r.state === 1);
      return {
        skipped: { rows: skipped?.rows ?? 0, minutes: skipped?.minutes ?? 0 },
        differing: rows.find((r) => r.state === 2)?.rows ?? 0,
      };
    },

    lastClientKey: () => db.prepare('SELECT coalesce(max(key), 0) FROM temp.import_clients').pluck().get() as number,
    termsOfClients: (from, to) =>
      db
        .prepare(
          `SELECT k.key, l.starts_on AS startsOn, l.ends_on AS endsOn, l.created_at AS createdAt
           FROM temp.import_clients k JOIN main.licences l ON l.client_id = k.client_id WHERE k.key BETWEEN ? AND ? ORDER BY k.key`,
        )
        .all(from, to) as (TermRow & { key: number })[],
    noteForfeits(forfeits) {
      if (forfeits.length === 0) return;
      const note = db.prepare('INSERT INTO temp.import_forfeits VALUES (@key, @start, @day)');
      for (const f of forfeits) note.run(f);
    },
    ordersBeforeForfeits: () =>
      db
        .prepare(
          `SELECT r.line, r.order_id AS orderId, k.code, f.day FROM temp.import_rows r
           CROSS JOIN temp.import_forfeits f ON f.client_key = r.client_key JOIN temp.import_clients k ON k.key = r.client_key
           WHERE r.state = 0 AND r.purchased_at < f.start`,
        )
        .iterate() as Iterable<{ line: number; orderId: string; code: string; day: string }>,

    newClientCodes: () =>
      db
        .prepare('SELECT code FROM temp.import_clients WHERE client_id IS NULL ORDER BY code')
        .pluck()
        .all() as string[],
    createClients(at) {
      db.prepare(
        "INSERT INTO main.clients (code, name, email, language, created_at) SELECT code, name, email, 'fr', ? FROM temp.import_clients WHERE client_id IS NULL ORDER BY code",
      ).run(at);
      db.prepare(`UPDATE temp.import_clients ${MATCH} WHERE client_id IS NULL`).run();
    },
  };
}
