// Human and CSV forms of `report usage`.
import type { ChalkInstance } from 'chalk';
import { formatMinutes, formatSeconds } from '../rules/duration.js';
import type { UsageFigures, UsageReport } from '../services/usage-report.js';
import { capped } from './billing.js';
import { toCsv } from './csv.js';
import { renderTable } from './table.js';
import { cleanLine } from './text.js';

const FIGURES = [
  'tickets',
  'workedSeconds',
  'billableMinutes',
  'chargedMinutes',
  'waivedMinutes',
  'uncoveredMinutes',
] as const;

const cells = (f: UsageFigures): string[] => [
  String(f.tickets),
  formatSeconds(f.workedSeconds),
  formatMinutes(f.billableMinutes),
  formatMinutes(f.chargedMinutes),
  formatMinutes(f.waivedMinutes),
  formatMinutes(f.uncoveredMinutes),
];

function period(r: UsageReport): string {
  if (r.from === null && r.to === null) return 'all resolved tickets';
  return `tickets resolved ${r.from ? `from ${r.from}` : ''}${r.from && r.to ? ' ' : ''}${r.to ? `to ${r.to}` : ''}`;
}

export function usageTable(r: UsageReport, c: ChalkInstance): string {
  const title = `Usage by ${r.by}, ${period(r)}`;
  if (r.rows.length === 0)
    return r.from === null && r.to === null
      ? 'No resolved tickets yet: usage counts tickets once they are closed.'
      : `No ${period(r)}.`;
  const { shown, note } = capped(r.rows, (n) => `… and ${n} more (--format csv lists them all)`);
  const table = renderTable(
    c,
    [
      { head: r.by },
      { head: 'tickets', align: 'right' },
      { head: 'worked', align: 'right' },
      { head: 'billable', align: 'right' },
      { head: 'charged', align: 'right' },
      { head: 'waived', align: 'right' },
      { head: 'uncovered', align: 'right' },
    ],
    [
      ...shown.map((row) => [cleanLine(row.key), ...cells(row)]),
      ...(note ? [[c.dim(note), '', '', '', '', '', '']] : []),
      [c.bold('total'), ...cells(r.totals).map((s) => c.bold(s))],
    ],
  );
  const lines = [
    c.bold(title),
    table,
    c.dim('billable: 15-minute slices · waived: software defect · uncovered: beyond the credit, to invoice'),
  ];
  if (r.by === 'agent')
    lines.push(c.dim("A ticket's figures are split among its agents by their own time; it counts once per agent."));
  return lines.join('\n');
}

/** One row per key, figures as plain numbers (worked time in seconds), through the one CSV writer. */
export function usageCsv(r: UsageReport): string {
  return toCsv(
    [r.by, ...FIGURES],
    r.rows.map((row) => [row.key, ...FIGURES.map((k) => row[k])]),
  );
}
