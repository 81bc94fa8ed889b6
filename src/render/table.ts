// Tables for people. cli-table3 paints its header red and borders grey on its
// own, even when piped: its styles are emptied and chalk (with the level
// decided in style.ts) colours instead.
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

export type Align = 'left' | 'right';

export interface Column {
  head: string;
  align?: Align;
}

// Columns two spaces apart and nothing else: dense screens (the queue on a wall, in 80 columns).
const NO_BORDERS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid'].map((k) => [k, '']),
);

export function renderTable(c: ChalkInstance, columns: readonly Column[], rows: readonly (readonly string[])[], options: { borders?: boolean } = {}): string {
  const borders = options.borders ?? true;
  const padding = borders ? 1 : 0;
  const table = new Table({
    head: columns.map((col) => c.bold(col.head)),
    colAligns: columns.map((col) => col.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': padding, 'padding-right': padding },
    ...(borders ? {} : { chars: { ...NO_BORDERS, middle: '  ' } }),
  });
  for (const row of rows) table.push([...row]);
  return borders ? table.toString() : table.toString().replace(/ +$/gm, '');
}
