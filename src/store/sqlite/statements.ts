// The SQLite store's one data-access style: hand-written SQL in named maps,
// each statement prepared once per connection, on first use. Building a query
// through drizzle costs more than running it, and loading drizzle and the
// schema costs more than a whole `take`: drizzle stays for the schema and the
// migrations only.
//
// Tables are named, never aliased, so that EXPLAIN QUERY PLAN names them (the
// plan tests look for full scans by table name).
import type Database from 'better-sqlite3';

const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The connection's statement for `sql`, prepared the first time. */
export function cached(db: Database.Database, sql: string): Database.Statement {
  let own = prepared.get(db);
  if (!own) prepared.set(db, (own = new Map<string, Database.Statement>()));
  let statement = own.get(sql);
  if (!statement) own.set(sql, (statement = db.prepare(sql)));
  return statement;
}

export type Statements<K extends string> = { readonly [name in K]: Database.Statement };

/**
 * Every SQL map given to statements(), in the order the modules were loaded:
 * a test imports every store module and prepares each of them on a freshly
 * migrated desk, which checks the hand-written SQL against the schema.
 */
export const registry: Readonly<Record<string, string>>[] = [];

/**
 * A store module's named statements: `const q = statements({ ticket: 'SELECT …' })`,
 * then `q(db).ticket.get(id)`; each is prepared on its first use.
 */
export function statements<K extends string>(sql: Record<K, string>): (db: Database.Database) => Statements<K> {
  registry.push(sql);
  const views = new WeakMap<Database.Database, Statements<K>>();
  return (db) => {
    let view = views.get(db);
    if (!view) {
      view = Object.defineProperties(
        {},
        Object.fromEntries(
          Object.entries<string>(sql).map(([name, text]) => [name, { get: () => cached(db, text), enumerable: true }]),
        ),
      ) as Statements<K>;
      views.set(db, view);
    }
    return view;
  };
}
