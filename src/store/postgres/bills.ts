// PostgreSQL's BillStore (src/store/bills.ts): the statements of src/store/sqlite/bills.ts in PostgreSQL's SQL.
import { billRow, type BillStore, type ResolvedPeriod, type TicketBill, type TicketTotals } from '../bills.js';
import { BILL_COLUMNS, BulkTable, FLUSH_ORDER } from './bulk.js';
import type { DeferredWriter, PgConnection } from './connection.js';

/** An entry's end as every reader counts it at $1 (now): running timers up to now or where they stopped by themselves. */
const ENTRY_END = 'coalesce(time_entries.ended_at, LEAST($1::bigint, coalesce(time_entries.stops_at, $1::bigint)))';

/** Tickets with their billing totals and worked time, one grouped read; $1: now. */
const TOTALS = `SELECT tickets.id, tickets.client_id AS "clientId", clients.code AS client, tickets.status, tickets.resolved_at AS "resolvedAt",
  tickets.defect, tickets.charged_minutes AS "chargedMinutes", tickets.waived_minutes AS "waivedMinutes",
  tickets.uncovered_minutes AS "uncoveredMinutes",
  coalesce(sum(GREATEST(${ENTRY_END} - time_entries.started_at, 0)), 0) AS "workedMs",
  (SELECT max(ticket_events.at) FROM ticket_events WHERE ticket_events.ticket_id = tickets.id) AS "latestEventAt"
  FROM tickets JOIN clients ON clients.id = tickets.client_id LEFT JOIN time_entries ON time_entries.ticket_id = tickets.id`;
const BY_TICKET = 'GROUP BY tickets.id, clients.code ORDER BY tickets.id';
const TO_BILL = "tickets.to_bill = 1 AND tickets.status = 'resolved'";
/** Resolved within [$2, $3). */
const RESOLVED = "tickets.status = 'resolved' AND tickets.resolved_at >= $2 AND tickets.resolved_at < $3";

const bounds = (period: ResolvedPeriod) => [
  period.from ?? Number.MIN_SAFE_INTEGER,
  period.to ?? Number.MAX_SAFE_INTEGER,
];

/** What the kept bills add to their tickets' totals, summed by ticket, written (and each ticket settled) in one UPDATE. */
class TicketTotalsWriter implements DeferredWriter {
  readonly order = FLUSH_ORDER.ticketTotals;
  readonly #db: PgConnection;
  readonly #added = new Map<number, [number, number, number]>();
  constructor(db: PgConnection) {
    this.#db = db;
  }
  add(ticketId: number, charged: number, waived: number, uncovered: number): void {
    const sums = this.#added.get(ticketId);
    if (sums) {
      sums[0] += charged;
      sums[1] += waived;
      sums[2] += uncovered;
    } else this.#added.set(ticketId, [charged, waived, uncovered]);
    this.#db.defer(this);
  }
  flush(): void {
    if (this.#added.size === 0) return;
    const added = [...this.#added];
    this.#added.clear();
    this.#db.run(
      `UPDATE tickets SET charged_minutes = charged_minutes + a.charged, waived_minutes = waived_minutes + a.waived,
        uncovered_minutes = uncovered_minutes + a.uncovered, to_bill = 0
        FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[]) AS a (id, charged, waived, uncovered)
        WHERE tickets.id = a.id`,
      [added.map(([id]) => id), ...[0, 1, 2].map((i) => added.map(([, sums]) => sums[i]))],
    );
  }
  discard(): void {
    this.#added.clear();
  }
}

export function pgBill(db: PgConnection): BillStore {
  const keptBills = new BulkTable(db, FLUSH_ORDER.bills, 'bills', BILL_COLUMNS);
  const keptTotals = new TicketTotalsWriter(db);
  return {
    ofTicket: (ticketId) =>
      db.query<TicketBill>(
        `SELECT at, agent, billable_minutes AS "billableMinutes", previously_charged_minutes AS "previouslyChargedMinutes",
          charged_minutes AS "chargedMinutes", waived_minutes AS "waivedMinutes", uncovered_minutes AS "uncoveredMinutes"
          FROM bills WHERE ticket_id = $1 ORDER BY id`,
        [ticketId],
      ),
    totalsOf: (ticketIds, now) =>
      db.query<TicketTotals>(`${TOTALS} WHERE tickets.id = ANY($2::bigint[]) ${BY_TICKET}`, [now, ticketIds]),
    toBill: (now) => db.query<TicketTotals>(`${TOTALS} WHERE ${TO_BILL} ${BY_TICKET}`, [now]),
    resolved: (period, now) =>
      db.query<TicketTotals>(`${TOTALS} WHERE ${RESOLVED} ${BY_TICKET}`, [now, ...bounds(period)]),
    agentTime: (period, now) =>
      db.query<{ ticketId: number; agent: string; ms: number }>(
        `SELECT time_entries.ticket_id AS "ticketId", time_entries.agent, sum(coalesce(time_entries.ended_at, $1) - time_entries.started_at) AS ms
          FROM time_entries JOIN tickets ON tickets.id = time_entries.ticket_id WHERE ${RESOLVED}
          GROUP BY time_entries.ticket_id, time_entries.agent ORDER BY time_entries.ticket_id, time_entries.agent`,
        [now, ...bounds(period)],
      ),

    record(b) {
      const row = billRow(b);
      // A bill run of many tickets: the bills and the tickets' totals kept and written in bulk (bulk.ts).
      if (keptBills.keeps()) {
        keptBills.add(...row);
        keptTotals.add(b.ticketId, b.chargedMinutes, b.waivedMinutes, b.uncoveredMinutes);
        return;
      }
      db.run(
        `INSERT INTO bills (ticket_id, at, agent, worked_seconds, billable_minutes, previously_charged_minutes, charged_minutes,
            waived_minutes, uncovered_minutes, ledger_entry_id)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        row,
      );
      db.run(
        `UPDATE tickets SET charged_minutes = charged_minutes + $2, waived_minutes = waived_minutes + $3,
          uncovered_minutes = uncovered_minutes + $4, to_bill = 0 WHERE id = $1`,
        [b.ticketId, b.chargedMinutes, b.waivedMinutes, b.uncoveredMinutes],
      );
    },
    // The kept totals are written first (the connection flushes before a statement): only the tickets no bill
    // settled are left to change.
    settle: (ticketIds) =>
      void (ticketIds === 'all'
        ? db.run(`UPDATE tickets SET to_bill = 0 WHERE ${TO_BILL}`)
        : db.run('UPDATE tickets SET to_bill = 0 WHERE id = ANY($1::bigint[]) AND to_bill <> 0', [ticketIds])),
    markDefect: (ticketId, toBill) =>
      void db.run('UPDATE tickets SET defect = true, to_bill = $2 WHERE id = $1', [ticketId, toBill ? 1 : 0]),
  };
}
