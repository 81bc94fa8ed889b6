// The statements of the fixes owed for software defects (services/fixes.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

/** CROSS JOIN: fixes stay the outer loop (see TICKETS_WITH_CODE in sql/tickets.ts). */
const WITH_CODE = `SELECT fixes.ticket_id AS ticketId, fixes.plan, fixes.delivery, fixes.status, fixes.version, fixes.created_at AS createdAt,
  fixes.delivered_at AS deliveredAt, clients.code AS client FROM fixes CROSS JOIN clients ON clients.id = fixes.client_id`;

export const fixSql = statements({
  plansOf: 'SELECT plan, starts_on AS startsOn, ends_on AS endsOn FROM licences WHERE client_id = ?',
  /** (ticket, client, plan, delivery, now): a ticket owes one fix */
  record: "INSERT INTO fixes (ticket_id, client_id, plan, delivery, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (ticket_id) DO NOTHING",
  all: `${WITH_CODE} ORDER BY fixes.ticket_id`,
  pending: `${WITH_CODE} WHERE fixes.status = 'pending' ORDER BY fixes.ticket_id`,
  dueAtRelease: `${WITH_CODE} WHERE fixes.status = 'pending' AND fixes.delivery = 'next-release' ORDER BY fixes.ticket_id`,
  ofTicket: `${WITH_CODE} WHERE fixes.ticket_id = ?`,
  ticketExists: 'SELECT 1 AS found FROM tickets WHERE id = ?',
  /** (version, now, ticket) */
  deliver: "UPDATE fixes SET status = 'delivered', version = ?, delivered_at = ? WHERE ticket_id = ?",
  /** (version, now) */
  release: "UPDATE fixes SET status = 'delivered', version = ?, delivered_at = ? WHERE status = 'pending' AND delivery = 'next-release'",
});
