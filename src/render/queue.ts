// The queue for people: counts, then one line per ticket fitted to the width
// (subjects cut), states as a coloured dot and the word. Client text (subjects,
// names) and agent names go through cleanLine: they reach a terminal.
import type { ChalkInstance } from 'chalk';
import { formatBusinessAge } from '../rules/business-time.js';
import { localTime } from '../rules/calendar.js';
import { formatMinutes, formatSeconds } from '../rules/duration.js';
import { COLORS_OF, type QueueClient, type QueuePage, type QueueState } from '../services/queue.js';
import type { TicketView } from '../services/tickets.js';
import { stateLabel } from './style.js';
import { renderTable, type Column } from './table.js';
import { cleanLine, cut } from './text.js';

/** Credit under this many minutes is flagged: less than two slices left. */
export const LOW_CREDIT_MINUTES = 30;

/** Columns two spaces apart (see renderTable without borders). */
const GAP = 2;
const MIN_SUBJECT = 12;
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

function creditCell(c: ChalkInstance, client: QueueClient | undefined): string {
  if (!client) return '—';
  const flags: string[] = [];
  if (client.balanceMinutes <= 0) flags.push(c.red('none'));
  else if (client.balanceMinutes < LOW_CREDIT_MINUTES) flags.push(c.yellow('low'));
  if (client.validity !== 'active') flags.push(c.yellow(client.validity));
  return [client.balanceMinutes > 0 ? formatMinutes(client.balanceMinutes) : '', ...flags].filter(Boolean).join(' ');
}

function workedCell(t: TicketView): string {
  if (t.workedSeconds === 0 && !t.timerRunning) return '—';
  return `${formatSeconds(t.workedSeconds)} (${t.slices}×15')`;
}

const width = (text: string): number => [...text.replace(/\u001b\[[\d;]*m/g, '')].length;

function header(s: QueueScreen, c: ChalkInstance): string[] {
  const lines: string[] = [];
  if (s.watch) {
    const t = localTime(s.watch.now, s.watch.timeZone);
    const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
    const clock = `${two(t.minuteOfDay / 60)}:${two(t.minuteOfDay % 60)}`;
    lines.push(c.dim(`every ${s.watch.seconds} s · ${t.day} ${clock} ${s.watch.timeZone} · Ctrl-C to quit`));
  }
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
    lines.push('', `No ${colors.join(' or ')} tickets${s.client || s.agent ? ' here' : ''}.`);
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
      worked: workedCell(t),
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
  const fixed =
    widest('state', 'state') + widest('number', '#') + widest('age', 'age') + widest('agent', 'agent') + widest('worked', 'worked') + widest('credit', 'credit');
  const codeWidth = widest('code', 'client');
  // What the subject and the client share: client names only with room to spare once the subjects have theirs.
  const room = s.width - fixed - codeWidth - GAP * (columns.length - 1);
  const subjectNeeds = Math.min(SUBJECT_FIRST, widest('subject', 'subject'));
  const clientWidth = Math.min(MAX_CLIENT, Math.max(codeWidth, codeWidth + room - subjectNeeds));
  const subjectWidth = Math.max(MIN_SUBJECT, room - (clientWidth - codeWidth));
  const rows = cells.map((x) => [
    x.state,
    c.bold(x.number),
    cut(clientWidth > codeWidth + 1 && x.name ? `${x.code} ${x.name}` : x.code, clientWidth),
    cut(x.subject, subjectWidth),
    x.age,
    x.agent,
    x.worked,
    x.credit,
  ]);
  lines.push('', renderTable(c, columns, rows, { borders: false }));
  if (total > s.page.tickets.length)
    lines.push('', c.dim(`… ${total - s.page.tickets.length} more not shown (${s.page.tickets.length} of ${total}; --limit N shows more)`));
  return lines.join('\n');
}
