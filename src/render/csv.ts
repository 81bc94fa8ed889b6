// The one CSV writer (statements, reports): csv-stringify for quoting, plus
// formula neutralisation. A text cell that a spreadsheet would run as a
// formula (= + - @, or a leading tab/CR) gets a leading apostrophe; numbers
// stay numbers, so -15 remains a negative figure.
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: Cell): Cell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([header, ...rows.map((r) => r.map(neutralise))], { record_delimiter: 'unix' });
}
