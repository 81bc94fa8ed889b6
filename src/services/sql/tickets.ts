// The ticket lifecycle's statements (services/tickets.ts). See db/statements.ts.
import { statements } from '../../db/statements.js';

/** A tickets row as TicketRow reads it (defect as 0/1: see ticketRow in services/tickets.ts). */
export const TICKET_COLUMNS = `tickets.id, tickets.client_id AS clientId, tickets.subject, tickets.body, tickets.status,
  tickets.created_at AS createdAt, tickets.queued_at AS queuedAt, tickets.taken_at AS takenAt, tickets.taken_by AS takenBy,
  tickets.resolved_at AS resolvedAt, tickets.resolution, tickets.defect, tickets.charged_minutes AS chargedMinutes,
  tickets.waived_minutes AS waivedMinutes, tickets.uncovered_minutes AS uncoveredMinutes, tickets.to_bill AS toBill`;

/**
 * Tickets with their client's code. CROSS JOIN keeps tickets as the outer
 * loop: SQLite has no statistics here and could otherwise walk the clients.
 */
export const TICKETS_WITH_CODE = `SELECT ${TICKET_COLUMNS}, clients.code AS clientCode FROM tickets CROSS JOIN clients ON clients.id = tickets.client_id`;

export const ticketSql = statements({
  ticket: `${TICKETS_WITH_CODE} WHERE tickets.id = ?`,
  /** the oldest red tickets (take --next) */
  red: `${TICKETS_WITH_CODE} WHERE tickets.status = 'pending' ORDER BY tickets.queued_at, tickets.id LIMIT ? OFFSET ?`,
  /** (now, ticket): every entry, running ones up to now, never negative (a "now" set before an entry's start) */
  worked: `SELECT coalesce(sum(max(coalesce(ended_at, ?) - started_at, 0)), 0) AS ms, count(*) FILTER (WHERE ended_at IS NULL) AS running
    FROM time_entries WHERE ticket_id = ?`,
  entries: 'SELECT agent, started_at AS startedAt, ended_at AS endedAt, note FROM time_entries WHERE ticket_id = ? ORDER BY started_at, id',
  anyEntry: 'SELECT 1 AS found FROM time_entries WHERE ticket_id = ? LIMIT 1',
  runningTimer: 'SELECT id FROM time_entries WHERE ticket_id = ? AND agent = ? AND ended_at IS NULL',
  history: 'SELECT at, agent, event, detail FROM ticket_events WHERE ticket_id = ? ORDER BY id',
  latestEvent: 'SELECT at, event FROM ticket_events WHERE ticket_id = ? ORDER BY at DESC LIMIT 1',
  bills: `SELECT at, agent, billable_minutes AS billableMinutes, previously_charged_minutes AS previouslyChargedMinutes,
    charged_minutes AS chargedMinutes, waived_minutes AS waivedMinutes, uncovered_minutes AS uncoveredMinutes
    FROM bills WHERE ticket_id = ? ORDER BY id`,

  /** (ticket, at, agent, event, detail) */
  addEvent: 'INSERT INTO ticket_events (ticket_id, at, agent, event, detail) VALUES (?, ?, ?, ?, ?)',
  /** (client, subject, body, now, now): a red ticket */
  open: "INSERT INTO tickets (client_id, subject, body, status, created_at, queued_at) VALUES (?, ?, ?, 'pending', ?, ?)",
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
  /** (ticket, agent, started, ended or null, note) */
  addEntry: 'INSERT INTO time_entries (ticket_id, agent, started_at, ended_at, note) VALUES (?, ?, ?, ?, ?)',
  /** (now, ticket) */
  stopTimers: 'UPDATE time_entries SET ended_at = ? WHERE ticket_id = ? AND ended_at IS NULL',
  /** (now, ticket, agent) */
  stopTimersOf: 'UPDATE time_entries SET ended_at = ? WHERE ticket_id = ? AND ended_at IS NULL AND agent = ?',
});
