// PostgreSQL's ClientStore (src/store/clients.ts): the statements of src/store/sqlite/clients.ts in PostgreSQL's SQL.
// Text is ordered COLLATE "C": byte order, as SQLite orders it, whatever the database's locale.
import type { ClientRow, ClientStore, ContactRow, EndedLicence, LicenceRow, TermRow } from '../clients.js';
import type { PgConnection } from './connection.js';

const CLIENT = 'id, code, name, email, language, created_at AS "createdAt"';

const CONTACT = `SELECT contacts.id, contacts.client_id AS "clientId", clients.code AS "clientCode", clients.name AS "clientName",
  contacts.email, contacts.name, contacts.language, contacts.created_at AS "createdAt"
  FROM contacts JOIN clients ON clients.id = contacts.client_id`;
/** Contacts not removed; `lower(email)` is what the unique index contacts_email_nocase holds. */
const ACTIVE = 'contacts.removed_at IS NULL';

const LICENCE = `licences.id, licences.client_id AS "clientId", licences.plan, licences.starts_on AS "startsOn",
  licences.ends_on AS "endsOn", licences.created_at AS "createdAt", licences.created_by AS "createdBy"`;
const WITH_CODE = `SELECT ${LICENCE}, clients.code FROM licences JOIN clients ON clients.id = licences.client_id`;
const BY_END = 'ORDER BY licences.ends_on COLLATE "C", licences.id';
const TERM = 'starts_on AS "startsOn", ends_on AS "endsOn", created_at AS "createdAt"';

type LicenceWithCode = LicenceRow & { code: string };

export function pgClient(db: PgConnection): ClientStore {
  const contact = (where: string, params: unknown[]) => db.query<ContactRow>(`${CONTACT} WHERE ${where}`, params);
  return {
    byCode: (code) => db.query<ClientRow>(`SELECT ${CLIENT} FROM clients WHERE lower(code) = lower($1)`, [code])[0],
    all: () => db.query<ClientRow>(`SELECT ${CLIENT} FROM clients ORDER BY lower(code) COLLATE "C"`),
    add: (c) =>
      db.query<ClientRow>(
        `INSERT INTO clients (code, name, email, language, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${CLIENT}`,
        [c.code, c.name, c.email, c.language, c.at],
      )[0]!,
    openTickets: (clientId) =>
      db.query<{ number: number; subject: string; status: string }>(
        "SELECT id AS number, subject, status FROM tickets WHERE client_id = $1 AND status IN ('pending', 'in_progress') ORDER BY id",
        [clientId],
      ),

    contactByEmail: (email) => contact(`lower(contacts.email) = lower($1) AND ${ACTIVE}`, [email])[0],
    contactById: (id) => contact('contacts.id = $1', [id])[0],
    firstContact: (clientId) =>
      contact(`contacts.client_id = $1 AND ${ACTIVE} ORDER BY contacts.id LIMIT 1`, [clientId])[0],
    contactsOf: (clientId) => contact(`contacts.client_id = $1 AND ${ACTIVE} ORDER BY contacts.id`, [clientId]),
    contacts: () => db.query<ContactRow>(`${CONTACT} WHERE ${ACTIVE} ORDER BY clients.code COLLATE "C", contacts.id`),
    addContact: (c) =>
      db.query<{ id: number }>(
        'INSERT INTO contacts (client_id, email, name, language, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [c.clientId, c.email, c.name, c.language, c.at],
      )[0]!.id,
    removeContact(id, at) {
      db.run('UPDATE contacts SET removed_at = $2 WHERE id = $1', [id, at]);
      // a removed contact's sessions end at once
      db.run('DELETE FROM portal_sessions WHERE contact_id = $1', [id]);
    },

    addLicence: (l) =>
      db.query<{ id: number }>(
        `INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [l.clientId, l.plan, l.startsOn, l.endsOn, l.createdAt, l.createdBy],
      )[0]!.id,
    licencesOf: (clientId) =>
      db.query<LicenceRow>(`SELECT ${LICENCE} FROM licences WHERE client_id = $1 ORDER BY starts_on COLLATE "C"`, [
        clientId,
      ]),
    licences(clientId, expiring) {
      // $1: the client (null: all), $2/$3: covering $2 and ending by $3 (null: any)
      return db.query<LicenceWithCode>(
        `${WITH_CODE} WHERE ($1::bigint IS NULL OR licences.client_id = $1)
          AND ($2::text IS NULL OR (licences.ends_on >= $2 AND licences.ends_on <= $3::text AND licences.starts_on <= $2)) ${BY_END}`,
        [clientId ?? null, expiring?.from ?? null, expiring?.to ?? null],
      );
    },
    endedLicences: (ended, covered) =>
      db.query<EndedLicence>(
        `SELECT clients.code AS client, licences.id AS licence, licences.ends_on AS "endsOn"
          FROM licences JOIN clients ON clients.id = licences.client_id
          WHERE licences.ends_on = $1 AND NOT EXISTS (SELECT 1 FROM licences AS covering
            WHERE covering.client_id = licences.client_id AND covering.starts_on <= $2 AND covering.ends_on >= $2)
          ORDER BY clients.code COLLATE "C", licences.id`,
        [ended, covered],
      ),
    termsOf: (clientId) => db.query<TermRow>(`SELECT ${TERM} FROM licences WHERE client_id = $1`, [clientId]),
    allTerms() {
      const terms = new Map<number, TermRow[]>();
      for (const { clientId, ...term } of db.query<TermRow & { clientId: number }>(
        `SELECT client_id AS "clientId", ${TERM} FROM licences`,
      )) {
        const own = terms.get(clientId);
        if (own) own.push(term);
        else terms.set(clientId, [term]);
      }
      return terms;
    },
  };
}
