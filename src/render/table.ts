// Tables for people: columns two spaces apart, bold heads, no borders — dense
// enough for 80 columns and for the queue on a wall screen, and the same look
// in every command. cli-table3 paints its header red and borders grey on its
// own, even when piped: its styles are emptied and chalk (with the level
// decided in style.ts) colours instead. Its layout is quadratic in the rows:
// callers show a page (capped, queue --limit) and say how many more there are.
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

export type Align = 'left' | 'right';

export interface Column {
  head: string;
  align?: Align;
}

const NO_BORDERS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid'].map((k) => [k, '']),
);

export function renderTable(c: ChalkInstance, columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    head: columns.map((col) => c.bold(col.head)),
    colAligns: columns.map((col) => col.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: { ...NO_BORDERS, middle: '  ' },
  });
  for (const row of rows) table.push([...row]);
  return table.toString().replace(/ +$/gm, '');
}
