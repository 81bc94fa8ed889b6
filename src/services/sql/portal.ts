// The client space's read models (services/portal.ts): every statement is
// bound to one client (the signed-in contact's) and walks an index of it.
import { statements } from '../../store/sqlite/statements.js';

const PORTAL_TICKET = `tickets.id AS number, tickets.subject, tickets.status, tickets.created_at AS createdAt, tickets.taken_at AS takenAt,
  tickets.resolved_at AS resolvedAt, tickets.defect`;

export const portalSql = statements({
  /** (client) */
  openCount: "SELECT count(*) AS n FROM tickets WHERE tickets.client_id = ? AND tickets.status IN ('pending', 'in_progress')",
  /** (client, limit, offset): red then orange, oldest first */
  open: `SELECT ${PORTAL_TICKET} FROM tickets WHERE tickets.client_id = ? AND tickets.status IN ('pending', 'in_progress')
    ORDER BY tickets.status <> 'pending', tickets.queued_at, tickets.id LIMIT ? OFFSET ?`,
  /** (client) */
  resolvedCount: "SELECT count(*) AS n FROM tickets WHERE tickets.client_id = ? AND tickets.status = 'resolved'",
  /** (client, limit, offset): newest first, through tickets_client_status_resolved */
  resolved: `SELECT ${PORTAL_TICKET} FROM tickets WHERE tickets.client_id = ? AND tickets.status = 'resolved'
    ORDER BY tickets.resolved_at DESC, tickets.id DESC LIMIT ? OFFSET ?`,
  /** (ticket, client): another client's ticket is not found */
  detail: `SELECT ${PORTAL_TICKET}, tickets.body, tickets.resolution, tickets.charged_minutes AS chargedMinutes,
    tickets.waived_minutes AS waivedMinutes, tickets.uncovered_minutes AS uncoveredMinutes,
    (SELECT contacts.email FROM contacts WHERE contacts.id = tickets.requester_id) AS requester
    FROM tickets WHERE tickets.id = ? AND tickets.client_id = ?`,
  /** (ticket): the events a client sees */
  timeline: `SELECT at, event FROM ticket_events WHERE ticket_id = ? AND event IN ('opened', 'taken', 'released', 'closed', 'reopened') ORDER BY id`,
  /** (requester, form key): the ticket a form already made */
  byForm: 'SELECT id FROM tickets WHERE requester_id = ? AND form_key = ?',
});
