// The copy of a desk (../copy.ts) on PostgreSQL: rows read through a cursor
// (inside the caller's transaction), written with multi-row INSERTs, then each
// identity sequence set past the copied ids. SQLite's 0/1 become booleans in
// the boolean columns.
import type { CopiedTable, CopyRow, CopyStore, DerivedTable } from '../copy.js';
import type { PgConnection } from './connection.js';

const BATCH = 1000;
/** PostgreSQL's limit of parameters in one statement. */
const MAX_PARAMETERS = 65535;

export function pgCopy(db: PgConnection): CopyStore {
  const booleans = new Map<string, Set<string>>();
  const booleanColumns = (table: string) => {
    let columns = booleans.get(table);
    if (!columns) {
      const rows = db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND data_type = 'boolean'",
        [table],
      );
      booleans.set(table, (columns = new Set(rows.map((r) => r.column_name))));
    }
    return columns;
  };
  const insert = (table: string, columns: string[], rows: CopyRow[]) => {
    const asBoolean = booleanColumns(table);
    const values = rows.flatMap((row) =>
      columns.map((c) => (asBoolean.has(c) && typeof row[c] === 'number' ? row[c] !== 0 : row[c])),
    );
    const tuples = rows.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    db.run(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
  };
  return {
    read(table, each) {
      db.exec(`DECLARE copy_rows NO SCROLL CURSOR FOR SELECT * FROM "${table}" ORDER BY 1`);
      try {
        for (;;) {
          const rows = db.query<CopyRow>(`FETCH ${BATCH} FROM copy_rows`);
          if (rows.length === 0) return;
          each(rows);
        }
      } finally {
        db.exec('CLOSE copy_rows');
      }
    },
    write(table, rows) {
      const [first] = rows;
      if (!first) return;
      const columns = Object.keys(first);
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
      for (let i = 0; i < rows.length; i += perStatement) insert(table, columns, rows.slice(i, i + perStatement));
    },
    discard(table: CopiedTable) {
      db.run(`DELETE FROM "${table}"`);
    },
    count(table) {
      return db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)[0]?.n ?? 0;
    },
    derived(table: DerivedTable) {
      return db.query<CopyRow>(`SELECT * FROM "${table}" ORDER BY 1, 2`);
    },
    balances() {
      return db.query<{ clientId: number; minutes: number }>(
        'SELECT client_id AS "clientId", sum(minutes)::bigint AS minutes FROM ledger_entries GROUP BY client_id ORDER BY client_id',
      );
    },
    finish() {
      // Identity columns keep their own sequence: set it past the ids the copy wrote.
      const identities = db.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
      );
      for (const { table_name: table, column_name: column } of identities)
        db.query(
          `SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), max("${column}")) FROM "${table}" HAVING max("${column}") IS NOT NULL`,
        );
      // The planner learns the tables' new sizes now, not when autovacuum comes by: the checks after the copy
      // (and the first commands) are planned for a million rows, not for empty tables.
      db.exec('ANALYZE');
    },
  };
}
