// Human forms of the outbox. Addresses, subjects and server errors are
// outside text: they go through cleanLine.
import type { ChalkInstance } from 'chalk';
import type { OutboxState, OutboxView, SendReport } from '../services/outbox.js';
import { renderTable } from './table.js';
import { cleanLine, cut } from './text.js';

const at = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) + 'Z' : '—');

function stateText(c: ChalkInstance, state: OutboxState): string {
  return state === 'sent' ? c.green(state) : state === 'failed' ? c.red(state) : c.yellow(state);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function outboxTable(messages: readonly OutboxView[], c: ChalkInstance): string {
  if (messages.length === 0) return 'The outbox is empty.';
  return renderTable(
    c,
    [
      { head: 'id', align: 'right' },
      { head: 'ticket', align: 'right' },
      { head: 'to' },
      { head: 'state' },
      { head: 'tries', align: 'right' },
      { head: 'subject' },
      { head: 'last error / next try' },
    ],
    messages.map((m) => [
      String(m.id),
      m.ticket === null ? '—' : `#${m.ticket}`,
      m.to ? cleanLine(m.to) : c.red('none'),
      stateText(c, m.state),
      String(m.attempts),
      cut(cleanLine(m.subject), 40),
      [m.lastError ? cut(cleanLine(m.lastError), 50) : '', m.nextAttemptAt ? `next ${at(m.nextAttemptAt)}` : ''].filter(Boolean).join('; '),
    ]),
  );
}

function messageLine(m: OutboxView, c: ChalkInstance): string {
  const head = `${m.ticket === null ? `message ${m.id}` : `#${m.ticket}`} → ${cleanLine(m.to ?? 'no address')}:`;
  if (m.state === 'sent') return `${head} ${stateText(c, 'sent')}`;
  const error = cleanLine(m.lastError);
  if (m.state === 'failed') return `${head} ${stateText(c, 'failed')} after ${plural(m.attempts, 'attempt')}: ${error}`;
  return `${head} ${stateText(c, 'queued')} again (attempt ${m.attempts}, next after ${at(m.nextAttemptAt)}): ${error}`;
}

export function sendReport(r: SendReport, c: ChalkInstance): string {
  const lines = r.messages.map((m) => messageLine(m, c));
  const tried = r.messages.length === 0 ? 'Nothing to send.' : `Sent ${r.sent}, queued again ${r.requeued}, failed ${r.failed}.`;
  const waiting = r.waiting > 0 ? ` ${plural(r.waiting, 'message')} still queued (next attempt ${at(r.nextAttemptAt)}).` : '';
  lines.push(tried + waiting);
  return lines.join('\n');
}
