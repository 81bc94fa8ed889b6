// What a PostgreSQL desk cannot do yet: said plainly, as DB_UNAVAILABLE (exit 7), never a crash on a missing statement.
import { dbUnavailable } from '../../errors.js';

export function notPorted(what: string): never {
  throw dbUnavailable(
    `the ${what} of a PostgreSQL desk are not available in this version`,
    'use a SQLite desk (a file path given with --db) for this command',
  );
}
