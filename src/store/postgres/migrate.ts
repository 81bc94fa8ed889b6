// The PostgreSQL desk's migrations (db/migrations-pg: drizzle-kit's, then
// hand-written PL/pgSQL for the triggers), applied at open in one transaction
// under an advisory lock, so that processes opening the same new database at
// once apply them once: the others wait for the lock, then find them applied.
// The count applied is kept in schema_version (SQLite's user_version).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dbUnavailable } from '../../errors.js';
import type { PgConnection } from './connection.js';

/** The advisory lock's key: any constant the desk alone uses ('alias-su' in ASCII). */
const MIGRATION_LOCK = 0x616c6961735f7375n;

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** db/migrations-pg, found from this module's own location (source, bundle or test). */
export function pgMigrationsFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ALIAS_SUPPORT_MIGRATIONS_PG) return env.ALIAS_SUPPORT_MIGRATIONS_PG;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'db', 'migrations-pg');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw dbUnavailable('the migrations folder db/migrations-pg was not found beside the program');
}

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

function readStatements(folder: string, tag: string): string[] {
  return readFileSync(join(folder, `${tag}.sql`), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** How many migrations the database has; 0 for an empty one. */
function appliedMigrations(db: PgConnection): number {
  const [found] = db.query<{ exists: boolean }>("SELECT to_regclass('schema_version') IS NOT NULL AS exists");
  if (!found?.exists) return 0;
  return db.query<{ version: number }>('SELECT version FROM schema_version')[0]?.version ?? 0;
}

/** The tables of an empty database's public schema that are not the desk's: another program's database. */
function foreignTables(db: PgConnection): string[] {
  return db
    .query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name',
    )
    .map((r) => r.name);
}

/**
 * Brings the desk's schema up to this version's; `where`: the server and
 * database as messages name them. `create` false: an empty database is
 * refused (a desk named explicitly must exist). Returns whether it created the desk.
 */
export function migratePg(db: PgConnection, where: string, create: boolean, folder = pgMigrationsFolder): boolean {
  const journal = readJournal(folder());
  const known = journal.entries.length;
  const current = appliedMigrations(db);
  if (current > known)
    throw dbUnavailable(
      `${where} was created by a newer version of alias-support (schema ${current}, this version knows ${known})`,
      'upgrade alias-support; the database was left untouched',
    );
  if (current === known) return false;
  if (current === 0 && !create)
    throw dbUnavailable(`no desk in ${where}`, `create one there: alias-support db init --db <the same URL>`);
  return db.transaction(() => {
    db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    // Re-read under the lock: another process may have migrated meanwhile.
    const applied = appliedMigrations(db);
    if (applied === 0) {
      const tables = foreignTables(db);
      if (tables.length > 0)
        throw dbUnavailable(
          `${where} is not an alias-support desk: it holds other tables (${tables.join(', ')})`,
          'give --db or ALIAS_SUPPORT_DB an empty database; this one was left untouched',
        );
      db.exec('CREATE TABLE schema_version (version integer NOT NULL)');
      db.exec('INSERT INTO schema_version (version) VALUES (0)');
    }
    for (const entry of journal.entries.slice(applied, known))
      for (const statement of readStatements(folder(), entry.tag)) db.exec(statement);
    db.run('UPDATE schema_version SET version = $1', [known]);
    return applied === 0;
  });
}
