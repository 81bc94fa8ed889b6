// Where an import's orders come from: a file or stdin, CSV or JSON, and what
// the readers hand to the spool.
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, invalidInput, unreadableFile } from '../../errors.js';
import { OPTIONAL_FIELDS, REQUIRED_FIELDS, type OrderField, type OrderFields } from '../../rules/shop-order.js';

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportSource {
  stream: Readable;
  format: ImportFormat;
  /** bytes, when known (a file, not stdin) */
  size?: number;
}

/** A file, or '-' for stdin; the format from --format, else from the extension (.json), else CSV. */
export function openImportSource(file: string, format?: string, stdin: Readable = process.stdin): ImportSource {
  const chosen = format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
  if (!(IMPORT_FORMATS as readonly string[]).includes(chosen))
    throw invalidInput(`unknown import format '${chosen}'`, 'csv or json');
  if (file === '-') return { stream: stdin, format: chosen as ImportFormat };
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw invalidInput(`${file} is not a file`);
    size = stat.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadableFile(err, file, "give the path of the shop's export, or - for stdin");
  }
  return { stream: createReadStream(file, { highWaterMark: 1 << 16 }), format: chosen as ImportFormat, size };
}

export interface ImportError {
  /** CSV: the line where the record starts (the header is line 1); JSON: the object's position in the array (from 1) */
  line: number;
  message: string;
}

/** The columns a reader looks for, required ones first. */
export const FIELDS: readonly OrderField[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS];

/** What a reader gives each line of the file to. */
export interface LineSink {
  /** one order line: its fields, and the problems the reader saw in it */
  add(line: number, fields: OrderFields, problems?: string[]): void;
  /** a problem of the file itself (header, syntax) */
  error(line: number, message: string): void;
  readonly errors: readonly ImportError[];
}

/** Reads a source to its end (or its first fatal problem); `progress` gets the bytes read so far. */
export type Reader = (source: ImportSource, sink: LineSink, progress: (bytes: number) => void) => Promise<void>;
