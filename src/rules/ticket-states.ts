// The ticket states, stated once: each status's colour (the desk's word for
// it, and the key of the client space's words for it) and the history events
// that move a ticket out of it, with where they lead. Services, the queue's
// filters, the rendering, the database check's SQL and the client space all
// read this table.

export const TICKET_STATES = {
  pending: { color: 'red', next: { taken: 'in_progress', closed: 'resolved' } },
  in_progress: { color: 'orange', next: { released: 'pending', closed: 'resolved' } },
  resolved: { color: 'green', next: { reopened: 'pending' } },
} as const satisfies Record<string, { color: string; next: Record<string, string> }>;

export type TicketStatus = keyof typeof TICKET_STATES;
export type TicketColor = (typeof TICKET_STATES)[TicketStatus]['color'];
/** A history event that changes the status ('opened' starts a ticket as pending). */
export type StateEvent = 'opened' | { [S in TicketStatus]: keyof (typeof TICKET_STATES)[S]['next'] }[TicketStatus];

export const STATUSES = Object.keys(TICKET_STATES) as TicketStatus[];
/** The colours in the queue's order: waiting, taken, resolved. */
export const COLORS: readonly TicketColor[] = STATUSES.map((s) => TICKET_STATES[s].color);

export const COLOR = Object.fromEntries(STATUSES.map((s) => [s, TICKET_STATES[s].color])) as Record<
  TicketStatus,
  TicketColor
>;
export const STATUS_OF_COLOR = Object.fromEntries(STATUSES.map((s) => [TICKET_STATES[s].color, s])) as Record<
  TicketColor,
  TicketStatus
>;

/** What `queue --state` takes: a colour, or open (red then orange: not resolved) or all. */
export const QUEUE_STATES = [...COLORS, 'open', 'all'] as const;
export type QueueState = TicketColor | 'open' | 'all';

/** The word the desk (CLI, e-mails to agents, MCP) uses for a state: its colour. */
export function stateWord(color: TicketColor): string {
  return color;
}

/** The status a ticket in `status` moves to on `event`; undefined: the event is not allowed from there. */
export function transition(status: TicketStatus, event: StateEvent): TicketStatus | undefined {
  const next: Partial<Record<string, TicketStatus>> = TICKET_STATES[status].next;
  return next[event];
}

/** Every event that changes the status, 'opened' first. */
export const STATE_EVENTS: readonly StateEvent[] = [
  'opened',
  ...new Set(STATUSES.flatMap((s) => Object.keys(TICKET_STATES[s].next) as StateEvent[])),
];

/** The status an event leaves a ticket in (whatever the status before: the events name their result). */
export function statusAfter(event: StateEvent): TicketStatus {
  if (event === 'opened') return 'pending';
  return STATUSES.map((s) => transition(s, event)).find((t) => t !== undefined)!;
}

/** statusAfter as an SQL expression over a history event column (for the database check). */
export function statusAfterEventSql(column: string): string {
  return `CASE ${column} ${STATE_EVENTS.map((e) => `WHEN '${e}' THEN '${statusAfter(e)}'`).join(' ')} END`;
}
