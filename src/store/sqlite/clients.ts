// SQLite's ClientStore (src/store/clients.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { ClientStore, LicenceRow } from '../clients.js';
import { statements } from './statements.js';

const LICENCE = `licences.id, licences.client_id AS clientId, licences.plan, licences.starts_on AS startsOn, licences.ends_on AS endsOn,
  licences.created_at AS createdAt, licences.created_by AS createdBy`;

const clientSql = statements({
  licencesOf: `SELECT ${LICENCE} FROM licences WHERE client_id = ? ORDER BY starts_on`,
});

export function sqliteClient(db: Database.Database): ClientStore {
  return {
    licencesOf: (clientId) => clientSql(db).licencesOf.all(clientId) as LicenceRow[],
  };
}
