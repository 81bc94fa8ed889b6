// SQLite's BillStore (src/store/bills.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { BillStore, ResolvedPeriod, TicketBill, TicketTotals } from '../bills.js';
import { statements } from './statements.js';
import { entryEnd } from './tickets.js';

/** Tickets with their billing totals and worked time (running timers as every reader counts them), one grouped read. */
const TOTALS = `SELECT tickets.id, tickets.client_id AS clientId, clients.code AS client, tickets.status, tickets.resolved_at AS resolvedAt,
  tickets.defect, tickets.charged_minutes AS chargedMinutes, tickets.waived_minutes AS waivedMinutes, tickets.uncovered_minutes AS uncoveredMinutes,
  coalesce(sum(max(${entryEnd('@now')} - time_entries.started_at, 0)), 0) AS workedMs,
  (SELECT max(ticket_events.at) FROM ticket_events WHERE ticket_events.ticket_id = tickets.id) AS latestEventAt
  FROM tickets INNER JOIN clients ON clients.id = tickets.client_id LEFT JOIN time_entries ON time_entries.ticket_id = tickets.id`;
const BY_TICKET = 'GROUP BY tickets.id ORDER BY tickets.id';

/**
 * The green tickets a bill run may change: those marked since their last bill
 * (to_bill), through their partial index; the + keeps SQLite from walking
 * every green ticket through the status index instead.
 */
const TO_BILL = "tickets.to_bill = 1 AND +tickets.status = 'resolved'";
/** Resolved within [@from, @to). */
const RESOLVED = "tickets.status = 'resolved' AND tickets.resolved_at >= @from AND tickets.resolved_at < @to";

const q = statements({
  /** @ids: a JSON array of ticket numbers */
  totalsOf: `${TOTALS} WHERE tickets.id IN (SELECT value FROM json_each(@ids)) ${BY_TICKET}`,
  toBill: `${TOTALS} WHERE ${TO_BILL} ${BY_TICKET}`,
  resolved: `${TOTALS} WHERE ${RESOLVED} ${BY_TICKET}`,
  agentTime: `SELECT time_entries.ticket_id AS ticketId, time_entries.agent, sum(coalesce(time_entries.ended_at, @now) - time_entries.started_at) AS ms
    FROM time_entries INNER JOIN tickets ON tickets.id = time_entries.ticket_id WHERE ${RESOLVED}
    GROUP BY time_entries.ticket_id, time_entries.agent ORDER BY time_entries.ticket_id, time_entries.agent`,

  ofTicket: `SELECT at, agent, billable_minutes AS billableMinutes, previously_charged_minutes AS previouslyChargedMinutes,
    charged_minutes AS chargedMinutes, waived_minutes AS waivedMinutes, uncovered_minutes AS uncoveredMinutes
    FROM bills WHERE ticket_id = ? ORDER BY id`,
  addBill: `INSERT INTO bills (ticket_id, at, agent, worked_seconds, billable_minutes, previously_charged_minutes, charged_minutes, waived_minutes,
      uncovered_minutes, ledger_entry_id)
    VALUES (@ticketId, @at, @agent, @workedSeconds, @billableMinutes, @previouslyChargedMinutes, @chargedMinutes, @waivedMinutes,
      @uncoveredMinutes, @ledgerEntryId)`,
  addTotals: `UPDATE tickets SET charged_minutes = charged_minutes + @chargedMinutes, waived_minutes = waived_minutes + @waivedMinutes,
    uncovered_minutes = uncovered_minutes + @uncoveredMinutes, to_bill = 0 WHERE id = @ticketId`,
  settleAll: `UPDATE tickets SET to_bill = 0 WHERE ${TO_BILL}`,
  settle: 'UPDATE tickets SET to_bill = 0 WHERE id = ? AND to_bill <> 0',
  markDefect: 'UPDATE tickets SET defect = 1, to_bill = @toBill WHERE id = @ticketId',
});

/** Period bounds for the statements: an open end is the whole range. */
const bounds = (period: ResolvedPeriod) => ({
  from: period.from ?? Number.MIN_SAFE_INTEGER,
  to: period.to ?? Number.MAX_SAFE_INTEGER,
});

const totals = (rows: unknown[]): TicketTotals[] => {
  for (const row of rows as (Omit<TicketTotals, 'defect'> & { defect: number | boolean })[])
    row.defect = row.defect === 1;
  return rows as TicketTotals[];
};

export function sqliteBill(db: Database.Database): BillStore {
  const s = q(db);
  return {
    ofTicket: (ticketId) => s.ofTicket.all(ticketId) as TicketBill[],
    totalsOf: (ticketIds, now) => totals(s.totalsOf.all({ ids: JSON.stringify(ticketIds), now })),
    toBill: (now) => totals(s.toBill.all({ now })),
    resolved: (period, now) => totals(s.resolved.all({ ...bounds(period), now })),
    agentTime: (period, now) =>
      s.agentTime.all({ ...bounds(period), now }) as { ticketId: number; agent: string; ms: number }[],

    record(bill) {
      s.addBill.run(bill);
      s.addTotals.run(bill);
    },
    settle(ticketIds) {
      if (ticketIds === 'all') s.settleAll.run();
      else for (const id of ticketIds) s.settle.run(id);
    },
    markDefect: (ticketId, toBill) => void s.markDefect.run({ ticketId, toBill: toBill ? 1 : 0 }),
  };
}
