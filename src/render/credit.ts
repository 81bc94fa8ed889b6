// Human forms of the credit commands (list, statement, import, the expiry
// run), the statement as CSV, and the import's progress bar.
import type { ChalkInstance } from 'chalk';
import { formatMinutes } from '../rules/duration.js';
import type { CreditListing } from '../services/credit.js';
import type { ImportError, ImportProgress, ImportResult } from '../services/credit-import.js';
import type { Statement } from '../services/credit-statement.js';
import type { ExpiryResult } from '../services/licence-expiry.js';
import { NAME_WIDTH } from './clients.js';
import { toCsv } from './csv.js';
import { creditText, validityText } from './style.js';
import { renderTable } from './table.js';
import { cleanLine, cut } from './text.js';
import { localInstant } from './time.js';

const signed = (minutes: number): string => (minutes > 0 ? `+${formatMinutes(minutes)}` : formatMinutes(minutes));

export function creditsTable(
  list: { asOf: string; clients: readonly CreditListing[] },
  c: ChalkInstance,
  empty: string,
): string {
  if (list.clients.length === 0) return empty;
  // The forfeit day only where it is close enough to act on: credit held without a licence (active credit is years away from one).
  return renderTable(
    c,
    [
      { head: 'client' },
      { head: 'name' },
      { head: 'credit', align: 'right' },
      { head: 'validity' },
      { head: 'forfeit on' },
    ],
    list.clients.map((r) => [
      cleanLine(r.client),
      cut(cleanLine(r.name), NAME_WIDTH),
      creditText(c, r.balanceMinutes),
      validityText(c, r.validity, r.validUntil),
      r.forfeitsOn && r.balanceMinutes > 0 && r.validity !== 'active' ? c.yellow(r.forfeitsOn) : '',
    ]),
  );
}

export function statementTable(s: Statement, c: ChalkInstance, timeZone: string): string {
  const period = s.from || s.to ? ` from ${s.from ?? 'the start'} to ${s.to ?? 'today'}` : '';
  const lines = [`${c.bold(s.client)} credit statement${period} (times in ${timeZone})`];
  if (s.from) lines.push(`Opening balance: ${formatMinutes(s.openingBalanceMinutes)}`);
  if (s.entries.length === 0)
    lines.push(s.from || s.to ? 'No entries in this period.' : 'No entries yet: purchases come with credits import.');
  else
    lines.push(
      renderTable(
        c,
        [
          { head: 'at' },
          { head: 'kind' },
          { head: 'minutes', align: 'right' },
          { head: 'balance', align: 'right' },
          { head: 'reference' },
          { head: 'note' },
        ],
        s.entries.map((e) => [
          localInstant(e.at, timeZone),
          e.due ? c.red(`${e.kind} (due)`) : e.kind,
          signed(e.minutes),
          formatMinutes(e.balanceMinutes),
          cleanLine(e.reference ?? ''),
          cleanLine(e.note ?? ''),
        ]),
      ),
    );
  lines.push(`Balance: ${c.bold(formatMinutes(s.balanceMinutes))}`);
  return lines.join('\n');
}

export function statementCsv(s: Statement): string {
  return toCsv(
    ['client', 'at', 'kind', 'minutes', 'balance_minutes', 'reference', 'note', 'due'],
    s.entries.map((e) => [s.client, e.at, e.kind, e.minutes, e.balanceMinutes, e.reference, e.note, String(e.due)]),
  );
}

/** Created clients named in the summary; more are counted (--json lists them all). */
const CREATED_SHOWN = 20;

export function importSummary(r: ImportResult, c: ChalkInstance): string {
  const what = `${r.imported} order${r.imported === 1 ? '' : 's'} (${signed(r.minutesAdded)} of credit), ${r.skipped} already imported and skipped`;
  const lines = [r.dryRun ? `Dry run: would import ${what}. Nothing was written.` : `Imported ${c.bold(what)}.`];
  const n = r.createdClients.length;
  if (n > 0) {
    const shown = r.createdClients.slice(0, CREATED_SHOWN).map(cleanLine).join(', ');
    const more = n > CREATED_SHOWN ? ` and ${n - CREATED_SHOWN} more` : '';
    lines.push(`${r.dryRun ? 'Would create' : 'Created'} ${n} new client${n === 1 ? '' : 's'}: ${shown}${more}.`);
  }
  return lines.join('\n');
}

/** The list of errors, for stderr: one line each, as the file shows them. */
export function importErrorLines(errors: readonly ImportError[]): string {
  return errors.map((e) => `line ${e.line}: ${cleanLine(e.message)}`).join('\n');
}

export function expiryReport(r: ExpiryResult, c: ChalkInstance): string {
  const lines = [`${r.dryRun ? 'Dry run of the expiry' : 'Expiry'} as of ${r.asOf}:`];
  if (r.expired.length === 0) lines.push('  no licence ended on the day before');
  for (const e of r.expired) lines.push(`  licence #${e.licence} of ${e.client} ended on ${e.endsOn}: credit frozen`);
  if (r.forfeited.length === 0) lines.push('  no credit to forfeit');
  for (const f of r.forfeited)
    lines.push(
      `  ${r.dryRun ? 'would forfeit' : c.red('forfeited')} ${formatMinutes(f.minutes)} of ${f.client}, due on ${f.day}`,
    );
  return lines.join('\n');
}

/** A progress bar on stderr for a long import (the caller decides that stderr is a terminal). */
export async function importProgressBar(
  totalBytes: number,
): Promise<{ update(p: ImportProgress): void; stop(): void }> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: '{phase} |{bar}| {percentage}% {rows} rows',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(totalBytes, 0, { phase: 'reading', rows: 0 });
  return {
    update: (p) => bar.update(p.phase === 'writing' ? totalBytes : p.bytesRead, { phase: p.phase, rows: p.rows }),
    stop: () => bar.stop(),
  };
}
