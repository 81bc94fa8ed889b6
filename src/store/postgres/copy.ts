// The copy of a desk (../copy.ts) on PostgreSQL: rows read through a cursor
// (inside the caller's transaction), written a batch per statement (each column
// as one array, unnest: a few parameters instead of one per value), then each
// identity sequence set past the copied ids. SQLite's 0/1 become booleans in
// the boolean columns.
import type { CopiedTable, CopyRow, CopyStore, DerivedTable } from '../copy.js';
import type { PgConnection } from './connection.js';

const BATCH = 1000;

export function pgCopy(db: PgConnection): CopyStore {
  /** Each column's array type as unnest takes it (booleans come from SQLite as 0/1: int[] cast to boolean[]). */
  const arrayTypes = new Map<string, Map<string, string>>();
  const arrayTypesOf = (table: string) => {
    let types = arrayTypes.get(table);
    if (!types) {
      const rows = db.query<{ column_name: string; udt_name: string }>(
        'SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
        [table],
      );
      types = new Map(
        rows.map((r) => [r.column_name, r.udt_name === 'bool' ? 'int4[]::boolean[]' : `${r.udt_name}[]`]),
      );
      arrayTypes.set(table, types);
    }
    return types;
  };
  /** The rows in ONE statement whatever their number: a column's values as one array parameter (unnest). */
  const insert = (table: string, columns: string[], rows: CopyRow[]) => {
    const types = arrayTypesOf(table);
    const arrays = columns.map((c, i) => `$${i + 1}::${types.get(c) ?? 'text[]'}`);
    const values = columns.map((c) =>
      rows.map((row) => (typeof row[c] === 'boolean' ? Number(row[c]) : (row[c] ?? null))),
    );
    db.run(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`,
      values,
    );
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
      insert(table, Object.keys(first), rows);
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
