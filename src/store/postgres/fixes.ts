// PostgreSQL's FixStore (src/store/fixes.ts): the statements of src/store/sqlite/fixes.ts in PostgreSQL's SQL.
import type { FixRow, FixStore } from '../fixes.js';
import type { PgConnection } from './connection.js';

const WITH_CODE = `SELECT fixes.ticket_id AS "ticketId", fixes.plan, fixes.delivery, fixes.status, fixes.version,
  fixes.created_at AS "createdAt", fixes.delivered_at AS "deliveredAt", clients.code AS client
  FROM fixes JOIN clients ON clients.id = fixes.client_id`;

export function pgFix(db: PgConnection): FixStore {
  return {
    record(fix) {
      const [row] = db.query<{ id: number }>(
        `INSERT INTO fixes (ticket_id, client_id, plan, delivery, status, created_at) VALUES ($1, $2, $3, $4, 'pending', $5)
          ON CONFLICT (ticket_id) DO NOTHING RETURNING id`,
        [fix.ticketId, fix.clientId, fix.plan, fix.delivery, fix.at],
      );
      return row?.id;
    },
    list: ({ pending }) =>
      db.query<FixRow>(`${WITH_CODE}${pending ? " WHERE fixes.status = 'pending'" : ''} ORDER BY fixes.ticket_id`),
    dueAtRelease: () =>
      db.query<FixRow>(
        `${WITH_CODE} WHERE fixes.status = 'pending' AND fixes.delivery = 'next-release' ORDER BY fixes.ticket_id`,
      ),
    ofTicket: (ticketId) => db.query<FixRow>(`${WITH_CODE} WHERE fixes.ticket_id = $1`, [ticketId])[0],
    deliver(ticketId, version, at) {
      db.run("UPDATE fixes SET status = 'delivered', version = $1, delivered_at = $2 WHERE ticket_id = $3", [
        version,
        at,
        ticketId,
      ]);
    },
    release: (version, at) =>
      db.run(
        "UPDATE fixes SET status = 'delivered', version = $1, delivered_at = $2 WHERE status = 'pending' AND delivery = 'next-release'",
        [version, at],
      ),
  };
}
