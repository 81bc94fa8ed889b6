// The queue for people: counts, then one line per ticket fitted to the width
// (subjects cut), states as a coloured dot and the word. Client text (subjects,
// names) and agent names go through cleanLine: they reach a terminal.
import type { ChalkInstance } from 'chalk';
import { formatBusinessAge } from '../rules/business-time.js';
import { formatSeconds } from '../rules/duration.js';
import { COLORS } from '../rules/ticket-states.js';
import { colorsOf, type QueueClient, type QueuePage, type QueueState } from '../services/queue.js';
import type { TicketView } from '../services/tickets.js';
import { creditText, stateLabel } from './style.js';
import { renderTable, type Column } from './table.js';
import { cleanLine, cut, displayWidth, padDisplay } from './text.js';
import { localInstant } from './time.js';

/** Columns two spaces apart (see renderTable). */
const GAP = 2;
/** Below this a subject says too little: a less useful column goes first (at 80 columns). */
const SUBJECT_MIN = 25;
/** The last resort: the subject is cut this short rather than the line overflow. */
const SUBJECT_FLOOR = 12;
/** Room a subject gets before client names get more than their minimum. */
const SUBJECT_FIRST = 40;
/** From this width client names always show, with at least NAME_MIN columns of them. */
const NAMES_FROM = 100;
/** A client name cut shorter than this ("C003 Gara…") says nothing: the code alone then. */
const NAME_MIN = 12;
const NAME_MAX = 32;

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
  return [creditText(c, client.balanceMinutes), client.validity === 'active' ? '' : c.yellow(client.validity)]
    .filter(Boolean)
    .join(', ');
}

function workedCell(t: TicketView, slices: boolean): string {
  if (t.workedSeconds === 0 && !t.timerRunning) return '—';
  return slices ? `${formatSeconds(t.workedSeconds)} (${t.slices}×15')` : formatSeconds(t.workedSeconds);
}

function header(s: QueueScreen, c: ChalkInstance): string[] {
  const lines: string[] = [];
  if (s.watch)
    lines.push(
      c.dim(
        `every ${s.watch.seconds} s · ${localInstant(s.watch.now, s.watch.timeZone)} ${s.watch.timeZone} · Ctrl-C to quit`,
      ),
    );
  const counts = COLORS.map((color) => `${stateLabel(c, color)} ${c.bold(String(s.page.counts[color]))}`);
  const filters = [
    s.client ? `client ${cleanLine(s.client)}` : '',
    s.agent ? `taken by ${cleanLine(s.agent)}` : '',
  ].filter(Boolean);
  lines.push(`Queue (${s.state}): ${counts.join('   ')}${filters.length > 0 ? `   — ${filters.join(', ')}` : ''}`);
  return lines;
}

export function queueScreen(s: QueueScreen, c: ChalkInstance): string {
  const lines = header(s, c);
  const colors = colorsOf(s.state);
  const total = colors.reduce((sum, color) => sum + s.page.counts[color], 0);
  if (s.page.tickets.length === 0) {
    const counts = s.page.counts;
    const others = counts.red + counts.orange + counts.green;
    const filtered = s.client || s.agent;
    let next = '';
    if (others > 0) next = ` (--state all shows the ${others} other${others === 1 ? '' : 's'})`;
    else if (!filtered)
      next = ": nothing waits. A request is recorded with 'alias-support tickets open --client C --subject S'";
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
  const widest = (key: keyof (typeof cells)[number], head: string): number =>
    Math.max(displayWidth(head), ...cells.map((x) => displayWidth(x[key])));
  // The optional columns, the least useful first: what a narrow screen gives up before cutting subjects under SUBJECT_MIN.
  const optional = [
    { key: 'slices', width: widest('worked', 'worked') - widest('short', 'worked') },
    { key: 'worked', width: widest('short', 'worked') + GAP },
    { key: 'agent', width: widest('agent', 'agent') + GAP },
  ];
  const code = widest('code', 'client');
  const base =
    widest('state', 'state') +
    widest('number', '#') +
    widest('age', 'age') +
    widest('credit', 'credit') +
    code +
    GAP * 5;
  const subjectNeeds = widest('subject', 'subject');
  const nameNeeds = Math.min(NAME_MAX, widest('name', ''));
  // From NAMES_FROM columns the name always shows: its minimum is kept like a column's.
  const nameFloor = s.width >= NAMES_FROM && nameNeeds > 0 ? Math.min(NAME_MIN, nameNeeds) : 0;
  const kept = new Set(optional.map((o) => o.key));
  let room = s.width - base - optional.reduce((sum, o) => sum + o.width, 0);
  for (const o of optional) {
    if (room - (nameFloor && nameFloor + 1) >= Math.min(SUBJECT_MIN, subjectNeeds)) break;
    kept.delete(o.key);
    room += o.width;
  }
  // The subject has its first SUBJECT_FIRST columns before the name gets more than its floor; the rest goes to the subject.
  const spare = Math.min(nameNeeds, room - 1 - Math.min(subjectNeeds, SUBJECT_FIRST));
  const name = Math.max(nameFloor, spare >= Math.min(NAME_MIN, nameNeeds) ? spare : 0);
  const subject = Math.max(SUBJECT_FLOOR, room - (name > 0 ? name + 1 : 0));
  const codes = Math.max(...cells.map((x) => displayWidth(x.code)));
  const columns: Column[] = [
    { head: 'state' },
    { head: '#', align: 'right' },
    { head: 'client' },
    { head: 'subject' },
    { head: 'age', align: 'right' },
    ...(kept.has('agent') ? [{ head: 'agent' }] : []),
    ...(kept.has('worked') ? [{ head: 'worked' }] : []),
    { head: 'credit' },
  ];
  const rows = cells.map((x) => [
    x.state,
    c.bold(x.number),
    name > 0 && x.name ? `${padDisplay(x.code, codes)} ${cut(x.name, name)}` : x.code,
    cut(x.subject, subject),
    x.age,
    ...(kept.has('agent') ? [x.agent] : []),
    ...(kept.has('worked') ? [kept.has('slices') ? x.worked : x.short] : []),
    x.credit,
  ]);
  lines.push('', renderTable(c, columns, rows));
  if (total > s.page.tickets.length)
    lines.push(
      '',
      c.dim(
        `… ${total - s.page.tickets.length} more not shown (${s.page.tickets.length} of ${total}; --limit N shows more)`,
      ),
    );
  return lines.join('\n');
}
