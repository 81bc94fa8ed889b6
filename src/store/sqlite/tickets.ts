// SQLite's TicketStore (src/store/tickets.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import { STATUSES, type TicketStatus } from '../../rules/ticket-states.js';
import type { EntryRow, EventRow, QueueFilter, RedCandidate, TicketStore, TicketWithCode } from '../tickets.js';
import { statements } from './statements.js';

/** A tickets row as TicketRow reads it (defect as 0/1: see ticketOf). */
const TICKET_COLUMNS = `tickets.id, tickets.client_id AS clientId, tickets.subject, tickets.body, tickets.status,
  tickets.created_at AS createdAt, tickets.queued_at AS queuedAt, tickets.taken_at AS takenAt, tickets.taken_by AS takenBy,
  tickets.resolved_at AS resolvedAt, tickets.resolution, tickets.defect, tickets.charged_minutes AS chargedMinutes,
  tickets.waived_minutes AS waivedMinutes, tickets.uncovered_minutes AS uncoveredMinutes, tickets.to_bill AS toBill,
  tickets.requester_id AS requesterId, tickets.form_key AS formKey`;

/**
 * Tickets with their client's code. CROSS JOIN keeps tickets as the outer
 * loop: SQLite has no statistics here and could otherwise walk the clients.
 */
const TICKETS_WITH_CODE = `SELECT ${TICKET_COLUMNS}, clients.code AS clientCode,
  (SELECT contacts.email FROM contacts WHERE contacts.id = tickets.requester_id) AS requester
  FROM tickets CROSS JOIN clients ON clients.id = tickets.client_id`;

/**
 * Where a time entry ends as every reader of worked time sees it: its end, or
 * for a timer still open, now or the instant it stopped by itself, whichever
 * comes first (stops_at: rules/business-time.ts autoStopAt). `now` is a
 * parameter name or a number.
 */
export const entryEnd = (now: string): string => `coalesce(ended_at, min(${now}, coalesce(stops_at, ${now})))`;

/** A timer still running at `now`. */
const running = (now: string): string => `(ended_at IS NULL AND coalesce(stops_at > ${now}, 1))`;

const ticketSql = statements({
  ticket: `${TICKETS_WITH_CODE} WHERE tickets.id = ?`,
  /**
   * ({queuedAt, id, skip, limit}): the next red tickets in queue order after one already read, but those of
   * the clients in `skip` (a JSON array of ids), skipped by SQLite on the status index.
   */
  redCandidates: `SELECT tickets.id, tickets.client_id AS clientId, tickets.queued_at AS queuedAt, clients.code AS clientCode
    FROM tickets CROSS JOIN clients ON clients.id = tickets.client_id
    WHERE tickets.status = 'pending' AND (tickets.queued_at, tickets.id) > (@queuedAt, @id)
      AND +tickets.client_id NOT IN (SELECT value FROM json_each(@skip))
    ORDER BY tickets.queued_at, tickets.id LIMIT @limit`,
  /** ({now, ticket}): every entry, running ones up to now or their stop, never negative (a "now" set before an entry's start) */
  worked: `SELECT coalesce(sum(max(${entryEnd('@now')} - started_at, 0)), 0) AS ms, count(*) FILTER (WHERE ${running('@now')}) AS running
    FROM time_entries WHERE ticket_id = @ticket`,
  /** ({now, ticket}): endedAt as readers see it; autoStopped when a timer stopped by itself */
  entries: `SELECT agent, started_at AS startedAt, ${entryEnd('@now')} AS endedAt, ${running('@now')} AS running,
    stops_at IS NOT NULL AND ${entryEnd('@now')} = stops_at AS autoStopped, note
    FROM time_entries WHERE ticket_id = @ticket ORDER BY started_at, id`,
  anyEntry: 'SELECT 1 AS found FROM time_entries WHERE ticket_id = ? LIMIT 1',
  /** ({now, ticket, agent}) */
  runningTimer: `SELECT id FROM time_entries WHERE ticket_id = @ticket AND agent = @agent AND ${running('@now')}`,
  /** ({ticket, agent, from, to, now}): the agent's entries on the ticket overlapping [from, to) */
  overlapping: `SELECT started_at AS startedAt, ${entryEnd('@now')} AS endedAt FROM time_entries
    WHERE ticket_id = @ticket AND agent = @agent AND started_at < @to AND ${entryEnd('@now')} > @from ORDER BY started_at LIMIT 1`,
  firstTake: "SELECT min(at) AS at FROM ticket_events WHERE ticket_id = ? AND event = 'taken'",
  history: 'SELECT at, agent, event, detail FROM ticket_events WHERE ticket_id = ? ORDER BY id',
  latestEvent: 'SELECT at, event FROM ticket_events WHERE ticket_id = ? ORDER BY at DESC LIMIT 1',

  /** (ticket, at, agent, event, detail) */
  addEvent: 'INSERT INTO ticket_events (ticket_id, at, agent, event, detail) VALUES (?, ?, ?, ?, ?)',
  /** ({clientId, subject, body, at, requesterId, formKey}): a red ticket */
  open: `INSERT INTO tickets (client_id, subject, body, status, created_at, queued_at, requester_id, form_key)
    VALUES (@clientId, @subject, @body, 'pending', @at, @at, @requesterId, @formKey)`,
  /** (now, agent, ticket) */
  take: "UPDATE tickets SET status = 'in_progress', taken_at = ?, taken_by = ? WHERE id = ?",
  /** (now, resolution, defect 0/1, ticket): green, and marked for the next bill run */
  close:
    "UPDATE tickets SET status = 'resolved', resolved_at = ?, resolution = ?, defect = ?, to_bill = 1 WHERE id = ?",
  markToBill: 'UPDATE tickets SET to_bill = 1 WHERE id = ?',
  /** (now, ticket) */
  reopen:
    "UPDATE tickets SET status = 'pending', queued_at = ?, resolved_at = NULL, resolution = NULL, taken_at = NULL, taken_by = NULL WHERE id = ?",
  /** (now, ticket) */
  release: "UPDATE tickets SET status = 'pending', queued_at = ?, taken_at = NULL, taken_by = NULL WHERE id = ?",
  /** ({ticketId, agent, startedAt, endedAt, note, stopsAt}) */
  addEntry:
    'INSERT INTO time_entries (ticket_id, agent, started_at, ended_at, note, stops_at) VALUES (@ticketId, @agent, @startedAt, @endedAt, @note, @stopsAt)',
  /** ({now, ticket}): every timer ends now, or where it stopped by itself */
  stopTimers: `UPDATE time_entries SET ended_at = ${entryEnd('@now')} WHERE ticket_id = @ticket AND ended_at IS NULL`,
  /** ({now, ticket, agent}) */
  stopTimersOf: `UPDATE time_entries SET ended_at = ${entryEnd('@now')} WHERE ticket_id = @ticket AND ended_at IS NULL AND agent = @agent`,

  /** the whole desk's counts, kept by triggers (migration 0003) */
  counts: 'SELECT status, tickets FROM ticket_counts',
});

// ---------------------------------------------------------------- the queue's pages

/** Each state's order, served by its (status, …) index. */
const ORDER: Record<TicketStatus, string> = {
  pending: 'tickets.queued_at ASC',
  in_progress: 'tickets.taken_at ASC',
  resolved: 'tickets.resolved_at DESC',
};

/**
 * With a filter, two plans: few matching tickets are read through the filter's
 * index and sorted; many are met soon enough walking the state's index in
 * queue order. SQLite has no statistics to choose, the count just made has.
 */
export const SORT_AT_MOST = 4096;

interface Shape {
  client: boolean;
  agent: boolean;
  /** walk the state's index in queue order (true), or read the few matching tickets through a filter's index and sort them */
  walkInOrder: boolean;
}

const shapeName = (s: Omit<Shape, 'walkInOrder'>) => `${s.client ? 'client' : 'any'}_${s.agent ? 'agent' : 'anyone'}`;

/** (status[, client id][, agent]): a unary + keeps SQLite from using an index for that term. */
function where(shape: Shape): string {
  const unary = shape.walkInOrder ? '+' : '';
  const terms = ['tickets.status = ?'];
  if (shape.client) terms.push(`${unary}tickets.client_id = ?`);
  if (shape.agent) terms.push(`${unary}tickets.taken_by = ?`);
  return terms.join(' AND ');
}

/** (status[, client id][, agent], limit): the page, with the client codes. */
function pageSql(status: TicketStatus, shape: Shape): string {
  const [column, direction] = ORDER[status].split(' ');
  // Sorting the few: the + keeps SQLite from walking the state's index for the order.
  const unary = shape.walkInOrder ? '' : '+';
  return `${TICKETS_WITH_CODE} WHERE ${where(shape)} ORDER BY ${unary}${column} ${direction}, ${unary}tickets.id ${direction} LIMIT ?`;
}

const FILTER_SHAPES = [false, true].flatMap((client) => [false, true].map((agent) => ({ client, agent })));

/** Every shape of count and page, each prepared on its first use. */
const queueSql = statements(
  Object.fromEntries([
    ...FILTER_SHAPES.map((s) => [
      `count_${shapeName(s)}`,
      `SELECT count(*) AS n FROM tickets WHERE ${where({ ...s, walkInOrder: false })}`,
    ]),
    ...(Object.keys(ORDER) as TicketStatus[]).flatMap((status) =>
      FILTER_SHAPES.flatMap((s) =>
        [false, true].map((walkInOrder) => [
          `page_${status}_${shapeName(s)}_${walkInOrder ? 'walk' : 'sort'}`,
          pageSql(status, { ...s, walkInOrder }),
        ]),
      ),
    ),
  ]) as Record<string, string>,
);

/** The values of the (status[, client][, agent]) terms. */
function params(status: TicketStatus, filter: QueueFilter): (string | number)[] {
  const values: (string | number)[] = [status];
  if (filter.clientId !== undefined) values.push(filter.clientId);
  if (filter.agent !== undefined) values.push(filter.agent);
  return values;
}

const shapeOf = (filter: QueueFilter) => ({ client: filter.clientId !== undefined, agent: filter.agent !== undefined });

// ---------------------------------------------------------------- the store

type RawTicket = Omit<TicketWithCode, 'defect'> & { defect: number };
/** SQLite's 0/1 defect as a boolean. */
const ticketOf = (raw: RawTicket): TicketWithCode => ({ ...raw, defect: raw.defect === 1 });

export function sqliteTicket(db: Database.Database): TicketStore {
  const q = () => ticketSql(db);
  return {
    ticket(id) {
      const raw = q().ticket.get(id) as RawTicket | undefined;
      return raw && ticketOf(raw);
    },
    open(t) {
      return Number(q().open.run(t).lastInsertRowid);
    },
    take(id, at, agent) {
      q().take.run(at, agent, id);
    },
    close(id, at, resolution, defect) {
      q().close.run(at, resolution, defect ? 1 : 0, id);
    },
    reopen(id, at) {
      q().reopen.run(at, id);
    },
    release(id, at) {
      q().release.run(at, id);
    },
    markToBill(id) {
      q().markToBill.run(id);
    },

    addEvent(ticketId, at, agent, event, detail) {
      return Number(q().addEvent.run(ticketId, at, agent, event, detail).lastInsertRowid);
    },
    history(ticketId) {
      return q().history.all(ticketId) as EventRow[];
    },
    latestEvent(ticketId) {
      return q().latestEvent.get(ticketId) as { at: number; event: string } | undefined;
    },
    firstTake(ticketId) {
      return (q().firstTake.get(ticketId) as { at: number | null }).at;
    },

    addEntry(entry) {
      return Number(q().addEntry.run(entry).lastInsertRowid);
    },
    entries(ticketId, now) {
      const rows = q().entries.all({ now, ticket: ticketId }) as (Omit<EntryRow, 'running' | 'autoStopped'> & {
        running: number;
        autoStopped: number;
      })[];
      return rows.map((e) => ({ ...e, running: e.running === 1, autoStopped: e.autoStopped === 1 }));
    },
    worked(ticketId, now) {
      const row = q().worked.get({ now, ticket: ticketId }) as { ms: number; running: number };
      return { ms: row.ms, running: row.running > 0 };
    },
    workedOfEach(ticketIds, now) {
      return new Map(ticketIds.map((id) => [id, this.worked(id, now)]));
    },
    hasEntries(ticketId) {
      return q().anyEntry.get(ticketId) !== undefined;
    },
    timerRunning(ticketId, agent, now) {
      return q().runningTimer.get({ now, ticket: ticketId, agent }) !== undefined;
    },
    overlapping(ticketId, agent, from, to, now) {
      return q().overlapping.get({ ticket: ticketId, agent, from, to, now }) as
        { startedAt: number; endedAt: number } | undefined;
    },
    stopTimers(ticketId, now, agent) {
      if (agent === undefined) q().stopTimers.run({ now, ticket: ticketId });
      else q().stopTimersOf.run({ now, ticket: ticketId, agent });
    },

    redCandidates(after, skipClients, limit) {
      return q().redCandidates.all({
        queuedAt: after?.queuedAt ?? Number.MIN_SAFE_INTEGER,
        id: after?.id ?? 0,
        skip: JSON.stringify(skipClients),
        limit,
      }) as RedCandidate[];
    },
    // BEGIN IMMEDIATE already holds the whole desk: the candidate read in this transaction is ours.
    claimRed: () => true,
    queue(statuses, filter, limit) {
      const shape = shapeOf(filter);
      // One read transaction: the counts and the pages are of the same moment.
      return db.transaction(() => {
        const counts: Record<TicketStatus, number> = { pending: 0, in_progress: 0, resolved: 0 };
        if (shape.client || shape.agent) {
          const count = queueSql(db)[`count_${shapeName(shape)}`]!;
          for (const status of STATUSES) counts[status] = (count.get(...params(status, filter)) as { n: number }).n;
        } else
          for (const r of q().counts.all() as { status: TicketStatus; tickets: number }[]) counts[r.status] = r.tickets;
        const tickets: TicketWithCode[] = [];
        for (const status of statuses) {
          const room = limit - tickets.length;
          if (room <= 0 || counts[status] === 0) continue;
          const walkInOrder = !(shape.client || shape.agent) || counts[status] > SORT_AT_MOST;
          const page = queueSql(db)[`page_${status}_${shapeName(shape)}_${walkInOrder ? 'walk' : 'sort'}`]!;
          tickets.push(...(page.all(...params(status, filter), room) as RawTicket[]).map(ticketOf));
        }
        return { counts, tickets };
      })();
    },
  };
}
