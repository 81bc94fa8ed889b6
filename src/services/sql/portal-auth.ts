// Sign-in tokens and client-space sessions (services/portal-auth.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';
import { CONTACT_COLUMNS } from './contacts.js';

export const portalAuthSql = statements({
  /** (hash, contact, now, expires) */
  addToken: 'INSERT INTO sign_in_tokens (token_hash, contact_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  /** (hash): the token and whether its contact was removed since */
  token: `SELECT sign_in_tokens.id, sign_in_tokens.contact_id AS contactId, sign_in_tokens.expires_at AS expiresAt,
    sign_in_tokens.used_at AS usedAt, contacts.removed_at AS removedAt
    FROM sign_in_tokens CROSS JOIN contacts ON contacts.id = sign_in_tokens.contact_id WHERE sign_in_tokens.token_hash = ?`,
  /** (now, token id): only an unused token is consumed */
  useToken: 'UPDATE sign_in_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL',
  /** (before): tokens expired long ago say nothing useful any more */
  purgeTokens: 'DELETE FROM sign_in_tokens WHERE expires_at < ?',
  /** (hash, contact, now, now) */
  addSession: 'INSERT INTO portal_sessions (id_hash, contact_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
  /** (hash): the session's contact, if not removed */
  session: `SELECT portal_sessions.last_seen_at AS lastSeenAt, ${CONTACT_COLUMNS} FROM portal_sessions
    CROSS JOIN contacts ON contacts.id = portal_sessions.contact_id CROSS JOIN clients ON clients.id = contacts.client_id
    WHERE portal_sessions.id_hash = ? AND contacts.removed_at IS NULL`,
  /** (now, hash) */
  touchSession: 'UPDATE portal_sessions SET last_seen_at = ? WHERE id_hash = ?',
  /** (hash) */
  endSession: 'DELETE FROM portal_sessions WHERE id_hash = ?',
  /** (before): sessions idle since then are over */
  purgeSessions: 'DELETE FROM portal_sessions WHERE last_seen_at < ?',
  /** (recipient, subject, body, language, now) */
  queueSignIn: "INSERT INTO outbox (ticket_id, recipient, subject, body, language, state, created_at, kind) VALUES (NULL, ?, ?, ?, ?, 'queued', ?, 'sign-in')",
});
