// The queue's statements (services/queue.ts). A page's SQL depends on its
// state, its filters and its plan, so it is composed here and prepared once
// per shape (db/statements.ts).
import { statements } from '../../store/sqlite/statements.js';
import { TICKETS_WITH_CODE } from './tickets.js';

export const queueSql = statements({
  /** the whole desk's counts, kept by triggers (migration 0003) */
  counts: 'SELECT status, tickets FROM ticket_counts',
  /** (JSON array of client codes) */
  clients: 'SELECT id, code, name FROM clients WHERE lower(code) IN (SELECT lower(value) FROM json_each(?))',
});

/** Each state's order, served by its (status, …) index. */
export const ORDER = {
  red: { column: 'tickets.queued_at', direction: 'ASC' },
  orange: { column: 'tickets.taken_at', direction: 'ASC' },
  green: { column: 'tickets.resolved_at', direction: 'DESC' },
} as const;

export interface PageShape {
  order: (typeof ORDER)[keyof typeof ORDER];
  client: boolean;
  agent: boolean;
  /** walk the state's index in queue order (true), or read the few matching tickets through a filter's index and sort them */
  walkInOrder: boolean;
}

/** (status[, client id][, agent]): a unary + keeps SQLite from using an index for that term. */
function where(shape: Omit<PageShape, 'order'>): string {
  const unary = shape.walkInOrder ? '+' : '';
  const terms = ['tickets.status = ?'];
  if (shape.client) terms.push(`${unary}tickets.client_id = ?`);
  if (shape.agent) terms.push(`${unary}tickets.taken_by = ?`);
  return terms.join(' AND ');
}

/** (status[, client id][, agent]) */
export function countSql(shape: Pick<PageShape, 'client' | 'agent'>): string {
  return `SELECT count(*) AS n FROM tickets WHERE ${where({ ...shape, walkInOrder: false })}`;
}

/** (status[, client id][, agent], limit): the page, with the client codes. */
export function pageSql(shape: PageShape): string {
  const { column, direction } = shape.order;
  // Sorting the few: the + keeps SQLite from walking the state's index for the order.
  const unary = shape.walkInOrder ? '' : '+';
  return `${TICKETS_WITH_CODE} WHERE ${where(shape)} ORDER BY ${unary}${column} ${direction}, ${unary}tickets.id ${direction} LIMIT ?`;
}
