// Human forms of tickets. Client text goes through cleanLine/cleanText;
// instants are shown in the business time zone (see time.ts).
import type { ChalkInstance } from 'chalk';
import { formatBusinessAge } from '../rules/business-time.js';
import { formatMinutes, formatSeconds } from '../rules/duration.js';
import type { EntryView, TicketDetails, TicketView, TimeDetails } from '../services/tickets.js';
import { stateLabel } from './style.js';
import { renderTable } from './table.js';
import { cleanLine, cleanText, cut } from './text.js';
import { localInstant } from './time.js';

/** A subject in a one-line confirmation is cut to this, so the line stays about one terminal row. */
const LINE_SUBJECT = 40;

export function workedText(t: Pick<TicketView, 'workedSeconds' | 'slices' | 'billableMinutes'>): string {
  return `${formatSeconds(t.workedSeconds)} worked, ${t.slices} slice${t.slices === 1 ? '' : 's'} = ${formatMinutes(t.billableMinutes)} billable`;
}

/** `#1042 ● orange C042 “Export PDF plante”`: the subject cut to `subjectWidth`. */
export function ticketLine(t: TicketView, c: ChalkInstance, subjectWidth = LINE_SUBJECT): string {
  return `${c.bold(`#${t.number}`)} ${stateLabel(c, t.color)} ${cleanLine(t.client)} “${cut(cleanLine(t.subject), subjectWidth)}”`;
}

/** What `close` did: the minutes to bill, or none for a software defect. */
export function resolvedText(t: TicketView): string {
  return t.defect
    ? 'resolved as a software defect: not charged'
    : `resolved, ${formatMinutes(t.billableMinutes)} billable`;
}

function entriesTable(entries: readonly EntryView[], c: ChalkInstance, timeZone: string): string {
  return renderTable(
    c,
    [{ head: 'agent' }, { head: 'started' }, { head: 'ended' }, { head: 'time', align: 'right' }, { head: 'note' }],
    entries.map((e) => [
      cut(cleanLine(e.agent), 16),
      localInstant(e.startedAt, timeZone),
      e.endedAt ? localInstant(e.endedAt, timeZone) : c.bold('running'),
      formatSeconds(e.seconds),
      cut(cleanLine(e.note), 40),
    ]),
  );
}

export function timeDetails(d: TimeDetails, c: ChalkInstance, timeZone: string): string {
  const t = d.ticket;
  const lines = [`${ticketLine(t, c)} — ${workedText(t)}${t.timerRunning ? ', timer running' : ''}`];
  if (d.entries.length > 0) lines.push(entriesTable(d.entries, c, timeZone));
  return lines.join('\n');
}

function billingText(b: TicketDetails['billing']): string {
  if (b.bills.length === 0) return 'not billed yet';
  const parts = [`${formatMinutes(b.chargedMinutes)} charged`];
  if (b.waivedMinutes) parts.push(`${formatMinutes(b.waivedMinutes)} waived (defect)`);
  if (b.uncoveredMinutes) parts.push(`${formatMinutes(b.uncoveredMinutes)} uncovered (to invoice)`);
  return `${parts.join(', ')} in ${b.bills.length} bill${b.bills.length === 1 ? '' : 's'}`;
}

export function ticketDetails(d: TicketDetails, c: ChalkInstance, timeZone: string): string {
  const t = d.ticket;
  const at = (iso: string | null) => localInstant(iso, timeZone);
  const lines = [
    ticketLine(t, c, Infinity),
    `  client      ${cleanLine(t.client)}`,
    `  opened      ${at(t.createdAt)}, ${formatBusinessAge(t.ageBusinessMinutes)} ${t.resolvedAt ? 'of business hours before its resolution' : 'ago in business hours'}`,
    `  taken       ${t.takenBy ? `${at(t.takenAt)} by ${cleanLine(t.takenBy)}` : '—'}`,
    `  resolved    ${t.resolvedAt ? `${at(t.resolvedAt)}: ${cleanLine(t.resolution)}${t.defect ? ' (software defect)' : ''}` : '—'}`,
    `  time        ${t.workedSeconds === 0 && t.color === 'red' ? 'none: counting starts at the take' : `${workedText(t)}${t.timerRunning ? ', timer running' : ''}`}`,
    `  billing     ${billingText(d.billing)}`,
  ];
  const fix = d.billing.fix;
  if (fix)
    lines.push(
      `  fix         ${fix.delivery === 'hotfix' ? 'hotfix' : 'next release'}, ${fix.status}${fix.version ? ` in ${cleanLine(fix.version)}` : ''}`,
    );
  if (d.body) lines.push('', cleanText(d.body).replace(/^/gm, '  │ '));
  if (d.entries.length > 0) lines.push('', entriesTable(d.entries, c, timeZone));
  lines.push('', c.bold('History'));
  for (const h of d.history)
    lines.push(
      `  ${at(h.at)}  ${cut(cleanLine(h.agent), 10).padEnd(10)} ${h.event}${h.detail ? `: ${cleanLine(h.detail)}` : ''}`,
    );
  return lines.join('\n');
}
