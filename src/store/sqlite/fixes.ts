// SQLite's FixStore (src/store/fixes.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { FixRow, FixStore } from '../fixes.js';
import { statements } from './statements.js';

/** CROSS JOIN: fixes stay the outer loop (see TICKETS_WITH_CODE in tickets.ts). */
const WITH_CODE = `SELECT fixes.ticket_id AS ticketId, fixes.plan, fixes.delivery, fixes.status, fixes.version, fixes.created_at AS createdAt,
  fixes.delivered_at AS deliveredAt, clients.code AS client FROM fixes CROSS JOIN clients ON clients.id = fixes.client_id`;

const fixSql = statements({
  /** ({ticketId, clientId, plan, delivery, at}): a ticket owes one fix */
  record: `INSERT INTO fixes (ticket_id, client_id, plan, delivery, status, created_at) VALUES (@ticketId, @clientId, @plan, @delivery, 'pending', @at)
    ON CONFLICT (ticket_id) DO NOTHING`,
  all: `${WITH_CODE} ORDER BY fixes.ticket_id`,
  pending: `${WITH_CODE} WHERE fixes.status = 'pending' ORDER BY fixes.ticket_id`,
  dueAtRelease: `${WITH_CODE} WHERE fixes.status = 'pending' AND fixes.delivery = 'next-release' ORDER BY fixes.ticket_id`,
  ofTicket: `${WITH_CODE} WHERE fixes.ticket_id = ?`,
  /** (version, now, ticket) */
  deliver: "UPDATE fixes SET status = 'delivered', version = ?, delivered_at = ? WHERE ticket_id = ?",
  /** (version, now) */
  release:
    "UPDATE fixes SET status = 'delivered', version = ?, delivered_at = ? WHERE status = 'pending' AND delivery = 'next-release'",
});

export function sqliteFix(db: Database.Database): FixStore {
  const q = () => fixSql(db);
  return {
    record(fix) {
      const result = q().record.run(fix);
      return result.changes === 0 ? undefined : Number(result.lastInsertRowid);
    },
    list: ({ pending }) => (pending ? q().pending : q().all).all() as FixRow[],
    dueAtRelease: () => q().dueAtRelease.all() as FixRow[],
    ofTicket: (ticketId) => q().ofTicket.get(ticketId) as FixRow | undefined,
    deliver(ticketId, version, at) {
      q().deliver.run(version, at, ticketId);
    },
    release: (version, at) => q().release.run(version, at).changes,
  };
}
