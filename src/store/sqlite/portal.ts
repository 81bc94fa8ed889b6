// SQLite's PortalStore (src/store/portal.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type {
  PortalLicenceRow,
  PortalStore,
  PortalTicketDetailRow,
  PortalTicketRow,
  SessionRow,
  SignInTokenRow,
} from '../portal.js';
import { statements } from './statements.js';

const PORTAL_TICKET = `tickets.id AS number, tickets.subject, tickets.status, tickets.created_at AS createdAt, tickets.taken_at AS takenAt,
  tickets.resolved_at AS resolvedAt, tickets.defect`;

const sql = statements({
  addToken: 'INSERT INTO sign_in_tokens (token_hash, contact_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  token: `SELECT sign_in_tokens.id, sign_in_tokens.contact_id AS contactId, sign_in_tokens.expires_at AS expiresAt,
    sign_in_tokens.used_at AS usedAt, contacts.removed_at AS removedAt
    FROM sign_in_tokens CROSS JOIN contacts ON contacts.id = sign_in_tokens.contact_id WHERE sign_in_tokens.token_hash = ?`,
  useToken: 'UPDATE sign_in_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL',
  purgeTokens: 'DELETE FROM sign_in_tokens WHERE expires_at < ?',
  queueSignIn:
    "INSERT INTO outbox (ticket_id, recipient, subject, body, language, state, created_at, kind) VALUES (NULL, ?, ?, ?, ?, 'queued', ?, 'sign-in')",

  addSession: 'INSERT INTO portal_sessions (id_hash, contact_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
  session: `SELECT portal_sessions.last_seen_at AS lastSeenAt, contacts.id, contacts.client_id AS clientId, clients.code AS clientCode,
    clients.name AS clientName, contacts.email, contacts.name, contacts.language, contacts.created_at AS createdAt
    FROM portal_sessions CROSS JOIN contacts ON contacts.id = portal_sessions.contact_id CROSS JOIN clients ON clients.id = contacts.client_id
    WHERE portal_sessions.id_hash = ? AND contacts.removed_at IS NULL`,
  touchSession: 'UPDATE portal_sessions SET last_seen_at = ? WHERE id_hash = ?',
  endSession: 'DELETE FROM portal_sessions WHERE id_hash = ?',
  purgeSessions: 'DELETE FROM portal_sessions WHERE last_seen_at < ?',

  /** (client): its tickets by status, kept by triggers (migration 0011) */
  counts: 'SELECT status, tickets FROM client_ticket_counts WHERE client_id = ?',
  /** (client, status, limit, offset): oldest in the queue first, through tickets_client_status_queued */
  queued: `SELECT ${PORTAL_TICKET} FROM tickets WHERE tickets.client_id = ? AND tickets.status = ?
    ORDER BY tickets.queued_at, tickets.id LIMIT ? OFFSET ?`,
  /** newest first, through tickets_client_status_resolved */
  resolved: `SELECT ${PORTAL_TICKET} FROM tickets WHERE tickets.client_id = ? AND tickets.status = 'resolved'
    ORDER BY tickets.resolved_at DESC, tickets.id DESC LIMIT ? OFFSET ?`,
  detail: `SELECT ${PORTAL_TICKET}, tickets.body, tickets.resolution, tickets.charged_minutes AS chargedMinutes,
    tickets.waived_minutes AS waivedMinutes,
    (SELECT contacts.email FROM contacts WHERE contacts.id = tickets.requester_id) AS requester
    FROM tickets WHERE tickets.id = ? AND tickets.client_id = ?`,
  timeline: `SELECT at, event FROM ticket_events
    WHERE ticket_id = ? AND event IN ('opened', 'taken', 'released', 'closed', 'reopened') ORDER BY id`,
  licences:
    'SELECT plan, starts_on AS startsOn, ends_on AS endsOn, created_at AS createdAt FROM licences WHERE client_id = ? ORDER BY starts_on',
  byForm: 'SELECT id FROM tickets WHERE requester_id = ? AND form_key = ?',
  /** changes when another connection commits (WAL or not, another process or not); read in a read transaction of its own */
  dataVersion: 'PRAGMA data_version',
  /** rows this connection has inserted, updated or deleted since it opened, triggers' included */
  totalChanges: 'SELECT total_changes()',
  /** the health check's read */
  health: 'SELECT count(*) FROM clients',
});

type TicketRaw = Omit<PortalTicketRow, 'defect'> & { defect: number };
const ticketOf = <T extends TicketRaw>(row: T): Omit<T, 'defect'> & { defect: boolean } => ({
  ...row,
  defect: row.defect === 1,
});

export function sqlitePortal(db: Database.Database): PortalStore {
  const q = sql(db);
  const counts = (clientId: number): Record<string, number> =>
    Object.fromEntries(q.counts.raw().all(clientId) as [string, number][]);
  /** The page of one status's queue within the open tickets, pending ones first. */
  const queued = (clientId: number, status: string, limit: number, offset: number): PortalTicketRow[] =>
    limit > 0 ? (q.queued.all(clientId, status, limit, offset) as TicketRaw[]).map(ticketOf) : [];
  return {
    waitForLocks: (ms) => void db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(ms))}`),
    healthCheck: () => void q.health.pluck().get(),
    // data_version does not change on this connection's own commits: total_changes() counts those (a write
    // that changes no row changes nothing read). Neither is reset while the connection is open.
    sessionAndMark: (hash) => {
      const mark = `${q.dataVersion.pluck().get() as number}:${q.totalChanges.pluck().get() as number}`;
      return Promise.resolve({ mark, session: q.session.get(hash) as SessionRow | undefined });
    },

    addSignInToken: (hash, contactId, at, expiresAt) => void q.addToken.run(hash, contactId, at, expiresAt),
    signInToken: (hash) => q.token.get(hash) as SignInTokenRow | undefined,
    useSignInToken: (id, at) => q.useToken.run(at, id).changes === 1,
    purgeSignInTokens: (before) => void q.purgeTokens.run(before),
    queueSignInMail: (mail, at) => void q.queueSignIn.run(mail.recipient, mail.subject, mail.body, mail.language, at),

    openSession: (hash, contactId, at) => void q.addSession.run(hash, contactId, at, at),
    session: (hash) => q.session.get(hash) as SessionRow | undefined,
    touchSession: (hash, at) => void q.touchSession.run(at, hash),
    endSession: (hash) => void q.endSession.run(hash),
    purgeSessions: (before) => void q.purgeSessions.run(before),

    ticketCounts: (clientId) => {
      const c = counts(clientId);
      return { pending: c.pending ?? 0, inProgress: c.in_progress ?? 0, resolved: c.resolved ?? 0 };
    },
    openTickets: (clientId, pending, limit, offset) => {
      const red = offset < pending ? queued(clientId, 'pending', limit, offset) : [];
      return [...red, ...queued(clientId, 'in_progress', limit - red.length, Math.max(0, offset - pending))];
    },
    resolvedTickets: (clientId, limit, offset) =>
      (q.resolved.all(clientId, limit, offset) as TicketRaw[]).map(ticketOf),
    ticket: (number, clientId) => {
      const row = q.detail.get(number, clientId) as
        (Omit<PortalTicketDetailRow, 'defect'> & { defect: number }) | undefined;
      return row && ticketOf(row);
    },
    timeline: (ticketId) => q.timeline.all(ticketId) as ReturnType<PortalStore['timeline']>,
    licences: (clientId) => q.licences.all(clientId) as PortalLicenceRow[],
    ticketOfForm: (requesterId, formKey) => q.byForm.pluck().get(requesterId, formKey) as number | undefined,
  };
}
