// How long a command waits for another one's lock, on either engine: SQLite's
// busy timeout, PostgreSQL's lock_timeout. Its own module: the PostgreSQL
// worker started before the CLI's bundle (src/store/postgres/worker.ts) reads it too.
import { usageError } from '../errors.js';

const BUSY_TIMEOUT_MS = 5000;

/** How long a command waits for another one's lock before DB_BUSY; ALIAS_SUPPORT_BUSY_TIMEOUT_MS overrides it. */
export function busyTimeout(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.ALIAS_SUPPORT_BUSY_TIMEOUT_MS;
  if (text === undefined || text === '') return BUSY_TIMEOUT_MS;
  if (!/^\d{1,7}$/.test(text))
    throw usageError(`ALIAS_SUPPORT_BUSY_TIMEOUT_MS must be a whole number of milliseconds, not '${text}'`);
  return Number(text);
}
