// Human forms of `db check` and `db backup`.
import type { ChalkInstance } from 'chalk';
import type { BackupResult } from '../services/db-backup.js';
import type { CheckReport } from '../services/db-check.js';
import { cleanLine } from './text.js';

export function checkReport(r: CheckReport, c: ChalkInstance): string {
  const width = Math.max(...r.checks.map((k) => k.name.length));
  const lines = [`Checking ${cleanLine(r.database)}`];
  for (const k of r.checks) {
    const mark = k.findings === 0 ? c.green('✓ ok  ') : c.red('✗ FAIL');
    lines.push(`  ${mark} ${k.name.padEnd(width)}  ${k.findings === 0 ? k.description : c.bold(`${k.findings} finding${k.findings === 1 ? '' : 's'}`)}`);
    const listed = r.findings.filter((f) => f.check === k.name);
    for (const f of listed) lines.push(`           ${cleanLine(f.subject)}: ${cleanLine(f.message)}`);
    if (listed.length < k.findings) lines.push(`           … and ${k.findings - listed.length} more`);
  }
  lines.push('', r.ok ? c.green('All checks passed.') : c.red('The database breaks the invariants above.'));
  return lines.join('\n');
}

export function backupLine(r: BackupResult, c: ChalkInstance): string {
  const mib = (r.bytes / 1_048_576).toFixed(1);
  return `Backed up to ${c.bold(cleanLine(r.file))} (${r.pages} pages, ${mib} MiB); quick check of the copy: ${r.check === 'ok' ? c.green('ok') : c.red(cleanLine(r.check))}`;
}
