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

export const usageError = (message: string, hint?: string) => new AppError('USAGE', message, EXIT.usage, hint);
export const notFound = (code: string, message: string, hint?: string) => new AppError(code, message, EXIT.notFound, hint);
export const conflict = (code: string, message: string, hint?: string) => new AppError(code, message, EXIT.conflict, hint);
export const refused = (code: string, message: string, hint?: string) => new AppError(code, message, EXIT.refused, hint);
export const invalidInput = (message: string, hint?: string) => new AppError('INVALID_INPUT', message, EXIT.invalidInput, hint);
export const dbBusy = (message = 'the database is busy (another command holds it)') =>
  new AppError('DB_BUSY', message, EXIT.unavailable, 'retry in a moment');
export const dbUnavailable = (message: string, hint?: string) => new AppError('DB_UNAVAILABLE', message, EXIT.unavailable, hint);

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
export const unreadableFile = (err: unknown, file: string, hint?: string) => invalidInput(`${fileProblem(err)}: ${file}`, hint);

/** SQLite result codes a user can act on; anything else stays INTERNAL. */
export function fromSqliteError(err: unknown, path: string): AppError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return dbBusy();
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return dbUnavailable(`${path} is not a valid alias-support database (${code})`);
  if (code.startsWith('SQLITE_READONLY')) return dbUnavailable(`${path} is read-only`, 'check the file and folder permissions');
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR'))
    return dbUnavailable(`cannot open ${path} (${code})`, 'check that the folder exists and is writable');
  if (code === 'SQLITE_FULL') return dbUnavailable(`the disk holding ${path} is full`);
  return undefined;
}
