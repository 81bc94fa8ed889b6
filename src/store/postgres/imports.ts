// PostgreSQL's ImportStore (src/store/imports.ts): the spool in temporary tables
// of the connection (pg_temp, the tables of src/store/sqlite/imports.ts), pass 2
// in the same set-based statements in PostgreSQL's SQL.
//
// Each statement is a round trip to the connection's worker: the spool keeps
// the lines of a batch in memory and writes each table's in ONE statement at
// flush (columns as arrays, unnest), so a million-line file is a few hundred
// statements. Codes are folded by the server's lower() (what the index
// clients_code_nocase holds) and listed in byte order, as on SQLite.
import type { TermRow } from '../clients.js';
import type { ImportSpool, ImportStore, SpooledClient } from '../imports.js';
import type { PgConnection } from './connection.js';

const TABLES = ['import_rows', 'import_clients', 'import_invalid', 'import_renames', 'import_forfeits'];

/** The first line of each order id repeated in the file. */
const REPEATS = `(SELECT order_id, min(line) AS first FROM pg_temp.import_rows GROUP BY order_id HAVING count(*) > 1) d
  JOIN pg_temp.import_rows f ON f.line = d.first`;
const SAME_AS_FIRST =
  'r.client_key = f.client_key AND r.product = f.product AND r.quantity = f.quantity AND r.purchased_at = f.purchased_at';
/** Each spooled client's desk client, by the folded code the index on lower(code) holds. */
const MATCH =
  'UPDATE pg_temp.import_clients SET client_id = clients.id FROM clients WHERE lower(clients.code) = import_clients.folded';

/** One batch of lines, column by column (the parameters of an unnest). */
function columns<T extends unknown[][]>(count: number): T {
  return Array.from({ length: count }, () => []) as unknown as T;
}

function createSpool(db: PgConnection): ImportSpool {
  db.exec(`
    ${TABLES.map((t) => `DROP TABLE IF EXISTS pg_temp.${t};`).join('\n')}
    CREATE TEMP TABLE import_rows (
      line integer NOT NULL, order_id text NOT NULL, client_key integer NOT NULL,
      product text NOT NULL, quantity integer NOT NULL, purchased_at bigint NOT NULL, minutes integer NOT NULL,
      state smallint NOT NULL DEFAULT 0);
    CREATE TEMP TABLE import_clients (
      key integer PRIMARY KEY, code text NOT NULL, folded text NOT NULL UNIQUE, name text, email text, named_line integer, client_id bigint);
    CREATE TEMP TABLE import_invalid (line integer PRIMARY KEY, client_key integer NOT NULL);
    CREATE TEMP TABLE import_renames (line integer PRIMARY KEY, client_key integer NOT NULL, first integer NOT NULL);
    CREATE TEMP TABLE import_forfeits (client_key integer PRIMARY KEY, start bigint NOT NULL, day text NOT NULL);`);
  let lastKey = 0;
  // The batch: clients added (by folded code, so the lines after find them), namings of clients written before, lines.
  let added = new Map<string, { key: number; code: string; named: SpooledClient['named'] }>();
  let addedByKey = new Map<number, SpooledClient>();
  let namings = columns<[number[], number[], string[], (string | null)[]]>(4);
  let orders = columns<[number[], string[], number[], string[], number[], number[], number[]]>(7);
  let invalid = columns<[number[], number[]]>(2);
  let renames = columns<[number[], number[], number[]]>(3);
  const fold = (code: string): string => code.toLowerCase();

  return {
    client(code) {
      const own = added.get(fold(code));
      if (own) return own;
      const row = db.query<{ key: number; name: string; email: string | null; line: number | null }>(
        'SELECT key, name, email, named_line AS line FROM pg_temp.import_clients WHERE folded = lower($1)',
        [code],
      )[0];
      return (
        row && { key: row.key, named: row.line === null ? null : { line: row.line, name: row.name, email: row.email } }
      );
    },
    addClient(code) {
      const client = { key: ++lastKey, code, named: null };
      added.set(fold(code), client);
      addedByKey.set(client.key, client);
      return client.key;
    },
    nameClient(key, line, name, email) {
      const own = addedByKey.get(key);
      if (own) own.named = { line, name, email };
      else {
        namings[0].push(key);
        namings[1].push(line);
        namings[2].push(name);
        namings[3].push(email);
      }
    },
    addOrder(line, clientKey, o) {
      orders[0].push(line);
      orders[1].push(o.orderId);
      orders[2].push(clientKey);
      orders[3].push(o.product);
      orders[4].push(o.quantity);
      orders[5].push(o.purchasedAt);
      orders[6].push(o.minutes);
    },
    addInvalid(line, clientKey) {
      invalid[0].push(line);
      invalid[1].push(clientKey);
    },
    addRename(line, clientKey, first) {
      renames[0].push(line);
      renames[1].push(clientKey);
      renames[2].push(first);
    },
    flush() {
      if (added.size > 0) {
        const c = [...added.values()];
        db.run(
          `INSERT INTO pg_temp.import_clients (key, code, folded, name, email, named_line)
            SELECT key, code, lower(code), name, email, line FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[])
              AS c (key, code, name, email, line)`,
          [
            c.map((k) => k.key),
            c.map((k) => k.code),
            c.map((k) => k.named?.name ?? null),
            c.map((k) => k.named?.email ?? null),
            c.map((k) => k.named?.line ?? null),
          ],
        );
      }
      if (namings[0].length > 0)
        db.run(
          `UPDATE pg_temp.import_clients SET named_line = n.line, name = n.name, email = n.email
            FROM unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS n (key, line, name, email) WHERE import_clients.key = n.key`,
          namings,
        );
      if (orders[0].length > 0)
        db.run(
          `INSERT INTO pg_temp.import_rows (line, order_id, client_key, product, quantity, purchased_at, minutes)
            SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::int[], $6::bigint[], $7::int[])`,
          orders,
        );
      if (invalid[0].length > 0)
        db.run('INSERT INTO pg_temp.import_invalid SELECT * FROM unnest($1::int[], $2::int[])', invalid);
      if (renames[0].length > 0)
        db.run('INSERT INTO pg_temp.import_renames SELECT * FROM unnest($1::int[], $2::int[], $3::int[])', renames);
      added = new Map();
      addedByKey = new Map();
      namings = columns(4);
      orders = columns(7);
      invalid = columns(2);
      renames = columns(3);
    },
    finish(repeatsPossible) {
      this.flush();
      // Built once the rows are in; and the planner learns the spool's sizes (autovacuum never analyzes temporary tables).
      if (repeatsPossible) db.exec('CREATE INDEX ON pg_temp.import_rows (order_id, line)');
      db.exec('ANALYZE pg_temp.import_rows; ANALYZE pg_temp.import_clients');
    },
    drop() {
      db.exec(TABLES.map((t) => `DROP TABLE IF EXISTS pg_temp.${t};`).join('\n'));
    },
  };
}

export function pgImport(db: PgConnection): ImportStore {
  return {
    spool: () => createSpool(db),

    matchClients: () => void db.run(MATCH),
    unknownClientLines: () =>
      db.query<{ line: number; code: string }>(
        `SELECT r.line, k.code FROM (SELECT line, client_key FROM pg_temp.import_rows UNION ALL SELECT line, client_key FROM pg_temp.import_invalid) r
         JOIN pg_temp.import_clients k ON k.key = r.client_key WHERE k.client_id IS NULL AND k.named_line IS NULL ORDER BY r.line`,
      ),
    renamedNewClients: () =>
      db.query<{ line: number; code: string; first: number }>(
        `SELECT r.line, k.code, r.first FROM pg_temp.import_renames r JOIN pg_temp.import_clients k ON k.key = r.client_key
         WHERE k.client_id IS NULL ORDER BY r.line`,
      ),
    differingRepeats: () =>
      db.query<{ line: number; orderId: string; first: number }>(
        `SELECT r.line, r.order_id AS "orderId", d.first FROM ${REPEATS}
         JOIN pg_temp.import_rows r ON r.order_id = d.order_id AND r.line > d.first WHERE NOT (${SAME_AS_FIRST}) ORDER BY r.line`,
      ),
    skipRepeats: () =>
      db.run(
        `UPDATE pg_temp.import_rows AS r SET state = 1 FROM ${REPEATS} WHERE r.order_id = d.order_id AND r.line > d.first AND ${SAME_AS_FIRST}`,
      ),
    markImportedBefore: () =>
      db.run(
        `UPDATE pg_temp.import_rows AS r
         SET state = CASE WHEN purchases.client_id IS NOT DISTINCT FROM k.client_id AND purchases.product = r.product
                           AND purchases.quantity = r.quantity AND purchases.purchased_at = r.purchased_at THEN 1 ELSE 2 END
         FROM purchases, pg_temp.import_clients k WHERE purchases.order_id = r.order_id AND k.key = r.client_key`,
      ),
    differingImports: () =>
      db.query<{
        line: number;
        orderId: string;
        client: string;
        product: string;
        quantity: number;
        purchasedAt: number;
      }>(
        `SELECT r.line, r.order_id AS "orderId", clients.code AS client, purchases.product, purchases.quantity, purchases.purchased_at AS "purchasedAt"
         FROM pg_temp.import_rows r JOIN purchases ON purchases.order_id = r.order_id JOIN clients ON clients.id = purchases.client_id
         WHERE r.state = 2 ORDER BY r.line`,
      ),
    countMarked() {
      const rows = db.query<{ state: number; rows: number; minutes: number }>(
        'SELECT state, count(*) AS rows, sum(minutes) AS minutes FROM pg_temp.import_rows WHERE state > 0 GROUP BY state',
      );
      const skipped = rows.find((r) => r.state === 1);
      return {
        skipped: { rows: skipped?.rows ?? 0, minutes: skipped?.minutes ?? 0 },
        differing: rows.find((r) => r.state === 2)?.rows ?? 0,
      };
    },

    lastClientKey: () =>
      db.query<{ key: number }>('SELECT coalesce(max(key), 0) AS key FROM pg_temp.import_clients')[0]!.key,
    termsOfClients: (from, to) =>
      db.query<TermRow & { key: number }>(
        `SELECT k.key, licences.starts_on AS "startsOn", licences.ends_on AS "endsOn", licences.created_at AS "createdAt"
         FROM pg_temp.import_clients k JOIN licences ON licences.client_id = k.client_id WHERE k.key BETWEEN $1 AND $2
         ORDER BY k.key, licences.id`,
        [from, to],
      ),
    noteForfeits(forfeits) {
      if (forfeits.length === 0) return;
      db.run('INSERT INTO pg_temp.import_forfeits SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[])', [
        forfeits.map((f) => f.key),
        forfeits.map((f) => f.start),
        forfeits.map((f) => f.day),
      ]);
    },
    ordersBeforeForfeits: () =>
      db.query<{ line: number; orderId: string; code: string; day: string }>(
        `SELECT r.line, r.order_id AS "orderId", k.code, f.day FROM pg_temp.import_rows r
         JOIN pg_temp.import_forfeits f ON f.client_key = r.client_key JOIN pg_temp.import_clients k ON k.key = r.client_key
         WHERE r.state = 0 AND r.purchased_at < f.start ORDER BY r.line`,
      ),

    newClientCodes: () =>
      db
        .query<{ code: string }>(
          'SELECT code FROM pg_temp.import_clients WHERE client_id IS NULL ORDER BY code COLLATE "C"',
        )
        .map((r) => r.code),
    createClients(at) {
      db.run(
        `INSERT INTO clients (code, name, email, language, created_at)
         SELECT code, name, email, 'fr', $1 FROM pg_temp.import_clients WHERE client_id IS NULL ORDER BY code COLLATE "C"`,
        [at],
      );
      db.run(`${MATCH} AND import_clients.client_id IS NULL`);
    },
  };
}
