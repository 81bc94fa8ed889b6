// CSV text into records with their line numbers. Lines without a double quote
// are split on commas here: csv-parse costs about 2 µs a line, most of a large
// import. From the first line holding a quote (or a lone CR) on, csv-parse
// reads the rest of the file, quoted fields and their line breaks included.
// Line numbers are counted from the records themselves (csv-parse's per-record
// info costs as much as the parsing): a quoted field's line breaks are counted.
// Lines may end in LF or CRLF, mixed in one file (files pasted together).
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError, invalidInput } from '../../errors.js';
import type { ImportSource } from './source.js';

export interface CsvHandlers {
  /** one record and the line it starts on; false stops the reading */
  record(fields: string[], line: number): boolean;
  /** the text is not CSV from this line on (the rest is not read) */
  malformed: (line: number, message: string) => void;
  progress: (bytes: number) => void;
}

function countNewlines(record: readonly string[]): number {
  let n = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

/** The text of a byte stream: UTF-8, or UTF-16 after its BOM (as csv-parse reads them); a BOM is dropped, bytes that are not text become U+FFFD. */
function textOf(source: ImportSource, progress: (bytes: number) => void): () => Promise<string | undefined> {
  const chunks = (source.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0); // the first bytes, until they tell the encoding
  let bytes = 0;
  let done = false;
  return async () => {
    while (!done) {
      let chunk: IteratorResult<Buffer>;
      try {
        chunk = await chunks.next();
      } catch (err) {
        throw invalidInput(`cannot read the import: ${(err as Error).message}`);
      }
      if (chunk.done) done = true;
      else progress((bytes += chunk.value.length));
      if (!decoder) {
        head = chunk.done ? head : Buffer.concat([head, chunk.value]);
        if (head.length < 2 && !chunk.done) continue;
        decoder = new TextDecoder(head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : 'utf-8');
        const text = decoder.decode(head, { stream: !chunk.done });
        if (text) return text;
      } else {
        const text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
        if (text) return text;
      }
    }
    return undefined;
  };
}

export async function splitCsv(source: ImportSource, on: CsvHandlers): Promise<void> {
  const nextText = textOf(source, on.progress);
  const needsParser = (line: string): boolean => line.includes('"') || line.includes('\r');
  let nextLine = 1;
  const emit = (record: string[]): boolean => {
    const line = nextLine;
    nextLine += 1 + countNewlines(record);
    return on.record(record, line);
  };
  // Whole lines, split here, until one needs csv-parse.
  let rest: string | undefined; // from the first line csv-parse reads
  let pending = '';
  let stopped = false;
  reading: for (let text = await nextText(); ; text = await nextText()) {
    if (text === undefined) {
      if (pending === '') break;
      if (needsParser(pending)) rest = pending;
      else stopped = !emit(pending.split(','));
      break;
    }
    const lines = (pending + text).split('\n');
    pending = lines.pop()!;
    for (let i = 0; i < lines.length; i++) {
      const cr = lines[i]!.charCodeAt(lines[i]!.length - 1) === 13;
      const line = cr ? lines[i]!.slice(0, -1) : lines[i]!;
      if (needsParser(line)) {
        rest = `${lines.slice(i).join('\n')}\n${pending}`;
        break reading;
      }
      if (!emit(line.split(','))) {
        stopped = true;
        break reading;
      }
    }
  }
  if (rest !== undefined && !stopped) {
    const remaining = async function* () {
      yield rest;
      for (let text = await nextText(); text !== undefined; text = await nextText()) yield text;
    };
    // Lines end in LF or CRLF, whichever each line has; a file with neither is left to csv-parse's discovery (CR alone).
    const lineBreaks = nextLine > 1 || rest.includes('\n') ? ['\r\n', '\n'] : undefined;
    await parseQuoted(Readable.from(remaining(), { objectMode: false }), nextLine, lineBreaks, emit, on.malformed);
  }
  source.stream.destroy();
}

/** csv-parse over the rest of a file, from line `firstLine` on, until `emit` says stop. */
async function parseQuoted(
  input: Readable,
  firstLine: number,
  lineBreaks: string[] | undefined,
  emit: (record: string[]) => boolean,
  malformed: (line: number, message: string) => void,
): Promise<void> {
  const parser = parse({ relax_column_count: true, ...(lineBreaks ? { record_delimiter: lineBreaks } : {}) });
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      input.unpipe(parser);
      input.destroy();
      parser.destroy();
      if (err === undefined) resolve();
      else reject(err instanceof AppError ? err : invalidInput(`cannot read the import: ${(err as Error).message}`));
    };
    parser.on('readable', () => {
      try {
        for (let record: string[] | null; !settled && (record = parser.read() as string[] | null) !== null;)
          if (!emit(record)) finish();
      } catch (err) {
        finish(err);
      }
    });
    parser.on('end', () => finish());
    parser.on('error', (err: Error) => {
      if (!(err instanceof CsvError)) return finish(err);
      const at = (err as CsvError & { lines?: number }).lines;
      malformed(
        at === undefined ? firstLine : firstLine - 1 + at,
        `malformed CSV, the rest of the file was not read: ${err.message}`,
      );
      finish();
    });
    input.on('error', (err) => finish(err));
    input.pipe(parser);
  });
}
