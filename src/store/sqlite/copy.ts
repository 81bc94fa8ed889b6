// The copy of a desk (../copy.ts) on SQLite: rows read by rowid ranges,
// written with multi-row INSERTs; booleans stored as 0/1, as SQLite keeps them.
import type Database from 'better-sqlite3';
import type { CopiedTable, CopyRow, CopyStore, DerivedTable } from '../copy.js';

const BATCH = 1000;
/** SQLite's limit of parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER). */
const MAX_PARAMETERS = 32766;

export function sqliteCopy(db: Database.Database): CopyStore {
  const prepared = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const insert = (table: string, columns: string[], rows: CopyRow[]) => {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const values = rows.flatMap((row) => columns.map((c) => (typeof row[c] === 'boolean' ? Number(row[c]) : row[c])));
    prepare(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
    ).run(values);
  };
  return {
    read(table, each) {
      const next = prepare(`SELECT rowid AS copy_key, * FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
      for (let after = 0; ;) {
        const rows = next.all(after) as CopyRow[];
        if (rows.length === 0) return;
        after = rows.at(-1)!.copy_key as number;
        each(rows.map(({ copy_key: _, ...row }) => row));
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
      prepare(`DELETE FROM "${table}"`).run();
    },
    count(table) {
      return prepare(`SELECT count(*) AS n FROM "${table}"`).pluck().get() as number;
    },
    derived(table: DerivedTable) {
      return prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all() as CopyRow[];
    },
    balances() {
      return prepare(
        'SELECT client_id AS clientId, sum(minutes) AS minutes FROM ledger_entries GROUP BY client_id ORDER BY client_id',
      ).all() as { clientId: number; minutes: number }[];
    },
    finish() {
      // Explicit ids move SQLite's rowid (and sqlite_sequence) past them by themselves.
    },
  };
}
