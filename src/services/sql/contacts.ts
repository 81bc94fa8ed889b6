// The contacts' statements (services/contacts.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

/** A contact's columns, with its client's (contacts and clients joined). */
export const CONTACT_COLUMNS = `contacts.id, contacts.client_id AS clientId, clients.code AS clientCode, clients.name AS clientName,
  contacts.email, contacts.name, contacts.language, contacts.created_at AS createdAt`;

/** A contact with its client (CROSS JOIN: contacts stay the outer loop). */
const CONTACT = `SELECT ${CONTACT_COLUMNS} FROM contacts CROSS JOIN clients ON clients.id = contacts.client_id`;

/** Contacts not removed; `lower(email)` is what the unique index contacts_email_nocase holds. */
const ACTIVE = 'contacts.removed_at IS NULL';

export const contactSql = statements({
  byEmail: `${CONTACT} WHERE lower(contacts.email) = lower(?) AND ${ACTIVE}`,
  ofClient: `${CONTACT} WHERE contacts.client_id = ? AND ${ACTIVE} ORDER BY contacts.id`,
  /** the client's first contact: the oldest not removed */
  first: `${CONTACT} WHERE contacts.client_id = ? AND ${ACTIVE} ORDER BY contacts.id LIMIT 1`,
  all: `${CONTACT} WHERE ${ACTIVE} ORDER BY clients.code, contacts.id`,
  byId: `${CONTACT} WHERE contacts.id = ?`,
  /** (client, email, name, language, now) */
  add: 'INSERT INTO contacts (client_id, email, name, language, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
  /** (now, contact) */
  remove: 'UPDATE contacts SET removed_at = ? WHERE id = ?',
  /** (contact): a removed contact's sessions end at once */
  endSessions: 'DELETE FROM portal_sessions WHERE contact_id = ?',
});
