// Human forms of bill runs and defects found after closing.
import type { ChalkInstance } from 'chalk';
import { formatMinutes, formatSeconds } from '../rules/duration.js';
import type { BillLine, BillRun, DefectResult } from '../services/billing.js';
import type { FixView } from '../services/fixes.js';
import { renderTable } from './table.js';
import { cleanLine } from './text.js';
import { ticketLine } from './tickets.js';

/** A run can bill 100,000 tickets: a terminal shows the first rows, --json or CSV give them all. */
export const SHOWN_ROWS = 100;

/** The rows a table shows, and a line saying how many more there are. */
export function capped<T>(
  rows: readonly T[],
  more: (hidden: number) => string,
): { shown: readonly T[]; note: string | null } {
  if (rows.length <= SHOWN_ROWS) return { shown: rows, note: null };
  return { shown: rows.slice(0, SHOWN_ROWS), note: more(rows.length - SHOWN_ROWS) };
}

function billRow(b: BillLine): string[] {
  return [
    `#${b.ticket}`,
    cleanLine(b.client),
    formatSeconds(b.workedSeconds),
    formatMinutes(b.billableMinutes),
    formatMinutes(b.previouslyChargedMinutes),
    formatMinutes(b.chargedMinutes),
    formatMinutes(b.waivedMinutes),
    formatMinutes(b.uncoveredMinutes),
    formatMinutes(b.balanceAfterMinutes),
  ];
}

export function billTable(run: BillRun, c: ChalkInstance, options: { dryRun: boolean }): string {
  const lines: string[] = [];
  if (options.dryRun) lines.push(c.bold('Dry run: nothing was written.'));
  if (run.bills.length === 0) {
    lines.push('Nothing to bill: every resolved ticket is billed already.');
    return lines.join('\n');
  }
  const { shown, note } = capped(run.bills, (n) => `… and ${n} more tickets (--json lists them all)`);
  const t = run.totals;
  const n = run.bills.length;
  lines.push(
    renderTable(
      c,
      [
        { head: 'ticket', align: 'right' },
        { head: 'client' },
        { head: 'worked', align: 'right' },
        { head: 'billable', align: 'right' },
        { head: 'before', align: 'right' },
        { head: 'charged', align: 'right' },
        { head: 'waived', align: 'right' },
        { head: 'uncovered', align: 'right' },
        { head: 'balance', align: 'right' },
      ],
      [
        ...shown.map(billRow),
        ...(note ? [[c.dim(note), '', '', '', '', '', '', '', '']] : []),
        [
          c.bold('total'),
          `${n} ticket${n === 1 ? '' : 's'}`,
          '',
          '',
          '',
          c.bold(formatMinutes(t.chargedMinutes)),
          c.bold(formatMinutes(t.waivedMinutes)),
          c.bold(formatMinutes(t.uncoveredMinutes)),
          '',
        ],
      ],
    ),
    c.dim('before: earlier bills · waived: software defect · uncovered: to invoice'),
  );
  if (t.uncoveredMinutes > 0)
    lines.push(c.yellow(`${formatMinutes(t.uncoveredMinutes)} not covered by the credit: invoice them separately.`));
  return lines.join('\n');
}

function fixText(f: FixView): string {
  const how = f.delivery === 'hotfix' ? 'a hotfix as soon as possible' : 'the next patch release';
  return `fix owed: ${how} (${f.plan ?? 'no licence held'})${f.status === 'delivered' ? `, delivered in ${f.version}` : ''}`;
}

export function defectText(r: DefectResult, c: ChalkInstance): string {
  const lines = [`${ticketLine(r.ticket, c)} — recorded as a software defect, ${fixText(r.fix)}`];
  if (r.bill === null) lines.push('  Not billed yet: the next bill waives its time.');
  else {
    const b = r.bill;
    if (b.chargedMinutes < 0)
      lines.push(
        `  ${formatMinutes(-b.chargedMinutes)} given back to ${cleanLine(b.client)} (balance ${formatMinutes(b.balanceAfterMinutes)}).`,
      );
    if (b.uncoveredMinutes < 0)
      lines.push(
        `  ${formatMinutes(-b.uncoveredMinutes)} reported uncovered earlier are waived: cancel their invoice.`,
      );
    if (b.waivedMinutes > 0) lines.push(`  ${formatMinutes(b.waivedMinutes)} waived in all.`);
  }
  return lines.join('\n');
}
