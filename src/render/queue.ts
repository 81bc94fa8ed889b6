// The queue for people: counts, then one line per ticket fitted to the width
// (subjects cut), states as a coloured dot and the word. Client text (subjects,
// names) and agent names go through cleanLine: they reach a terminal.
import type { ChalkInstance } from 'chalk';
import { formatBusinessAge } from '../rules/business-time.js';
import { formatSeconds } from '../rules/duration.js';
import { COLORS_OF, type QueueClient, type QueuePage, type QueueState } from '../services/queue.js';
import type { TicketView } from '../services/tickets.js';
import { creditText, stateLabel } from './style.js';
import { renderTable, type Column } from './table.js';
import { cleanLine, cut } from './text.js';
import { localInstant } from './time.js';

/** Columns two spaces apart (see renderTable). */
const GAP = 2;
const MIN_SUBJECT = 12;
/** Below this, the worked column drops its slice count (80 columns): the subject matters more. */
const SUBJECT_COMFORT = 24;
/** A client name cut shorter than this ("C003 Gara…") says nothing: the code alone then. */
const MIN_NAME = 8;
/** Room the subjects keep (when they need it) before client names get any. */
const SUBJECT_FIRST = 40;
const MAX_CLIENT = 28;

export interface QueueScreen {
  page: QueuePage;
  clients: ReadonlyMap<string, QueueClient>;
  state: QueueState;
  agent?: string;
  client?: string;
  /** columns available: the terminal's, or a fixed width when stdout is not one */
  width: number;
  /** with --watch: the first line says how often and as of when */
  watch?: { seconds: number; now: number; timeZone: string };
}

/** The balance (`low`, `none` flagged) and, when not active, the validity: a take would be refused. */
function creditCell(c: ChalkInstance, client: QueueClient | undefined): string {
  if (!client) return '—';
  return [creditText(c, client.balanceMinutes), client.validity === 'active' ? '' : c.yellow(client.validity)].filter(Boolean).join(', ');
}

function workedCell(t: TicketView, slices: boolean): string {
  if (t.workedSeconds === 0 && !t.timerRunning) return '—';
  return slices ? `${formatSeconds(t.workedSeconds)} (${t.slices}×15')` : formatSeconds(t.workedSeconds);
}

const width = (text: string): number => [...text.replace(/\u001b\[[\d;]*m/g, '')].length;

function header(s: QueueScreen, c: ChalkInstance): string[] {
  const lines: string[] = [];
  if (s.watch) lines.push(c.dim(`every ${s.watch.seconds} s · ${localInstant(s.watch.now, s.watch.timeZone)} ${s.watch.timeZone} · Ctrl-C to quit`));
  const counts = (['red', 'orange', 'green'] as const).map((color) => `${stateLabel(c, color)} ${c.bold(String(s.page.counts[color]))}`);
  const filters = [s.client ? `client ${cleanLine(s.client)}` : '', s.agent ? `taken by ${cleanLine(s.agent)}` : ''].filter(Boolean);
  lines.push(`Queue (${s.state}): ${counts.join('   ')}${filters.length > 0 ? `   — ${filters.join(', ')}` : ''}`);
  return lines;
}

export function queueScreen(s: QueueScreen, c: ChalkInstance): string {
  const lines = header(s, c);
  const colors = COLORS_OF[s.state];
  const total = colors.reduce((sum, color) => sum + s.page.counts[color], 0);
  if (s.page.tickets.length === 0) {
    const counts = s.page.counts;
    const others = counts.red + counts.orange + counts.green;
    const filtered = s.client || s.agent;
    let next = '';
    if (others > 0) next = ` (--state all shows the ${others} other${others === 1 ? '' : 's'})`;
    else if (!filtered) next = ": nothing waits. A request is recorded with 'alias-support tickets open --client C --subject S'";
    lines.push('', `No ${colors.join(' or ')} tickets${filtered ? ' here' : ''}${next}.`);
    return lines.join('\n');
  }
  const cells = s.page.tickets.map((t) => {
    const client = s.clients.get(t.client);
    return {
      state: stateLabel(c, t.color),
      number: String(t.number),
      code: cleanLine(t.client),
      name: cleanLine(client?.name),
      subject: cleanLine(t.subject),
      age: formatBusinessAge(t.ageBusinessMinutes),
      agent: cut(cleanLine(t.takenBy) || '—', 16),
      worked: workedCell(t, true),
      short: workedCell(t, false),
      credit: creditCell(c, client),
    };
  });
  const columns: Column[] = [
    { head: 'state' },
    { head: '#', align: 'right' },
    { head: 'client' },
    { head: 'subject' },
    { head: 'age', align: 'right' },
    { head: 'agent' },
    { head: 'worked' },
    { head: 'credit' },
  ];
  const widest = (key: keyof (typeof cells)[number], head: string): number => Math.max(head.length, ...cells.map((x) => width(x[key])));
  const codeWidth = widest('code', 'client');
  const subjectNeeds = Math.min(SUBJECT_FIRST, widest('subject', 'subject'));
  // What the subject and the client share once the other columns have theirs.
  const roomWith = (worked: 'worked' | 'short'): number =>
    s.width - codeWidth - GAP * (columns.length - 1) -
    (widest('state', 'state') + widest('number', '#') + widest('age', 'age') + widest('agent', 'agent') + widest(worked, 'worked') + widest('credit', 'credit'));
  const slices = roomWith('worked') >= Math.min(SUBJECT_COMFORT, subjectNeeds);
  const room = roomWith(slices ? 'worked' : 'short');
  // Client names only with room to spare once the subjects have theirs, and only when enough of a name shows.
  const spare = Math.min(MAX_CLIENT, codeWidth + room - subjectNeeds) - codeWidth - 1;
  const clientWidth = spare >= MIN_NAME ? codeWidth + 1 + spare : codeWidth;
  const subjectWidth = Math.max(MIN_SUBJECT, room - (clientWidth - codeWidth));
  const rows = cells.map((x) => [
    x.state,
    c.bold(x.number),
    cut(clientWidth > codeWidth && x.name ? `${x.code} ${x.name}` : x.code, clientWidth),
    cut(x.subject, subjectWidth),
    x.age,
    x.agent,
    slices ? x.worked : x.short,
    x.credit,
  ]);
  lines.push('', renderTable(c, columns, rows));
  if (total > s.page.tickets.length)
    lines.push('', c.dim(`… ${total - s.page.tickets.length} more not shown (${s.page.tickets.length} of ${total}; --limit N shows more)`));
  return lines.join('\n');
}
