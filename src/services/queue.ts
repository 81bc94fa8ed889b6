// The colour-coded queue (rule 3): red oldest first (by when it last entered
// red), orange by oldest take, green by newest resolution; with the counts of
// the three states. Only the page is read and turned into ticket views, so the
// answer costs the same on a thousand tickets or a million.
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { clients, ticketCounts, tickets } from '../db/schema.js';
import { requireClient } from './clients.js';
import type { Ctx } from './context.js';
import { creditState } from './credit.js';
import { STATUS_OF_COLOR, ticketViews, type TicketRow, type TicketView } from './tickets.js';

export type Color = keyof typeof STATUS_OF_COLOR;
export const QUEUE_STATES = ['red', 'orange', 'green', 'open', 'all'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export const COLORS_OF: Record<QueueState, readonly Color[]> = {
  red: ['red'],
  orange: ['orange'],
  green: ['green'],
  open: ['red', 'orange'],
  all: ['red', 'orange', 'green'],
};

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

/** Each state's order, served by its (status, …) index. */
const ORDER: Record<Color, { column: SQLiteColumn; direction: 'asc' | 'desc' }> = {
  red: { column: tickets.queuedAt, direction: 'asc' },
  orange: { column: tickets.takenAt, direction: 'asc' },
  green: { column: tickets.resolvedAt, direction: 'desc' },
};

/**
 * With a filter, two plans: few matching tickets are read through the filter's
 * index and sorted; many are met soon enough walking the state's index in
 * queue order. SQLite has no statistics to choose, the count just made has.
 */
export const SORT_AT_MOST = 4096;

function conditions(color: Color, filter: Filter, walkInOrder: boolean): SQL {
  // A unary + keeps SQLite from using an index for that term.
  const term = (column: SQLiteColumn, value: number | string): SQL => (walkInOrder ? sql`+${column} = ${value}` : eq(column, value));
  const parts = [eq(tickets.status, STATUS_OF_COLOR[color])];
  if (filter.clientId !== undefined) parts.push(term(tickets.clientId, filter.clientId));
  if (filter.agent !== undefined) parts.push(term(tickets.takenBy, filter.agent));
  return and(...parts)!;
}

function countsOf(ctx: Ctx, filter: Filter): QueueCounts {
  if (filter.clientId === undefined && filter.agent === undefined) {
    // The whole desk: the counts kept by triggers (counting a million tickets costs tens of ms).
    const kept = new Map(ctx.store.orm.select().from(ticketCounts).all().map((r) => [r.status, r.tickets]));
    return { red: kept.get('pending') ?? 0, orange: kept.get('in_progress') ?? 0, green: kept.get('resolved') ?? 0 };
  }
  const countOf = (color: Color): number =>
    ctx.store.orm.select({ n: count() }).from(tickets).where(conditions(color, filter, false)).get()?.n ?? 0;
  return { red: countOf('red'), orange: countOf('orange'), green: countOf('green') };
}

function pageOf(ctx: Ctx, color: Color, filter: Filter, matching: number, limit: number): TicketRow[] {
  const filtered = filter.clientId !== undefined || filter.agent !== undefined;
  const walkInOrder = !filtered || matching > SORT_AT_MOST;
  const { column, direction } = ORDER[color];
  const by = direction === 'asc' ? asc : desc;
  // Sorting the few: the + keeps SQLite from walking the state's index for the order.
  const orderBy = walkInOrder ? [by(column), by(tickets.id)] : [sql`+${column} ${sql.raw(direction)}`, sql`+${tickets.id} ${sql.raw(direction)}`];
  return ctx.store.orm
    .select()
    .from(tickets)
    .where(conditions(color, filter, walkInOrder))
    .orderBy(...orderBy)
    .limit(limit)
    .all();
}

function withClientCodes(ctx: Ctx, rows: TicketRow[]): (TicketRow & { clientCode: string })[] {
  const ids = [...new Set(rows.map((r) => r.clientId))];
  if (ids.length === 0) return [];
  const codes = new Map(ctx.store.orm.select({ id: clients.id, code: clients.code }).from(clients).where(inArray(clients.id, ids)).all().map((c) => [c.id, c.code]));
  return rows.map((r) => ({ ...r, clientCode: codes.get(r.clientId)! }));
}

export async function queuePage(ctx: Ctx, query: QueueQuery): Promise<QueuePage> {
  const filter: Filter = { agent: query.agent };
  if (query.client !== undefined) filter.clientId = requireClient(ctx, query.client).id;
  // One read transaction: the counts and the page are of the same moment.
  const { counts, rows } = ctx.store.sqlite.transaction(() => {
    const counts = countsOf(ctx, filter);
    const rows: (TicketRow & { clientCode: string })[] = [];
    for (const color of COLORS_OF[query.state]) {
      const room = query.limit - rows.length;
      if (room > 0 && counts[color] > 0) rows.push(...withClientCodes(ctx, pageOf(ctx, color, filter, counts[color], room)));
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
  const rows = ctx.store.orm.select().from(clients).where(inArray(clients.code, codes)).all();
  return new Map(
    rows.map((c) => {
      const credit = creditState(ctx, c.id);
      return [c.code, { name: c.name, balanceMinutes: credit.balanceMinutes, validity: credit.validity }];
    }),
  );
}
