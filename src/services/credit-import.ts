// `credits import`: shop orders into the credit ledger, all or nothing.
//
// A reader (src/services/import/csv.ts, json.ts) streams the file line by line
// into the spool (import/spool.ts), which checks each line on its own and keeps
// the valid orders in the store's spool (ImportStore); the reconciliation
// (import/reconcile.ts) then checks what depends on the desk over the whole
// spool and, when nothing is wrong, writes every order in ONE write
// transaction. A million orders take about five seconds (docs/benchmarks.md).
import { crashPoint } from '../crash-point.js';
import type { Ctx } from './context.js';
import { readCsv } from './import/csv.js';
import { readJson } from './import/json.js';
import { reconcile } from './import/reconcile.js';
import { createSpool } from './import/spool.js';
import type { ImportError, ImportSource } from './import/source.js';

export { MAX_JSON_BYTES } from './import/json.js';
export {
  IMPORT_FORMATS,
  openImportSource,
  type ImportError,
  type ImportFormat,
  type ImportSource,
} from './import/source.js';

export interface ImportResult {
  imported: number;
  skipped: number;
  minutesAdded: number;
  /** codes of the clients the import created (a dry run: would create) */
  createdClients: string[];
  errors: ImportError[];
  dryRun: boolean;
}

export interface ImportProgress {
  phase: 'reading' | 'writing';
  bytesRead: number;
  rows: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Imports shop orders. Every error of the file is listed with its line, and
 * any error means nothing is written (the result then has imported 0). A dry
 * run reports what would be imported.
 */
export async function importPurchases(
  ctx: Ctx,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const dryRun = Boolean(options.dryRun);
  const spool = createSpool(ctx, source.format);
  try {
    const progress = (bytesRead: number) => options.onProgress?.({ phase: 'reading', bytesRead, rows: spool.rows });
    await (source.format === 'json' ? readJson : readCsv)(source, spool, progress);
    spool.finish();
    crashPoint('import-spooled');
    options.onProgress?.({ phase: 'writing', bytesRead: source.size ?? 0, rows: spool.rows });
    const write = !dryRun && spool.errors.length === 0;
    // Writing takes the write lock only now, after the file was read; checking alone needs a snapshot.
    const run = () => reconcile(ctx, spool, write);
    const counts = write ? ctx.store.immediate(run) : ctx.store.snapshot(run);
    const errors = spool.errors.sort((a, b) => a.line - b.line);
    return errors.length > 0
      ? { imported: 0, skipped: 0, minutesAdded: 0, createdClients: [], errors, dryRun }
      : { ...counts, errors, dryRun };
  } finally {
    spool.drop();
  }
}
