// SQLite's BillStore (src/store/bills.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { BillStore, TicketBill } from '../bills.js';
import { statements } from './statements.js';

const billSql = statements({
  ofTicket: `SELECT at, agent, billable_minutes AS billableMinutes, previously_charged_minutes AS previouslyChargedMinutes,
    charged_minutes AS chargedMinutes, waived_minutes AS waivedMinutes, uncovered_minutes AS uncoveredMinutes
    FROM bills WHERE ticket_id = ? ORDER BY id`,
});

export function sqliteBill(db: Database.Database): BillStore {
  return {
    ofTicket: (ticketId) => billSql(db).ofTicket.all(ticketId) as TicketBill[],
  };
}
