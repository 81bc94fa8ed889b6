// Human forms of the fixes owed for software defects.
import type { ChalkInstance } from 'chalk';
import type { FixDetails } from '../services/fixes.js';
import { capped } from './billing.js';
import { renderTable } from './table.js';

export function fixesTable(fixes: readonly FixDetails[], c: ChalkInstance, empty = 'No fixes owed.'): string {
  if (fixes.length === 0) return empty;
  const { shown, note } = capped(fixes, (n) => `… and ${n} more (--json lists them all)`);
  return renderTable(
    c,
    [
      { head: 'ticket', align: 'right' },
      { head: 'client' },
      { head: 'plan' },
      { head: 'delivery' },
      { head: 'status' },
      { head: 'version' },
    ],
    [
      ...shown.map((f) => [
        `#${f.ticket}`,
        f.client,
        f.plan ?? 'no licence',
        f.delivery === 'hotfix' ? c.bold('hotfix') : 'next release',
        f.status === 'pending' ? c.yellow('pending') : c.green('delivered'),
        f.version ?? '—',
      ]),
      ...(note ? [[c.dim(note), '', '', '', '', '']] : []),
    ],
  );
}

export function deliveredText(fix: FixDetails, c: ChalkInstance): string {
  return `Fix for #${fix.ticket} (${fix.client}, ${fix.delivery}) ${c.green('delivered')} in ${fix.version}.`;
}

export function releaseText(r: { version: string; fixes: readonly FixDetails[] }, c: ChalkInstance): string {
  if (r.fixes.length === 0) return `Release ${r.version}: no next-release fix was pending.`;
  return `Release ${r.version} delivers ${r.fixes.length} fix${r.fixes.length === 1 ? '' : 'es'}:\n${fixesTable(r.fixes, c)}`;
}
