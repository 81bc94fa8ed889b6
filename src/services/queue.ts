// The colour-coded queue (docs/terms.md §3): red oldest first (by when it last entered
// red), orange by oldest take, green by newest resolution; with the counts of
// the three states. Only the page is read and turned into ticket views, so the
// answer costs the same on a thousand tickets or a million.
import { requireClient } from './clients.js';
import type { Ctx } from './context.js';
import { creditState } from './credit.js';
import { COLORS, QUEUE_STATES, STATUS_OF_COLOR, type QueueState, type TicketColor } from '../rules/ticket-states.js';
import type { QueueFilter } from '../store/tickets.js';
import { ticketViews, type TicketView } from './tickets.js';

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

export async function queuePage(ctx: Ctx, query: QueueQuery): Promise<QueuePage> {
  const filter: QueueFilter = { agent: query.agent };
  if (query.client !== undefined) filter.clientId = requireClient(ctx, query.client).id;
  const page = ctx.store.tickets.queue(
    colorsOf(query.state).map((c) => STATUS_OF_COLOR[c]),
    filter,
    query.limit,
  );
  const counts = Object.fromEntries(COLORS.map((c) => [c, page.counts[STATUS_OF_COLOR[c]]])) as QueueCounts;
  return { tickets: await ticketViews(ctx, page.tickets), counts };
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
  return new Map(
    codes.map((code) => {
      const c = requireClient(ctx, code);
      const credit = creditState(ctx, c.id);
      return [c.code, { name: c.name, balanceMinutes: credit.balanceMinutes, validity: credit.validity }];
    }),
  );
}
