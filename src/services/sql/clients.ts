// The client register's statements (services/clients.ts). See db/statements.ts.
import { statements } from '../../db/statements.js';

const CLIENT = 'id, code, name, email, language, created_at AS createdAt';

export const clientSql = statements({
  byCode: `SELECT ${CLIENT} FROM clients WHERE code = ?`,
  all: `SELECT ${CLIENT} FROM clients ORDER BY code`,
  /** (code, name, email, language, now) */
  add: `INSERT INTO clients (code, name, email, language, created_at) VALUES (?, ?, ?, ?, ?) RETURNING ${CLIENT}`,
  openTickets: "SELECT id AS number, subject, status FROM tickets WHERE client_id = ? AND status IN ('pending', 'in_progress') ORDER BY id",
});
