// Human forms of tickets. Client text goes through cleanLine/cleanText.
import type { ChalkInstance } from 'chalk';
import { formatMinutes, formatSeconds } from '../rules/duration.js';
import type { TicketDetails, TicketView, TimeDetails } from '../services/tickets.js';
import { stateLabel } from './style.js';
import { renderTable } from './table.js';
import { cleanLine, cleanText } from './text.js';

const local = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) + 'Z' : '—');

export function workedText(t: Pick<TicketView, 'workedSeconds' | 'slices' | 'billableMinutes'>): string {
  return `${formatSeconds(t.workedSeconds)} worked, ${t.slices} slice${t.slices === 1 ? '' : 's'} = ${t.billableMinutes} min`;
}

export function ticketLine(t: TicketView, c: ChalkInstance): string {
  return `${c.bold(`#${t.number}`)} ${stateLabel(c, t.color)} ${t.client} “${cleanLine(t.subject)}”`;
}

export function timeDetails(d: TimeDetails, c: ChalkInstance): string {
  const t = d.ticket;
  const lines = [`${ticketLine(t, c)} — ${workedText(t)}${t.timerRunning ? ', timer running' : ''}`];
  if (d.entries.length > 0) {
    lines.push(
      renderTable(
        c,
        [{ head: 'agent' }, { head: 'started' }, { head: 'ended' }, { head: 'time', align: 'right' }, { head: 'note' }],
        d.entries.map((e) => [cleanLine(e.agent), local(e.startedAt), e.endedAt ? local(e.endedAt) : c.bold('running'), formatSeconds(e.seconds), cleanLine(e.note ?? '')]),
      ),
    );
  }
  return lines.join('\n');
}

function billingText(b: TicketDetails['billing']): string {
  if (b.bills.length === 0) return 'not billed yet';
  const parts = [`${b.chargedMinutes} min charged`];
  if (b.waivedMinutes) parts.push(`${b.waivedMinutes} waived (defect)`);
  if (b.uncoveredMinutes) parts.push(`${b.uncoveredMinutes} uncovered (to invoice)`);
  return `${parts.join(', ')} in ${b.bills.length} bill${b.bills.length === 1 ? '' : 's'}`;
}

export function ticketDetails(d: TicketDetails, c: ChalkInstance): string {
  const t = d.ticket;
  const lines = [
    ticketLine(t, c),
    `  client      ${t.client}`,
    `  opened      ${local(t.createdAt)} (${formatMinutes(t.ageBusinessMinutes)} business time)`,
    `  taken       ${t.takenBy ? `${local(t.takenAt)} by ${cleanLine(t.takenBy)}` : '—'}`,
    `  resolved    ${t.resolvedAt ? `${local(t.resolvedAt)}: ${cleanLine(t.resolution)}${t.defect ? ' (software defect)' : ''}` : '—'}`,
    `  worked      ${workedText(t)}${t.timerRunning ? ', timer running' : ''}`,
    `  billing     ${billingText(d.billing)}`,
  ];
  const fix = d.billing.fix;
  if (fix) lines.push(`  fix         ${fix.delivery}, ${fix.status}${fix.version ? ` in ${cleanLine(fix.version)}` : ''}`);
  if (d.body) lines.push('', cleanText(d.body).replace(/^/gm, '  │ '));
  if (d.entries.length > 0) lines.push('', timeDetails({ ticket: t, entries: d.entries }, c).split('\n').slice(1).join('\n'));
  lines.push('', c.bold('History'));
  for (const h of d.history) lines.push(`  ${local(h.at)}  ${cleanLine(h.agent).padEnd(10)} ${h.event}${h.detail ? `: ${cleanLine(h.detail)}` : ''}`);
  return lines.join('\n');
}
