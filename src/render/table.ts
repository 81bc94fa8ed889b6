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

export function renderTable(c: ChalkInstance, columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    head: columns.map((col) => c.bold(col.head)),
    colAligns: columns.map((col) => col.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}
