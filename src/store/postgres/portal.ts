// PostgreSQL's PortalStore (src/store/portal.ts): the statements of src/store/sqlite/portal.ts in PostgreSQL's SQL.
import type {
  PortalLicenceRow,
  PortalStore,
  PortalTicketDetailRow,
  PortalTicketRow,
  SessionRow,
  SignInTokenRow,
} from '../portal.js';
import type { PgConnection } from './connection.js';

const PORTAL_TICKET = `tickets.id AS number, tickets.subject, tickets.status, tickets.created_at AS "createdAt",
  tickets.taken_at AS "takenAt", tickets.resolved_at AS "resolvedAt", tickets.defect`;

/**
 * The change mark: the server's snapshot as text (xmin:xmax:in-progress ids, PostgreSQL 13+). Any transaction that
 * writes takes an id, so a later snapshot differs from this one once it has ended (in progress here: no longer
 * listed) or once one has begun writing since (xmax moves). Read-only transactions leave it as it is; writes to the
 * server's other databases change it too (a page made again, never a stale one). Not pg_stat counters: they lag
 * behind commits.
 */
const MARK = 'pg_current_snapshot()::text AS mark';

const SESSION = `portal_sessions.last_seen_at AS "lastSeenAt", contacts.id, contacts.client_id AS "clientId",
  clients.code AS "clientCode", clients.name AS "clientName", contacts.email, contacts.name, contacts.language,
  contacts.created_at AS "createdAt"
  FROM portal_sessions JOIN contacts ON contacts.id = portal_sessions.contact_id JOIN clients ON clients.id = contacts.client_id
  WHERE portal_sessions.id_hash = $1 AND contacts.removed_at IS NULL`;

export function pgPortal(db: PgConnection): PortalStore {
  /** The page of one status's queue within the open tickets, pending ones first. */
  const queued = (clientId: number, status: string, limit: number, offset: number): PortalTicketRow[] =>
    limit > 0
      ? db.query<PortalTicketRow>(
          `SELECT ${PORTAL_TICKET} FROM tickets WHERE tickets.client_id = $1 AND tickets.status = $2
            ORDER BY tickets.queued_at, tickets.id LIMIT $3 OFFSET $4`,
          [clientId, status, limit, offset],
        )
      : [];
  return {
    // Waiting for another command's row lock: lock_timeout is PostgreSQL's busy timeout.
    waitForLocks: (ms) => void db.exec(`SET lock_timeout = ${Math.max(0, Math.trunc(ms))}`),
    healthCheck: () => void db.query('SELECT count(*) FROM clients'),
    sessionAndMark: async (hash) => {
      // One row whether the session exists or not: the mark with it (the session's columns NULL without one).
      const rows = await db.read<SessionRow & { mark: string }>(
        `SELECT ${MARK}, session.* FROM (SELECT 1) AS one LEFT JOIN (SELECT ${SESSION}) AS session ON true`,
        [hash],
      );
      const { mark, ...session } = rows[0]!;
      return { mark, session: session.id === null ? undefined : session };
    },

    addSignInToken: (hash, contactId, at, expiresAt) =>
      void db.run(
        'INSERT INTO sign_in_tokens (token_hash, contact_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [hash, contactId, at, expiresAt],
      ),
    signInToken: (hash) =>
      db.query<SignInTokenRow>(
        `SELECT sign_in_tokens.id, sign_in_tokens.contact_id AS "contactId", sign_in_tokens.expires_at AS "expiresAt",
          sign_in_tokens.used_at AS "usedAt", contacts.removed_at AS "removedAt"
          FROM sign_in_tokens JOIN contacts ON contacts.id = sign_in_tokens.contact_id WHERE sign_in_tokens.token_hash = $1`,
        [hash],
      )[0],
    useSignInToken: (id, at) =>
      db.run('UPDATE sign_in_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL', [id, at]) === 1,
    purgeSignInTokens: (before) => void db.run('DELETE FROM sign_in_tokens WHERE expires_at < $1', [before]),
    queueSignInMail: (mail, at) =>
      void db.run(
        `INSERT INTO outbox (ticket_id, recipient, subject, body, language, state, created_at, kind)
          VALUES (NULL, $1, $2, $3, $4, 'queued', $5, 'sign-in')`,
        [mail.recipient, mail.subject, mail.body, mail.language, at],
      ),

    openSession: (hash, contactId, at) =>
      void db.run(
        'INSERT INTO portal_sessions (id_hash, contact_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)',
        [hash, contactId, at],
      ),
    session: (hash) => db.query<SessionRow>(`SELECT ${SESSION}`, [hash])[0],
    touchSession: (hash, at) =>
      void db.run('UPDATE portal_sessions SET last_seen_at = $2 WHERE id_hash = $1', [hash, at]),
    endSession: (hash) => void db.run('DELETE FROM portal_sessions WHERE id_hash = $1', [hash]),
    purgeSessions: (before) => void db.run('DELETE FROM portal_sessions WHERE last_seen_at < $1', [before]),

    ticketCounts: (clientId) => {
      const c = Object.fromEntries(
        db
          .query<{ status: string; tickets: number }>(
            'SELECT status, tickets FROM client_ticket_counts WHERE client_id = $1',
            [clientId],
          )
          .map((r) => [r.status, r.tickets]),
      );
      return { pending: c.pending ?? 0, inProgress: c.in_progress ?? 0, resolved: c.resolved ?? 0 };
    },
    openTickets: (clientId, pending, limit, offset) => {
      const red = offset < pending ? queued(clientId, 'pending', limit, offset) : [];
      return [...red, ...queued(clientId, 'in_progress', limit - red.length, Math.max(0, offset - pending))];
    },
    resolvedTickets: (clientId, limit, offset) =>
      db.query<PortalTicketRow>(
        `SELECT ${PORTAL_TICKET} FROM tickets WHERE tickets.client_id = $1 AND tickets.status = 'resolved'
          ORDER BY tickets.resolved_at DESC, tickets.id DESC LIMIT $2 OFFSET $3`,
        [clientId, limit, offset],
      ),
    ticket: (number, clientId) =>
      db.query<PortalTicketDetailRow>(
        `SELECT ${PORTAL_TICKET}, tickets.body, tickets.resolution, tickets.charged_minutes AS "chargedMinutes",
          tickets.waived_minutes AS "waivedMinutes",
          (SELECT contacts.email FROM contacts WHERE contacts.id = tickets.requester_id) AS requester
          FROM tickets WHERE tickets.id = $1 AND tickets.client_id = $2`,
        [number, clientId],
      )[0],
    timeline: (ticketId) =>
      db.query<ReturnType<PortalStore['timeline']>[number]>(
        `SELECT at, event FROM ticket_events
          WHERE ticket_id = $1 AND event IN ('opened', 'taken', 'released', 'closed', 'reopened') ORDER BY id`,
        [ticketId],
      ),
    licences: (clientId) =>
      db.query<PortalLicenceRow>(
        'SELECT plan, starts_on AS "startsOn", ends_on AS "endsOn", created_at AS "createdAt" FROM licences WHERE client_id = $1 ORDER BY starts_on COLLATE "C"',
        [clientId],
      ),
    ticketOfForm: (requesterId, formKey) =>
      db.query<{ id: number }>('SELECT id FROM tickets WHERE requester_id = $1 AND form_key = $2', [
        requesterId,
        formKey,
      ])[0]?.id,
  };
}
