// Where the single executable (dist/alias-support, built by bin/package-sea.mjs)
// finds better-sqlite3's native addon and the migrations. It carries both as
// SEA assets; an addon can only be loaded from a file, so they are unpacked
// once per version into a private cache folder (a private folder for the run
// when the cache cannot be used), and an addon beside the executable is the
// fallback for a noexec mount. In the normal build __SEA_ASSETS__ is not
// defined and nothing here runs.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dbUnavailable } from '../errors.js';

interface Assets {
  /** the cache folder's name: version and content hash */
  id: string;
  /** the SEA asset keys, also their paths in that folder */
  files: string[];
}

/** Defined by bin/package-sea.mjs in the single executable's bundle only. */
declare const __SEA_ASSETS__: Assets | undefined;

const ADDON = 'better_sqlite3.node';

interface Unpacked {
  /** better-sqlite3's loaded addon: what `require('bindings')('better_sqlite3.node')` gives in the normal build */
  addon: object;
  /** the unpacked db/migrations */
  migrations: string;
}

let unpacked: Unpacked | undefined;

/** undefined outside the single executable. */
export function seaAssets(env: NodeJS.ProcessEnv = process.env): Unpacked | undefined {
  if (typeof __SEA_ASSETS__ === 'undefined') return undefined;
  return (unpacked ??= load(__SEA_ASSETS__, env));
}

/** $XDG_CACHE_HOME/alias-support/<version>-<hash> (~/.cache/…). */
function seaCacheFolder(id: string, env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'alias-support', id);
}

/** Ours alone: a real folder (not a link), owned by this user, writable by nobody else. */
function isPrivateFolder(path: string): boolean {
  try {
    const s = lstatSync(path);
    return s.isDirectory() && s.uid === process.getuid?.() && (s.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** A new private folder (mkdtemp: 0700, unpredictable name) holding every asset. */
function writeAssets(assets: Assets, prefix: string): string {
  const { getAsset } = process.getBuiltinModule('node:sea');
  const folder = mkdtempSync(prefix);
  try {
    for (const key of assets.files) {
      mkdirSync(dirname(join(folder, key)), { recursive: true, mode: 0o700 });
      writeFileSync(join(folder, key), new Uint8Array(getAsset(key)), { mode: 0o600 });
    }
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw err;
  }
  return folder;
}

/**
 * Unpacks into a temporary folder beside the cache folder, then renames it into
 * place: the cache folder is complete or absent, so two first runs never see
 * half of it (the loser of the rename uses the winner's copy).
 */
function cached(assets: Assets, env: NodeJS.ProcessEnv): string {
  const folder = seaCacheFolder(assets.id, env);
  if (isPrivateFolder(folder)) return folder;
  const parent = dirname(folder);
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  if (!isPrivateFolder(parent)) throw new Error(`${parent} is not a private folder of this user`);
  const temp = writeAssets(assets, join(parent, `.${assets.id}-`));
  try {
    renameSync(temp, folder);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    if (!isPrivateFolder(folder)) throw err;
  }
  return folder;
}

/** When the cache cannot be used (read-only home, folder of another user): a private folder for this run only. */
function temporary(assets: Assets): string {
  const folder = writeAssets(assets, join(tmpdir(), 'alias-support-'));
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

function dlopen(file: string): object {
  const module = { exports: {} };
  process.dlopen(module, file);
  return module.exports;
}

/**
 * The unpacked addon, else one beside the executable: dlopen fails on a folder
 * mounted noexec ("failed to map segment from shared object").
 */
function load(assets: Assets, env: NodeJS.ProcessEnv): Unpacked {
  let folder: string;
  try {
    folder = cached(assets, env);
  } catch {
    try {
      folder = temporary(assets);
    } catch (err) {
      throw dbUnavailable(`cannot unpack the SQLite addon: ${(err as Error).message}`, 'set XDG_CACHE_HOME (or TMPDIR) to a writable private folder');
    }
  }
  const migrations = join(folder, 'migrations');
  const beside = join(dirname(process.execPath), ADDON);
  let failure: unknown;
  for (const addon of existsSync(beside) ? [join(folder, ADDON), beside] : [join(folder, ADDON)]) {
    try {
      return { addon: dlopen(addon), migrations };
    } catch (err) {
      failure ??= err;
    }
  }
  throw dbUnavailable(
    `cannot load the SQLite addon unpacked in ${folder}: ${failure instanceof Error ? failure.message : String(failure)}`,
    `its file system may be mounted noexec: set XDG_CACHE_HOME to a private folder on one that allows executables, or put ${ADDON} beside ${process.execPath}`,
  );
}
