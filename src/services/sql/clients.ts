// The client register's statements (services/clients.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

const CLIENT = 'id, code, name, email, language, created_at AS createdAt';

export const clientSql = statements({
  /** codes match without regard to case: the unique index clients_code_nocase */
  byCode: `SELECT ${CLIENT} FROM clients WHERE lower(code) = lower(?)`,
  all: `SELECT ${CLIENT} FROM clients ORDER BY lower(code)`,
  /** (code, name, email, language, now) */
  add: `INSERT INTO clients (code, name, email, language, created_at) VALUES (?, ?, ?, ?, ?) RETURNING ${CLIENT}`,
  openTickets: "SELECT id AS number, subject, status FROM tickets WHERE client_id = ? AND status IN ('pending', 'in_progress') ORDER BY id",
});
