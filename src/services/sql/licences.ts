// The licence register's statements (services/licences.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

const LICENCE = `licences.id, licences.client_id AS clientId, licences.plan, licences.starts_on AS startsOn, licences.ends_on AS endsOn,
  licences.created_at AS createdAt, licences.created_by AS createdBy`;
/** CROSS JOIN: licences stay the outer loop (see TICKETS_WITH_CODE in sql/tickets.ts). */
const WITH_CODE = `SELECT ${LICENCE}, clients.code FROM licences CROSS JOIN clients ON clients.id = licences.client_id`;
const BY_END = 'ORDER BY licences.ends_on, licences.id';
/** (from, to, from): covering the first day, ending by the second */
const EXPIRING = 'licences.ends_on >= ? AND licences.ends_on <= ? AND licences.starts_on <= ?';

export const licenceSql = statements({
  ofClient: `SELECT ${LICENCE} FROM licences WHERE client_id = ? ORDER BY starts_on`,
  /** (client, plan, starts, ends, now, agent) */
  add: 'INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
  list: `${WITH_CODE} ${BY_END}`,
  listOfClient: `${WITH_CODE} WHERE licences.client_id = ? ${BY_END}`,
  expiring: `${WITH_CODE} WHERE ${EXPIRING} ${BY_END}`,
  expiringOfClient: `${WITH_CODE} WHERE licences.client_id = ? AND ${EXPIRING} ${BY_END}`,
});
