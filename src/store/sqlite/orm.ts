// drizzle over a store's connection, built on first use: for the services of
// the rarer commands (billing, statements, reports, expiry, outbox). The
// everyday commands use prepared statements (db/statements.ts) and never load
// drizzle, whose modules alone cost more than a `take`.
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Store } from '../store.js';

export type Orm = BetterSQLite3Database;

const orms = new WeakMap<Store['sqlite'], Orm>();

export function ormOf(store: Store): Orm {
  let orm = orms.get(store.sqlite);
  // No relational queries (orm.query) are used: without the schema drizzle builds no relations.
  if (!orm) orms.set(store.sqlite, (orm = drizzle(store.sqlite)));
  return orm;
}
