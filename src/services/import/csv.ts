// A CSV import: a header row naming the columns (any order, extra columns
// ignored), then one order a line. Rows of empty cells (",,,," as
// spreadsheets save them) are skipped like blank lines.
import { REQUIRED_FIELDS, type OrderField, type OrderFields } from '../../rules/shop-order.js';
import { splitCsv } from './csv-split.js';
import { FIELDS, type LineSink, type Reader } from './source.js';

const isBlank = (record: readonly string[]): boolean => record.every((f) => f.trim() === '');

/** The columns of the header, or why it cannot be read (the import then stops). */
function header(
  record: readonly string[],
): { columns: { field: OrderField; index: number }[] } | { problems: string[] } {
  const names = record.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_FIELDS.filter((f) => !names.includes(f));
  const repeated = names.filter((n, i) => n !== '' && names.indexOf(n) !== i);
  const problems = [
    ...(missing.length > 0
      ? [`the header lacks ${missing.join(', ')} (it must name ${REQUIRED_FIELDS.join(', ')})`]
      : []),
    ...(repeated.length > 0 ? [`the header repeats ${[...new Set(repeated)].join(', ')}`] : []),
  ];
  return problems.length > 0
    ? { problems }
    : { columns: FIELDS.filter((f) => names.includes(f)).map((field) => ({ field, index: names.indexOf(field) })) };
}

function order(
  record: readonly string[],
  line: number,
  columns: { field: OrderField; index: number }[],
  width: number,
  sink: LineSink,
): void {
  const fields: OrderFields = {};
  for (const { field, index } of columns) {
    const value = record[index]?.trim();
    if (value) fields[field] = value;
  }
  const problems = record.length === width ? [] : [`expected ${width} fields as in the header, got ${record.length}`];
  // Bytes that are not UTF-8 (a Latin-1 export) decode to U+FFFD: refuse rather than store mangled names.
  if (record.some((f) => f.includes('\uFFFD'))) problems.push('not valid UTF-8 (save the file as UTF-8)');
  sink.add(line, fields, problems);
}

export const readCsv: Reader = async (source, sink, progress) => {
  let columns: { field: OrderField; index: number }[] | undefined;
  let width = 0;
  await splitCsv(source, {
    record(record, line) {
      if (isBlank(record)) return true;
      if (columns) {
        order(record, line, columns, width, sink);
        return true;
      }
      const head = header(record);
      if ('problems' in head) {
        for (const problem of head.problems) sink.error(line, problem);
        return false;
      }
      columns = head.columns;
      width = record.length;
      return true;
    },
    malformed: (line, message) => sink.error(line, message),
    progress,
  });
  if (!columns && sink.errors.length === 0)
    sink.error(1, 'the file is empty: a header row naming the columns is expected');
};
