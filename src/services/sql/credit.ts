// The credit's statements (services/credit.ts): licence terms and the ledger. See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

const TERM = 'starts_on AS startsOn, ends_on AS endsOn, created_at AS createdAt';
const LINE = 'at, minutes, kind, reference';

export const creditSql = statements({
  terms: `SELECT ${TERM} FROM licences WHERE client_id = ?`,
  /** the forfeit days written (not the forfeits following a reversal): the partial index ledger_forfeit_once serves it */
  forfeitsWritten: "SELECT reference FROM ledger_entries WHERE client_id = ? AND kind = 'forfeit' AND ticket_id IS NULL",
  total: 'SELECT coalesce(sum(minutes), 0) AS total FROM ledger_entries WHERE client_id = ?',
  lines: `SELECT ${LINE} FROM ledger_entries WHERE client_id = ? ORDER BY at, id`,
  linesUntil: `SELECT ${LINE} FROM ledger_entries WHERE client_id = ? AND at <= ? ORDER BY at, id`,
  /** (client): the instant of its latest entry */
  latestAt: 'SELECT max(at) AS at FROM ledger_entries WHERE client_id = ?',
  /** (ticket): what it was charged and given back */
  ticketCharges: "SELECT at, minutes, kind FROM ledger_entries WHERE ticket_id = ? AND kind IN ('consumption', 'reversal') ORDER BY at, id",
  /** (client, now, minutes, note, agent) */
  adjust: "INSERT INTO ledger_entries (client_id, at, kind, minutes, note, agent) VALUES (?, ?, 'adjustment', ?, ?, ?)",

  // Every client at once (credits list, bill --all, db check): grouped reads instead of queries per client.
  allTerms: `SELECT client_id AS clientId, ${TERM} FROM licences`,
  allForfeitsWritten: "SELECT client_id AS clientId, reference FROM ledger_entries WHERE kind = 'forfeit' AND ticket_id IS NULL",
  allTotals: 'SELECT client_id AS clientId, sum(minutes) AS total FROM ledger_entries GROUP BY client_id',
  allClients: 'SELECT id, code, name FROM clients ORDER BY code',
});
