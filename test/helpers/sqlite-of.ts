// The SQLite connection under a desk, for tests (and the bench) that set up or inspect rows
// the store has no method for: a damaged ledger for db check, a query plan. Services never
// reach it: the Store interface has no connection.
import type Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/store.js';

export function sqliteOf(store: Store): Database.Database {
  if (!(store instanceof SqliteStore)) throw new Error(`a SQLite desk was expected, not ${store.dialect}`);
  return store.sqlite;
}
