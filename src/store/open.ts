// Which engine a --db / ALIAS_SUPPORT_DB value names: a file path (SQLite) or
// a postgres:// URL (PostgreSQL, issue 17). Anything else that looks like a URL
// is a usage error rather than a folder named after its scheme.
import { usageError } from '../errors.js';
import { openSqliteStore, type OpenOptions } from './sqlite/open.js';
import type { Store } from './store.js';

export type { OpenOptions, Store };
export { busyTimeout, defaultDbPath } from './sqlite/open.js';

export function openStore(location: string, options: OpenOptions = {}): Store {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    // PostgreSQL comes with issue 17: until then a URL is refused, never taken as a path.
    throw usageError(`--db takes a file path; '${location.replace(/\/\/[^@/]*@/, '//')}' is a URL this version cannot open`);
  }
  return openSqliteStore(location, options);
}
