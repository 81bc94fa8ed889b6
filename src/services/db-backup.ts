// `db backup FILE`: an online copy of one instant, writers carrying on meanwhile
// (CheckStore.backup: SQLite's backup API in one step). The copy is written
// beside FILE under a temporary name and renamed over it only when complete,
// so FILE is never a half-written database, even if the command is killed.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { conflict, fileProblem, invalidInput } from '../errors.js';
import type { Ctx } from './context.js';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  /** PRAGMA quick_check of the copy */
  check: string;
}

function removeCopy(tmp: string): void {
  for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
}

function writeFailure(file: string, err: unknown): never {
  throw invalidInput(
    `cannot write the backup ${file}: ${fileProblem(err)}`,
    'give a file in an existing, writable folder',
  );
}

export async function backupDatabase(
  ctx: Ctx,
  target: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  const file = resolve(target);
  if (file === ctx.store.path) throw conflict('FILE_EXISTS', `${file} is the database itself`, 'give another file');
  if (existsSync(file)) {
    if (!options.force) throw conflict('FILE_EXISTS', `${file} already exists`, 'pass --force to replace it');
    if (statSync(file).isDirectory()) throw conflict('FILE_EXISTS', `${file} is a folder`, 'give a file name');
    // A -wal beside FILE means a database in use (or crashed) there: replacing
    // FILE under it would mix that log into the copy.
    if (existsSync(`${file}-wal`))
      throw conflict(
        'FILE_EXISTS',
        `${file} looks like a database in use (${basename(file)}-wal exists)`,
        'give another file',
      );
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    // Private from the start, like the database (an empty file is an empty database).
    closeSync(openSync(tmp, 'wx', 0o600));
  } catch (err) {
    writeFailure(file, err);
  }
  try {
    const { pages, check } = await ctx.store.check.backup(tmp);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir); // the rename itself survives a power loss
    } finally {
      closeSync(dir);
    }
    return { file, bytes: statSync(file).size, pages, check };
  } catch (err) {
    removeCopy(tmp);
    if ((err as NodeJS.ErrnoException).syscall) writeFailure(file, err);
    throw err;
  }
}
