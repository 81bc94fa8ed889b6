// The colour-coded queue (docs/terms.md §3): red oldest first (by when it last entered
// red), orange by oldest take, green by newest resolution; with the counts of
// the three states. Only the page is read and turned into ticket views, so the
// answer costs the same on a thousand tickets or a million.
import { cached } from '../store/sqlite/statements.js';
import { requireClient } from './clients.js';
import type { Ctx } from './context.js';
import { creditState } from './credit.js';
import { countSql, ORDER, pageSql, queueSql } from './sql/queue.js';
import { COLORS, QUEUE_STATES, STATUS_OF_COLOR, type QueueState, type TicketColor } from '../rules/ticket-states.js';
import { ticketRow, ticketViews, type TicketView, type TicketWithCode } from './tickets.js';

export type Color = TicketColor;
export { QUEUE_STATES, type QueueState };

/** The colours a queue state shows, in the queue's order. */
export function colorsOf(state: QueueState): readonly Color[] {
  if (state === 'all') return COLORS;
  if (state === 'open') return COLORS.filter((c) => STATUS_OF_COLOR[c] !== 'resolved');
  return [state];
}

export const DEFAULT_LIMIT = 50;

export interface QueueQuery {
  state: QueueState;
  /** only tickets taken by this agent (red tickets belong to nobody) */
  agent?: string;
  /** only this client's tickets (client code) */
  client?: string;
  limit: number;
}

export type QueueCounts = Record<Color, number>;

/** The `queue --json` document. */
export interface QueuePage {
  tickets: TicketView[];
  /** every ticket of each state matching --agent/--client, whatever --state and --limit */
  counts: QueueCounts;
}

interface Filter {
  clientId?: number;
  agent?: string;
}

/**
 * With a filter, two plans: few matching tickets are read through the filter's
 * index and sorted; many are met soon enough walking the state's index in
 * queue order. SQLite has no statistics to choose, the count just made has.
 */
export const SORT_AT_MOST = 4096;

/** The values of the (status[, client][, agent]) terms of sql/queue.ts. */
function params(color: Color, filter: Filter): (string | number)[] {
  const values: (string | number)[] = [STATUS_OF_COLOR[color]];
  if (filter.clientId !== undefined) values.push(filter.clientId);
  if (filter.agent !== undefined) values.push(filter.agent);
  return values;
}

function countsOf(ctx: Ctx, filter: Filter): QueueCounts {
  const db = ctx.store.sqlite;
  const shape = { client: filter.clientId !== undefined, agent: filter.agent !== undefined };
  if (!shape.client && !shape.agent) {
    // The whole desk: the counts kept by triggers (counting a million tickets costs tens of ms).
    const kept = new Map((queueSql(db).counts.all() as { status: string; tickets: number }[]).map((r) => [r.status, r.tickets]));
    return Object.fromEntries(COLORS.map((c) => [c, kept.get(STATUS_OF_COLOR[c]) ?? 0])) as QueueCounts;
  }
  const count = cached(db, countSql(shape));
  return Object.fromEntries(COLORS.map((c) => [c, (count.get(...params(c, filter)) as { n: number }).n])) as QueueCounts;
}

function pageOf(ctx: Ctx, color: Color, filter: Filter, matching: number, limit: number): TicketWithCode[] {
  const [client, agent] = [filter.clientId !== undefined, filter.agent !== undefined];
  const walkInOrder = !(client || agent) || matching > SORT_AT_MOST;
  const page = cached(ctx.store.sqlite, pageSql({ order: ORDER[color], client, agent, walkInOrder }));
  return (page.all(...params(color, filter), limit) as TicketWithCode[]).map(ticketRow);
}

export async function queuePage(ctx: Ctx, query: QueueQuery): Promise<QueuePage> {
  const filter: Filter = { agent: query.agent };
  if (query.client !== undefined) filter.clientId = requireClient(ctx, query.client).id;
  // One read transaction: the counts and the page are of the same moment.
  const { counts, rows } = ctx.store.sqlite.transaction(() => {
    const counts = countsOf(ctx, filter);
    const rows: TicketWithCode[] = [];
    for (const color of colorsOf(query.state)) {
      const room = query.limit - rows.length;
      if (room > 0 && counts[color] > 0) rows.push(...pageOf(ctx, color, filter, counts[color], room));
    }
    return { counts, rows };
  })();
  return { tickets: await ticketViews(ctx, rows), counts };
}

/** What the human queue shows of each client on the page. */
export interface QueueClient {
  name: string;
  balanceMinutes: number;
  validity: string;
}

export function queueClients(ctx: Ctx, page: QueuePage): Map<string, QueueClient> {
  const codes = [...new Set(page.tickets.map((t) => t.client))];
  if (codes.length === 0) return new Map();
  const rows = queueSql(ctx.store.sqlite).clients.all(JSON.stringify(codes)) as { id: number; code: string; name: string }[];
  return new Map(
    rows.map((c) => {
      const credit = creditState(ctx, c.id);
      return [c.code, { name: c.name, balanceMinutes: credit.balanceMinutes, validity: credit.validity }];
    }),
  );
}
