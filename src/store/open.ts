// Which engine a --db / ALIAS_SUPPORT_DB value names: a file path (SQLite) or
// a postgres:// or postgresql:// URL (PostgreSQL, loaded only then: SQLite
// commands never load its code). Anything else that looks like a URL is a
// usage error rather than a folder named after its scheme.
import { seaAssets } from '../db/native.js';
import { dbUnavailable, usageError } from '../errors.js';
import { openSqliteStore, type OpenOptions } from './sqlite/open.js';
import type { Store } from './store.js';

export type { OpenOptions, Store };
export { busyTimeout } from './busy-timeout.js';
export { defaultDbPath } from './sqlite/open.js';

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** A URL as messages may show it: without the user and password. */
const withoutCredentials = (location: string) => location.replace(/\/\/[^@/]*@/, '//');

/** Opens the desk a --db value names, whatever the engine. */
export async function openDesk(location: string, options: OpenOptions = {}): Promise<Store> {
  if (POSTGRES_URL.test(location)) {
    // The single executable carries SQLite only (docs/single-executable.md): the driver lives in node_modules.
    if (seaAssets())
      throw dbUnavailable(
        `this single executable opens SQLite desks only, not ${withoutCredentials(location)}`,
        'install alias-support with npm on the hosts that use a PostgreSQL desk',
      );
    const { openPostgresStore } = await import('./postgres/open.js');
    return openPostgresStore(location, options);
  }
  return openStore(location, options);
}

/** Opens a desk in a SQLite file, synchronously (tests, benchmarks); a URL is refused. */
export function openStore(location: string, options: OpenOptions = {}): Store {
  if (POSTGRES_URL.test(location))
    throw usageError(`'${withoutCredentials(location)}' names a PostgreSQL database: open it with openDesk`);
  if (URL_LIKE.test(location))
    throw usageError(`--db takes a file path or a postgres:// URL; '${withoutCredentials(location)}' is neither`);
  return openSqliteStore(location, options);
}
