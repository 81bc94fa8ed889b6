// Human forms of `db check` and `db backup`.
import type { ChalkInstance } from 'chalk';
import type { BackupResult } from '../services/db-backup.js';
import type { CheckReport } from '../services/db-check.js';
import { cleanLine } from './text.js';

/** Lines of at most `width` characters, broken between words (a longer word stays whole). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** What `db check --quick` vouches for: a full check also matches every index against its table. */
const QUICK_INTEGRITY =
  "SQLite quick_check: pages and records are sound ('db check' without --quick also matches the indexes)";

/** The report fits 80 columns: descriptions wrap under themselves. */
const REPORT_WIDTH = 80;

export function checkReport(r: CheckReport, c: ChalkInstance): string {
  const width = Math.max(...r.checks.map((k) => k.name.length));
  const indent = 2 + 6 + 1 + width + 2;
  const lines = [r.quick ? `Quick check of ${cleanLine(r.database)}` : `Checking ${cleanLine(r.database)}`];
  for (const k of r.checks) {
    const mark = k.findings === 0 ? c.green('✓ ok  ') : c.red('✗ FAIL');
    const description = r.quick && k.name === 'integrity' ? QUICK_INTEGRITY : k.description;
    const [first, ...rest] =
      k.findings === 0
        ? wrapWords(description, REPORT_WIDTH - indent)
        : [c.bold(`${k.findings} finding${k.findings === 1 ? '' : 's'}`)];
    lines.push(`  ${mark} ${k.name.padEnd(width)}  ${first}`, ...rest.map((more) => `${' '.repeat(indent)}${more}`));
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
