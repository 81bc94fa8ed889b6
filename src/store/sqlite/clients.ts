// SQLite's ClientStore (src/store/clients.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { ClientRow, ClientStore, ContactRow, EndedLicence, LicenceRow, TermRow } from '../clients.js';
import { statements } from './statements.js';

const CLIENT = 'id, code, name, email, language, created_at AS createdAt';

/** A contact with its client (CROSS JOIN: contacts stay the outer loop). */
const CONTACT = `SELECT contacts.id, contacts.client_id AS clientId, clients.code AS clientCode, clients.name AS clientName,
  contacts.email, contacts.name, contacts.language, contacts.created_at AS createdAt
  FROM contacts CROSS JOIN clients ON clients.id = contacts.client_id`;
/** Contacts not removed; `lower(email)` is what the unique index contacts_email_nocase holds. */
const ACTIVE = 'contacts.removed_at IS NULL';

const LICENCE = `licences.id, licences.client_id AS clientId, licences.plan, licences.starts_on AS startsOn, licences.ends_on AS endsOn,
  licences.created_at AS createdAt, licences.created_by AS createdBy`;
/** CROSS JOIN: licences stay the outer loop. */
const WITH_CODE = `SELECT ${LICENCE}, clients.code FROM licences CROSS JOIN clients ON clients.id = licences.client_id`;
const BY_END = 'ORDER BY licences.ends_on, licences.id';
/** covering @from, ending by @to */
const EXPIRING = 'licences.ends_on >= @from AND licences.ends_on <= @to AND licences.starts_on <= @from';
const TERM = 'starts_on AS startsOn, ends_on AS endsOn, created_at AS createdAt';

const q = statements({
  /** codes match without regard to case: the unique index clients_code_nocase */
  byCode: `SELECT ${CLIENT} FROM clients WHERE lower(code) = lower(?)`,
  all: `SELECT ${CLIENT} FROM clients ORDER BY lower(code)`,
  add: `INSERT INTO clients (code, name, email, language, created_at) VALUES (@code, @name, @email, @language, @at) RETURNING ${CLIENT}`,
  openTickets:
    "SELECT id AS number, subject, status FROM tickets WHERE client_id = ? AND status IN ('pending', 'in_progress') ORDER BY id",

  contactByEmail: `${CONTACT} WHERE lower(contacts.email) = lower(?) AND ${ACTIVE}`,
  contactById: `${CONTACT} WHERE contacts.id = ?`,
  firstContact: `${CONTACT} WHERE contacts.client_id = ? AND ${ACTIVE} ORDER BY contacts.id LIMIT 1`,
  contactsOf: `${CONTACT} WHERE contacts.client_id = ? AND ${ACTIVE} ORDER BY contacts.id`,
  contacts: `${CONTACT} WHERE ${ACTIVE} ORDER BY clients.code, contacts.id`,
  addContact:
    'INSERT INTO contacts (client_id, email, name, language, created_at) VALUES (@clientId, @email, @name, @language, @at)',
  removeContact: 'UPDATE contacts SET removed_at = ? WHERE id = ?',
  /** a removed contact's sessions end at once */
  endSessions: 'DELETE FROM portal_sessions WHERE contact_id = ?',

  addLicence: `INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by)
    VALUES (@clientId, @plan, @startsOn, @endsOn, @createdAt, @createdBy)`,
  licencesOf: `SELECT ${LICENCE} FROM licences WHERE client_id = ? ORDER BY starts_on`,
  licences: `${WITH_CODE} ${BY_END}`,
  licencesOfClient: `${WITH_CODE} WHERE licences.client_id = @clientId ${BY_END}`,
  expiring: `${WITH_CODE} WHERE ${EXPIRING} ${BY_END}`,
  expiringOfClient: `${WITH_CODE} WHERE licences.client_id = @clientId AND ${EXPIRING} ${BY_END}`,
  /** licences ended on @ended, their client not covered on @covered by another */
  ended: `SELECT clients.code AS client, licences.id AS licence, licences.ends_on AS endsOn
    FROM licences CROSS JOIN clients ON clients.id = licences.client_id
    WHERE licences.ends_on = @ended AND NOT EXISTS (SELECT 1 FROM licences AS covering
      WHERE covering.client_id = licences.client_id AND covering.starts_on <= @covered AND covering.ends_on >= @covered)
    ORDER BY clients.code, licences.id`,
  terms: `SELECT ${TERM} FROM licences WHERE client_id = ?`,
  allTerms: `SELECT client_id AS clientId, ${TERM} FROM licences`,
});

export function sqliteClient(db: Database.Database): ClientStore {
  const s = q(db);
  return {
    byCode: (code) => s.byCode.get(code) as ClientRow | undefined,
    all: () => s.all.all() as ClientRow[],
    add: (client) => s.add.get(client) as ClientRow,
    openTickets: (clientId) => s.openTickets.all(clientId) as { number: number; subject: string; status: string }[],

    contactByEmail: (email) => s.contactByEmail.get(email) as ContactRow | undefined,
    contactById: (id) => s.contactById.get(id) as ContactRow | undefined,
    firstContact: (clientId) => s.firstContact.get(clientId) as ContactRow | undefined,
    contactsOf: (clientId) => s.contactsOf.all(clientId) as ContactRow[],
    contacts: () => s.contacts.all() as ContactRow[],
    addContact: (contact) => Number(s.addContact.run(contact).lastInsertRowid),
    removeContact(id, at) {
      s.removeContact.run(at, id);
      s.endSessions.run(id);
    },

    addLicence: (licence) => Number(s.addLicence.run(licence).lastInsertRowid),
    licencesOf: (clientId) => s.licencesOf.all(clientId) as LicenceRow[],
    licences(clientId, expiring) {
      const rows =
        expiring === undefined
          ? clientId === undefined
            ? s.licences.all()
            : s.licencesOfClient.all({ clientId })
          : clientId === undefined
            ? s.expiring.all(expiring)
            : s.expiringOfClient.all({ clientId, ...expiring });
      return rows as (LicenceRow & { code: string })[];
    },
    endedLicences: (ended, covered) => s.ended.all({ ended, covered }) as EndedLicence[],
    termsOf: (clientId) => s.terms.all(clientId) as TermRow[],
    allTerms() {
      const terms = new Map<number, TermRow[]>();
      for (const { clientId, ...term } of s.allTerms.all() as (TermRow & { clientId: number })[]) {
        const own = terms.get(clientId);
        if (own) own.push(term);
        else terms.set(clientId, [term]);
      }
      return terms;
    },
  };
}
