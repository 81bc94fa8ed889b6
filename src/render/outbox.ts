// Human forms of the outbox. Addresses, subjects and server errors are
// outside text: they go through cleanLine.
import type { ChalkInstance } from 'chalk';
import type { OutboxState, OutboxView, SendReport } from '../services/outbox.js';
import { renderTable } from './table.js';
import { cleanLine, cut } from './text.js';
import { localInstant } from './time.js';

function stateText(c: ChalkInstance, state: OutboxState): string {
  return state === 'sent' ? c.green(state) : state === 'failed' ? c.red(state) : c.yellow(state);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The ticket number says which receipt it is: no subject column (they all read "Demande reçue : …"); the error last, where a long one runs off the row. */
export function outboxTable(
  messages: readonly OutboxView[],
  c: ChalkInstance,
  timeZone: string,
  empty: string,
): string {
  if (messages.length === 0) return empty;
  return renderTable(
    c,
    [
      { head: 'id', align: 'right' },
      { head: 'ticket', align: 'right' },
      { head: 'to' },
      { head: 'state' },
      { head: 'tries', align: 'right' },
      { head: 'next try' },
      { head: 'last error' },
    ],
    messages.map((m) => [
      String(m.id),
      m.ticket === null ? '—' : `#${m.ticket}`,
      m.to ? cut(cleanLine(m.to), 32) : c.red('none'),
      stateText(c, m.state),
      String(m.attempts),
      m.nextAttemptAt ? localInstant(m.nextAttemptAt, timeZone) : '',
      cut(cleanLine(m.lastError), 60),
    ]),
  );
}

function messageLine(m: OutboxView, c: ChalkInstance, timeZone: string): string {
  const head = `${m.ticket === null ? `message ${m.id}` : `#${m.ticket}`} → ${cleanLine(m.to ?? 'no address')}:`;
  if (m.state === 'sent') return `${head} ${stateText(c, 'sent')}`;
  const error = cleanLine(m.lastError);
  if (m.state === 'failed') return `${head} ${stateText(c, 'failed')} after ${plural(m.attempts, 'attempt')}: ${error}`;
  return `${head} ${stateText(c, 'queued')} again (attempt ${m.attempts}, next after ${localInstant(m.nextAttemptAt, timeZone)}): ${error}`;
}

export function sendReport(r: SendReport, c: ChalkInstance, timeZone: string): string {
  const lines = r.messages.map((m) => messageLine(m, c, timeZone));
  const tried =
    r.messages.length === 0 ? 'Nothing to send.' : `Sent ${r.sent}, queued again ${r.requeued}, failed ${r.failed}.`;
  const waiting =
    r.waiting > 0
      ? ` ${plural(r.waiting, 'message')} still queued (next attempt ${localInstant(r.nextAttemptAt, timeZone)}).`
      : '';
  lines.push(tried + waiting);
  return lines.join('\n');
}
