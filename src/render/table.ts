// Tables for people: columns two spaces apart, bold heads, no borders — dense
// enough for 80 columns and for the queue on a wall screen, and the same look
// in every command. Widths are display columns (text.ts), so CJK and emoji
// cells line up; colour codes take none. Laid out in one pass over the rows.
import type { ChalkInstance } from 'chalk';
import { displayWidth } from './text.js';

export type Align = 'left' | 'right';

export interface Column {
  head: string;
  align?: Align;
}

const GAP = '  ';

export function renderTable(
  c: ChalkInstance,
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const lines = [columns.map((col) => c.bold(col.head)), ...rows];
  const measured = lines.map((line) => columns.map((_, i) => displayWidth(line[i] ?? '')));
  const widths = columns.map((_, i) => Math.max(...measured.map((m) => m[i]!)));
  return lines
    .map((line, r) =>
      columns
        .map((col, i) => {
          const pad = ' '.repeat(widths[i]! - measured[r]![i]!);
          return col.align === 'right' ? pad + (line[i] ?? '') : (line[i] ?? '') + pad;
        })
        .join(GAP)
        .trimEnd(),
    )
    .join('\n');
}
