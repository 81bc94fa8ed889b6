// PostgreSQL's TicketStore (src/store/tickets.ts): the statements of src/store/sqlite/tickets.ts in PostgreSQL's SQL.
// take N needs no lock of its own: the write transaction is SERIALIZABLE, so of two agents
// taking one ticket at once, the second is run again and finds it taken. take --next locks
// only the candidate it chose, FOR UPDATE SKIP LOCKED (claimRed): agents taking --next at once
// each get another ticket.
import { STATUSES, type TicketStatus } from '../../rules/ticket-states.js';
import type { EntryRow, EventRow, QueueFilter, RedCandidate, TicketStore, TicketWithCode } from '../tickets.js';
import { BulkTable, FLUSH_ORDER } from './bulk.js';
import type { PgConnection } from './connection.js';

const TICKETS_WITH_CODE = `SELECT tickets.id, tickets.client_id AS "clientId", tickets.subject, tickets.body, tickets.status,
  tickets.created_at AS "createdAt", tickets.queued_at AS "queuedAt", tickets.taken_at AS "takenAt", tickets.taken_by AS "takenBy",
  tickets.resolved_at AS "resolvedAt", tickets.resolution, tickets.defect, tickets.charged_minutes AS "chargedMinutes",
  tickets.waived_minutes AS "waivedMinutes", tickets.uncovered_minutes AS "uncoveredMinutes", tickets.to_bill AS "toBill",
  tickets.requester_id AS "requesterId", tickets.form_key AS "formKey", clients.code AS "clientCode",
  (SELECT contacts.email FROM contacts WHERE contacts.id = tickets.requester_id) AS requester
  FROM tickets JOIN clients ON clients.id = tickets.client_id`;

/** Where a time entry ends as every reader sees it at `now` (a $n::bigint): see entryEnd in src/store/sqlite/tickets.ts. */
const entryEnd = (now: string) => `coalesce(ended_at, LEAST(${now}, coalesce(stops_at, ${now})))`;
/** A timer still running at `now`. */
const running = (now: string) => `(ended_at IS NULL AND coalesce(stops_at > ${now}, true))`;

/** Each state's order, served by its (status, …) index. */
const ORDER: Record<TicketStatus, string> = {
  pending: 'tickets.queued_at ASC, tickets.id ASC',
  in_progress: 'tickets.taken_at ASC, tickets.id ASC',
  resolved: 'tickets.resolved_at DESC, tickets.id DESC',
};

export function pgTicket(db: PgConnection): TicketStore {
  const keptEvents = new BulkTable(
    db,
    FLUSH_ORDER.ticketEvents,
    'ticket_events',
    { id: 'bigint[]', ticket_id: 'bigint[]', at: 'bigint[]', agent: 'text[]', event: 'text[]', detail: 'text[]' },
    'id',
  );
  /** The queue's filter as SQL after `tickets.status = $1`, and its values. */
  const filterOf = (filter: QueueFilter): [string, unknown[]] => {
    const terms: string[] = [];
    const values: unknown[] = [];
    if (filter.clientId !== undefined) terms.push(`tickets.client_id = $${values.push(filter.clientId) + 1}`);
    if (filter.agent !== undefined) terms.push(`tickets.taken_by = $${values.push(filter.agent) + 1}`);
    return [terms.map((t) => ` AND ${t}`).join(''), values];
  };
  return {
    ticket: (id) => db.query<TicketWithCode>(`${TICKETS_WITH_CODE} WHERE tickets.id = $1`, [id])[0],
    open: (t) =>
      db.query<{ id: number }>(
        `INSERT INTO tickets (client_id, subject, body, status, created_at, queued_at, requester_id, form_key)
          VALUES ($1, $2, $3, 'pending', $4, $4, $5, $6) RETURNING id`,
        [t.clientId, t.subject, t.body, t.at, t.requesterId, t.formKey],
      )[0]!.id,
    take(id, at, agent) {
      db.run("UPDATE tickets SET status = 'in_progress', taken_at = $2, taken_by = $3 WHERE id = $1", [id, at, agent]);
    },
    close(id, at, resolution, defect) {
      db.run(
        "UPDATE tickets SET status = 'resolved', resolved_at = $2, resolution = $3, defect = $4, to_bill = 1 WHERE id = $1",
        [id, at, resolution, defect],
      );
    },
    reopen(id, at) {
      db.run(
        "UPDATE tickets SET status = 'pending', queued_at = $2, resolved_at = NULL, resolution = NULL, taken_at = NULL, taken_by = NULL WHERE id = $1",
        [id, at],
      );
    },
    release(id, at) {
      db.run("UPDATE tickets SET status = 'pending', queued_at = $2, taken_at = NULL, taken_by = NULL WHERE id = $1", [
        id,
        at,
      ]);
    },
    markToBill(id) {
      db.run('UPDATE tickets SET to_bill = 1 WHERE id = $1', [id]);
    },

    addEvent(ticketId, at, agent, event, detail) {
      if (!keptEvents.keeps())
        return db.query<{ id: number }>(
          'INSERT INTO ticket_events (ticket_id, at, agent, event, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [ticketId, at, agent, event, detail],
        )[0]!.id;
      // A run of many (a bill run's events): kept and written in bulk (bulk.ts).
      const id = keptEvents.nextId();
      keptEvents.add(id, ticketId, at, agent, event, detail);
      return id;
    },
    history: (ticketId) =>
      db.query<EventRow>('SELECT at, agent, event, detail FROM ticket_events WHERE ticket_id = $1 ORDER BY id', [
        ticketId,
      ]),
    latestEvent: (ticketId) =>
      db.query<{ at: number; event: string }>(
        'SELECT at, event FROM ticket_events WHERE ticket_id = $1 ORDER BY at DESC LIMIT 1',
        [ticketId],
      )[0],
    firstTake: (ticketId) =>
      db.query<{ at: number | null }>(
        "SELECT min(at) AS at FROM ticket_events WHERE ticket_id = $1 AND event = 'taken'",
        [ticketId],
      )[0]!.at,

    addEntry: (e) =>
      db.query<{ id: number }>(
        'INSERT INTO time_entries (ticket_id, agent, started_at, ended_at, note, stops_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [e.ticketId, e.agent, e.startedAt, e.endedAt, e.note, e.stopsAt],
      )[0]!.id,
    entries: (ticketId, now) =>
      db.query<EntryRow>(
        `SELECT agent, started_at AS "startedAt", ${entryEnd('$2::bigint')} AS "endedAt", ${running('$2::bigint')} AS running,
          stops_at IS NOT NULL AND ${entryEnd('$2::bigint')} = stops_at AS "autoStopped", note
          FROM time_entries WHERE ticket_id = $1 ORDER BY started_at, id`,
        [ticketId, now],
      ),
    worked(ticketId, now) {
      const [row] = db.query<{ ms: number; running: number }>(
        `SELECT coalesce(sum(GREATEST(${entryEnd('$2::bigint')} - started_at, 0)), 0) AS ms,
          count(*) FILTER (WHERE ${running('$2::bigint')}) AS running FROM time_entries WHERE ticket_id = $1`,
        [ticketId, now],
      );
      return { ms: row!.ms, running: row!.running > 0 };
    },
    // One statement for a list of tickets (the queue, a client's pages): one round trip, not one per ticket.
    workedOfEach(ticketIds, now) {
      const rows = db.query<{ id: number; ms: number; running: number }>(
        `SELECT t.id, coalesce(sum(GREATEST(${entryEnd('$2::bigint')} - started_at, 0)), 0) AS ms,
          count(time_entries.ticket_id) FILTER (WHERE ${running('$2::bigint')}) AS running
          FROM unnest($1::bigint[]) AS t (id) LEFT JOIN time_entries ON time_entries.ticket_id = t.id GROUP BY t.id`,
        [ticketIds, now],
      );
      return new Map(rows.map((r) => [r.id, { ms: r.ms, running: r.running > 0 }]));
    },
    hasEntries: (ticketId) =>
      db.query('SELECT 1 FROM time_entries WHERE ticket_id = $1 LIMIT 1', [ticketId]).length > 0,
    timerRunning: (ticketId, agent, now) =>
      db.query(`SELECT id FROM time_entries WHERE ticket_id = $1 AND agent = $2 AND ${running('$3::bigint')}`, [
        ticketId,
        agent,
        now,
      ]).length > 0,
    overlapping: (ticketId, agent, from, to, now) =>
      db.query<{ startedAt: number; endedAt: number }>(
        `SELECT started_at AS "startedAt", ${entryEnd('$5::bigint')} AS "endedAt" FROM time_entries
          WHERE ticket_id = $1 AND agent = $2 AND started_at < $4 AND ${entryEnd('$5::bigint')} > $3 ORDER BY started_at LIMIT 1`,
        [ticketId, agent, from, to, now],
      )[0],
    stopTimers(ticketId, now, agent) {
      db.run(
        `UPDATE time_entries SET ended_at = ${entryEnd('$2::bigint')} WHERE ticket_id = $1 AND ended_at IS NULL AND ($3::text IS NULL OR agent = $3)`,
        [ticketId, now, agent ?? null],
      );
    },

    redCandidates: (after, skipClients, limit) =>
      db.query<RedCandidate>(
        `SELECT tickets.id, tickets.client_id AS "clientId", tickets.queued_at AS "queuedAt", clients.code AS "clientCode"
          FROM tickets JOIN clients ON clients.id = tickets.client_id
          WHERE tickets.status = 'pending' AND (tickets.queued_at, tickets.id) > ($1, $2)
            AND NOT (tickets.client_id = ANY($3::bigint[]))
          ORDER BY tickets.queued_at, tickets.id LIMIT $4`,
        [after?.queuedAt ?? Number.MIN_SAFE_INTEGER, after?.id ?? 0, skipClients, limit],
      ),
    // Only the chosen row is locked: locking the whole batch of candidates would leave agents taking --next at once with none.
    claimRed: (ticketId) =>
      db.query(
        `SELECT tickets.id FROM tickets WHERE tickets.id = $1 AND tickets.status = 'pending' FOR UPDATE SKIP LOCKED`,
        [ticketId],
      ).length > 0,
    queue(statuses, filter, limit) {
      const [terms, values] = filterOf(filter);
      const read = () => {
        const counts: Record<TicketStatus, number> = { pending: 0, in_progress: 0, resolved: 0 };
        const rows = terms
          ? db.query<{ status: TicketStatus; tickets: number }>(
              `SELECT status, count(*) AS tickets FROM tickets WHERE tickets.status = ANY($1::text[])${terms} GROUP BY status`,
              [STATUSES, ...values],
            )
          : db.query<{ status: TicketStatus; tickets: number }>('SELECT status, tickets FROM ticket_counts');
        for (const r of rows) counts[r.status] = r.tickets;
        const tickets: TicketWithCode[] = [];
        for (const status of statuses) {
          const room = limit - tickets.length;
          if (room <= 0 || counts[status] === 0) continue;
          tickets.push(
            ...db.query<TicketWithCode>(
              `${TICKETS_WITH_CODE} WHERE tickets.status = $1${terms} ORDER BY ${ORDER[status]} LIMIT $${values.length + 2}`,
              [status, ...values, room],
            ),
          );
        }
        return { counts, tickets };
      };
      // One read transaction: the counts and the pages are of the same moment.
      return db.inTransaction ? read() : db.transaction(read, 'BEGIN ISOLATION LEVEL REPEATABLE READ');
    },
  };
}
