// One error type for everything a user can be told: a stable code, the exit
// code of the README's exit-code table, and an optional hint. Only src/cli/main.ts turns it
// into stderr text or JSON and an exit status.

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  refused: 5,
  invalidInput: 6,
  unavailable: 7,
  interrupted: 130,
} as const;

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The exit code of every error code a command can return (the README's exit-code table). */
export const EXIT_OF_ERROR = {
  INTERNAL: EXIT.internal,
  USAGE: EXIT.usage,
  TICKET_NOT_FOUND: EXIT.notFound,
  CLIENT_NOT_FOUND: EXIT.notFound,
  FIX_NOT_FOUND: EXIT.notFound,
  CONTACT_NOT_FOUND: EXIT.notFound,
  TICKET_ALREADY_TAKEN: EXIT.conflict,
  INVALID_TRANSITION: EXIT.conflict,
  CLOCK_BEHIND: EXIT.conflict,
  DUPLICATE: EXIT.conflict,
  FILE_EXISTS: EXIT.conflict,
  INTEGRITY: EXIT.conflict,
  TIMER_RUNNING: EXIT.conflict,
  TIMER_NOT_RUNNING: EXIT.conflict,
  TIME_OVERLAP: EXIT.conflict,
  TIME_BEFORE_TAKE: EXIT.conflict,
  LICENCE_INACTIVE: EXIT.refused,
  NO_CREDIT: EXIT.refused,
  INVALID_INPUT: EXIT.invalidInput,
  SMTP_NOT_CONFIGURED: EXIT.invalidInput,
  SMTP_CONFIG_INVALID: EXIT.invalidInput,
  DB_BUSY: EXIT.unavailable,
  DB_UNAVAILABLE: EXIT.unavailable,
  SEND_FAILED: EXIT.unavailable,
  LISTEN_FAILED: EXIT.unavailable,
  INTERRUPTED: EXIT.interrupted,
} as const satisfies Record<string, number>;
export type ErrorCode = keyof typeof EXIT_OF_ERROR;

/** The exit status of an error code; one not in the table is an internal error. */
export function exitOf(code: string): number {
  return (EXIT_OF_ERROR as Record<string, number>)[code] ?? EXIT.internal;
}

/** An error whose exit status is its code's, from EXIT_OF_ERROR: no call site decides it. */
export const appError = (code: ErrorCode, message: string, hint?: string) =>
  new AppError(code, message, EXIT_OF_ERROR[code], hint);

export const usageError = (message: string, hint?: string) => appError('USAGE', message, hint);
export const notFound = appError;
export const conflict = appError;
export const refused = appError;
export const invalidInput = (message: string, hint?: string) => appError('INVALID_INPUT', message, hint);
export const dbBusy = (message = 'the database is busy (another command holds it)') =>
  appError('DB_BUSY', message, 'retry in a moment');
export const dbUnavailable = (message: string, hint?: string) => appError('DB_UNAVAILABLE', message, hint);

/** What went wrong with a file, in words (a user cannot act on ENOENT). */
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of its folder path is a file, not a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'an input/output error (a disk or network problem)',
};

export function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  return (code && FILE_PROBLEMS[code]) ?? (err instanceof Error ? err.message : String(err));
}

/** A file that could not be read: INVALID_INPUT saying why, then which file. */
export const unreadableFile = (err: unknown, file: string, hint?: string) =>
  invalidInput(`${fileProblem(err)}: ${file}`, hint);

/** SQLite result codes a user can act on; anything else stays INTERNAL. */
export function fromSqliteError(err: unknown, path: string): AppError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return dbBusy();
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return dbUnavailable(`${path} is not a valid alias-support database (${code})`);
  if (code.startsWith('SQLITE_READONLY'))
    return dbUnavailable(`${path} is read-only`, 'check the file and folder permissions');
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR'))
    return dbUnavailable(`cannot open ${path} (${code})`, 'check that the folder exists and is writable');
  if (code === 'SQLITE_FULL') return dbUnavailable(`the disk holding ${path} is full`);
  return undefined;
}
