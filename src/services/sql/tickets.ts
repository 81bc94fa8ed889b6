// The ticket lifecycle's statements (services/tickets.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

/** A tickets row as TicketRow reads it (defect as 0/1: see ticketRow in services/tickets.ts). */
export const TICKET_COLUMNS = `tickets.id, tickets.client_id AS clientId, tickets.subject, tickets.body, tickets.status,
  tickets.created_at AS createdAt, tickets.queued_at AS queuedAt, tickets.taken_at AS takenAt, tickets.taken_by AS takenBy,
  tickets.resolved_at AS resolvedAt, tickets.resolution, tickets.defect, tickets.charged_minutes AS chargedMinutes,
  tickets.waived_minutes AS waivedMinutes, tickets.uncovered_minutes AS uncoveredMinutes, tickets.to_bill AS toBill,
  tickets.requester_id AS requesterId, tickets.form_key AS formKey`;

/**
 * Tickets with their client's code. CROSS JOIN keeps tickets as the outer
 * loop: SQLite has no statistics here and could otherwise walk the clients.
 */
export const TICKETS_WITH_CODE = `SELECT ${TICKET_COLUMNS}, clients.code AS clientCode,
  (SELECT contacts.email FROM contacts WHERE contacts.id = tickets.requester_id) AS requester
  FROM tickets CROSS JOIN clients ON clients.id = tickets.client_id`;

/**
 * Where a time entry ends as every reader of worked time sees it: its end, or
 * for a timer still open, now or the instant it stopped by itself, whichever
 * comes first (stops_at: rules/business-time.ts autoStopAt). `now` is a
 * parameter name.
 */
export const entryEnd = (now: string): string => `coalesce(ended_at, min(${now}, coalesce(stops_at, ${now})))`;

/** A timer still running at `now`. */
export const running = (now: string): string => `(ended_at IS NULL AND coalesce(stops_at > ${now}, 1))`;

export const ticketSql = statements({
  ticket: `${TICKETS_WITH_CODE} WHERE tickets.id = ?`,
  /** the oldest red tickets (take --next) */
  red: `${TICKETS_WITH_CODE} WHERE tickets.status = 'pending' ORDER BY tickets.queued_at, tickets.id LIMIT ? OFFSET ?`,
  /**
   * ({queuedAt, id, refused, limit}): the next red tickets in queue order after one already read, but those of
   * the clients in `refused` (a JSON array of ids), skipped by SQLite on the status index: take --next judges
   * each client once, however many red tickets it has ahead of one the terms allow.
   */
  redCandidates: `SELECT tickets.id, tickets.client_id AS clientId, tickets.queued_at AS queuedAt, clients.code AS clientCode
    FROM tickets CROSS JOIN clients ON clients.id = tickets.client_id
    WHERE tickets.status = 'pending' AND (tickets.queued_at, tickets.id) > (@queuedAt, @id)
      AND +tickets.client_id NOT IN (SELECT value FROM json_each(@refused))
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
  /** (ticket): when counting started */
  firstTake: "SELECT min(at) AS at FROM ticket_events WHERE ticket_id = ? AND event = 'taken'",
  history: 'SELECT at, agent, event, detail FROM ticket_events WHERE ticket_id = ? ORDER BY id',
  latestEvent: 'SELECT at, event FROM ticket_events WHERE ticket_id = ? ORDER BY at DESC LIMIT 1',
  bills: `SELECT at, agent, billable_minutes AS billableMinutes, previously_charged_minutes AS previouslyChargedMinutes,
    charged_minutes AS chargedMinutes, waived_minutes AS waivedMinutes, uncovered_minutes AS uncoveredMinutes
    FROM bills WHERE ticket_id = ? ORDER BY id`,

  /** (ticket, at, agent, event, detail) */
  addEvent: 'INSERT INTO ticket_events (ticket_id, at, agent, event, detail) VALUES (?, ?, ?, ?, ?)',
  /** (client, subject, body, now, now, requester, form key): a red ticket */
  open: "INSERT INTO tickets (client_id, subject, body, status, created_at, queued_at, requester_id, form_key) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)",
  /** (now, agent, ticket) */
  take: "UPDATE tickets SET status = 'in_progress', taken_at = ?, taken_by = ? WHERE id = ?",
  /** (now, resolution, defect 0/1, ticket): green, and marked for the next bill run */
  close: "UPDATE tickets SET status = 'resolved', resolved_at = ?, resolution = ?, defect = ?, to_bill = 1 WHERE id = ?",
  /** (ticket): what it owes may have changed (time added once green) */
  markToBill: 'UPDATE tickets SET to_bill = 1 WHERE id = ?',
  /** (now, ticket) */
  reopen: "UPDATE tickets SET status = 'pending', queued_at = ?, resolved_at = NULL, resolution = NULL, taken_at = NULL, taken_by = NULL WHERE id = ?",
  /** (now, ticket) */
  release: "UPDATE tickets SET status = 'pending', queued_at = ?, taken_at = NULL, taken_by = NULL WHERE id = ?",
  /** (ticket, agent, started, ended or null, note, stops at: null for an entry added ended) */
  addEntry: 'INSERT INTO time_entries (ticket_id, agent, started_at, ended_at, note, stops_at) VALUES (?, ?, ?, ?, ?, ?)',
  /** ({now, ticket}): every timer ends now, or where it stopped by itself */
  stopTimers: `UPDATE time_entries SET ended_at = ${entryEnd('@now')} WHERE ticket_id = @ticket AND ended_at IS NULL`,
  /** ({now, ticket, agent}) */
  stopTimersOf: `UPDATE time_entries SET ended_at = ${entryEnd('@now')} WHERE ticket_id = @ticket AND ended_at IS NULL AND agent = @agent`,
});
