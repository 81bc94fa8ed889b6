// PostgreSQL's CheckStore (src/store/check.ts): the statements of src/store/sqlite/check.ts in PostgreSQL's SQL.
// The server checks pages and enforces foreign keys itself; what is left is the
// desk's own invariants, one SQL pass each. Codes are ordered as SQLite orders
// them (COLLATE "C": bytes), so both engines list findings alike.
import { usageError } from '../../errors.js';
import type {
  BillRow,
  CheckStore,
  DanglingReference,
  EntryRef,
  KeptBalanceMismatch,
  NegativeRun,
  OddLedgerEntry,
  ReversalRow,
  TicketTotals,
  UnmatchedBill,
  UnmatchedPurchase,
} from '../check.js';
import { PgError, type PgConnection } from './connection.js';

/** The slices of a span in ms: 15 minutes per started quarter hour (integer division, as on SQLite). */
const SLICES_OF_WORKED = `15 * ((greatest(coalesce(sum(time_entries.ended_at - time_entries.started_at), 0), 0)::bigint / 1000 + 899) / 900)`;

const Q = {
  oddLedgerEntries: `SELECT ledger_entries.id, ledger_entries.kind, ledger_entries.minutes, ledger_entries.ticket_id AS "ticketId",
      tickets.client_id AS "ticketClientId", ledger_entries.client_id AS "clientId"
    FROM ledger_entries LEFT JOIN tickets ON tickets.id = ledger_entries.ticket_id
    WHERE NOT ((ledger_entries.kind = 'purchase' AND ledger_entries.minutes > 0) OR (ledger_entries.kind = 'consumption' AND ledger_entries.minutes < 0)
            OR (ledger_entries.kind = 'reversal' AND ledger_entries.minutes > 0) OR (ledger_entries.kind = 'forfeit' AND ledger_entries.minutes < 0)
            OR (ledger_entries.kind = 'adjustment' AND ledger_entries.minutes <> 0))
       OR (ledger_entries.kind IN ('consumption', 'reversal')
           AND (ledger_entries.ticket_id IS NULL OR tickets.client_id IS DISTINCT FROM ledger_entries.client_id))
    ORDER BY ledger_entries.id`,
  negativeRunningBalances: `SELECT clients.code, runs.lowest, runs.first_negative AS "firstNegativeEntry"
    FROM (SELECT client_id, min(running) AS lowest, min(CASE WHEN running < 0 THEN id END) AS first_negative
            FROM (SELECT client_id, id, sum(minutes) OVER (PARTITION BY client_id
                         ORDER BY at, (kind = 'forfeit' AND ticket_id IS NULL) DESC, id ROWS UNBOUNDED PRECEDING) AS running
                    FROM ledger_entries) balances
           GROUP BY client_id HAVING min(running) < 0) runs
    LEFT JOIN clients ON clients.id = runs.client_id
    ORDER BY clients.code COLLATE "C"`,
  // Both sides summed in one grouping: a client found on one side only is compared with nothing (0, or no kept row).
  keptBalanceMismatches: `SELECT sides.client_id AS "clientId", clients.code, sides.kept, sides.ledger
    FROM (SELECT client_id, max(kept) AS kept, sum(ledger) AS ledger
            FROM (SELECT client_id, NULL::integer AS kept, minutes AS ledger FROM ledger_entries
                  UNION ALL SELECT client_id, balance_minutes, 0 FROM client_balances) sides_rows
           GROUP BY client_id) sides
    LEFT JOIN clients ON clients.id = sides.client_id
    WHERE sides.kept IS NULL OR sides.kept <> sides.ledger
    ORDER BY clients.code COLLATE "C", sides.client_id`,
  reversals: `SELECT ledger_entries.id, ledger_entries.client_id AS "clientId", ledger_entries.ticket_id AS "ticketId", ledger_entries.at,
      ledger_entries.minutes,
      coalesce((SELECT -sum(forfeit.minutes) FROM ledger_entries forfeit
                 WHERE forfeit.kind = 'forfeit' AND forfeit.ticket_id = ledger_entries.ticket_id
                   AND forfeit.at = ledger_entries.at AND forfeit.client_id = ledger_entries.client_id), 0) AS forfeited
    FROM ledger_entries WHERE ledger_entries.kind = 'reversal' AND ledger_entries.ticket_id IS NOT NULL ORDER BY ledger_entries.id`,
  chargesBefore:
    "SELECT at, minutes, kind FROM ledger_entries WHERE ticket_id = $1 AND kind IN ('consumption', 'reversal') AND id < $2 ORDER BY id",
  unmatchedPurchases: `SELECT purchases.order_id AS "orderId", purchases.minutes, ledger_entries.id AS "entryId", ledger_entries.kind AS "entryKind",
      ledger_entries.minutes AS "entryMinutes", ledger_entries.client_id IS NOT DISTINCT FROM purchases.client_id AS "sameClient"
    FROM purchases LEFT JOIN ledger_entries ON ledger_entries.id = purchases.ledger_entry_id
    WHERE ledger_entries.id IS NULL OR ledger_entries.kind <> 'purchase' OR ledger_entries.minutes <> purchases.minutes
       OR ledger_entries.client_id IS DISTINCT FROM purchases.client_id
    ORDER BY purchases.order_id COLLATE "C"`,
  purchaseEntriesWithoutOrder: `SELECT id, minutes FROM ledger_entries
    WHERE kind = 'purchase' AND NOT EXISTS (SELECT 1 FROM purchases WHERE purchases.ledger_entry_id = ledger_entries.id) ORDER BY id`,
  ticketTotalsMismatches: `SELECT tickets.id, tickets.charged_minutes AS charged, tickets.waived_minutes AS waived, tickets.uncovered_minutes AS uncovered,
      coalesce(charges.charged, 0) AS "ledgerCharged",
      coalesce(billed.charged, 0) AS "billsCharged", coalesce(billed.waived, 0) AS "billsWaived", coalesce(billed.uncovered, 0) AS "billsUncovered"
    FROM tickets
    LEFT JOIN (SELECT ticket_id, -sum(minutes) AS charged FROM ledger_entries
                WHERE kind IN ('consumption', 'reversal') AND ticket_id IS NOT NULL GROUP BY ticket_id) charges ON charges.ticket_id = tickets.id
    LEFT JOIN (SELECT ticket_id, sum(charged_minutes) AS charged, sum(waived_minutes) AS waived, sum(uncovered_minutes) AS uncovered
                 FROM bills GROUP BY ticket_id) billed ON billed.ticket_id = tickets.id
    WHERE tickets.charged_minutes <> coalesce(charges.charged, 0) OR tickets.charged_minutes <> coalesce(billed.charged, 0)
       OR tickets.waived_minutes <> coalesce(billed.waived, 0) OR tickets.uncovered_minutes <> coalesce(billed.uncovered, 0)
    ORDER BY tickets.id`,
  unmatchedBills: `SELECT bills.id, bills.ticket_id AS "ticketId", bills.charged_minutes AS charged, ledger_entries.id AS "entryId",
      ledger_entries.minutes AS "entryMinutes", ledger_entries.ticket_id AS "entryTicketId"
    FROM bills LEFT JOIN ledger_entries ON ledger_entries.id = bills.ledger_entry_id
    WHERE (bills.ledger_entry_id IS NULL AND bills.charged_minutes <> 0)
       OR (bills.ledger_entry_id IS NOT NULL AND (ledger_entries.minutes IS DISTINCT FROM -bills.charged_minutes
                                                  OR ledger_entries.ticket_id IS DISTINCT FROM bills.ticket_id))
    ORDER BY bills.id`,
  billsAgainstSliceRule: `SELECT id, ticket_id AS "ticketId", worked_seconds AS "workedSeconds", billable_minutes AS "billableMinutes" FROM bills
    WHERE billable_minutes <> 15 * ((worked_seconds + 899) / 900) ORDER BY id`,
  totalsAgainstLastBill: `SELECT tickets.id, tickets.charged_minutes + tickets.waived_minutes + tickets.uncovered_minutes AS accounted,
      bills.billable_minutes AS "billableMinutes"
    FROM tickets
    JOIN (SELECT ticket_id, max(id) AS last FROM bills GROUP BY ticket_id) last_bills ON last_bills.ticket_id = tickets.id
    JOIN bills ON bills.id = last_bills.last
    WHERE tickets.charged_minutes + tickets.waived_minutes + tickets.uncovered_minutes <> bills.billable_minutes
    ORDER BY tickets.id`,
  // Each ticket's last bill joined (one row per ticket), not looked up ticket by ticket: right after a bill run of
  // 100,000 tickets the statistics still describe the desk before it, and the lookup was planned as a backward
  // scan of every bill for each ticket (minutes); the join is planned as one pass whatever the statistics say.
  unmarkedToBill: `SELECT id, billable, billed FROM (
      SELECT tickets.id, tickets.defect, ${SLICES_OF_WORKED} AS billable, coalesce(max(last_bills.billable_minutes), 0) AS billed
        FROM tickets LEFT JOIN time_entries ON time_entries.ticket_id = tickets.id AND time_entries.ended_at IS NOT NULL
        LEFT JOIN (SELECT DISTINCT ON (ticket_id) ticket_id, billable_minutes FROM bills ORDER BY ticket_id, id DESC) last_bills
          ON last_bills.ticket_id = tickets.id
       WHERE tickets.status = 'resolved' AND tickets.to_bill = 0
       GROUP BY tickets.id) totals
    WHERE CASE WHEN defect THEN billable <> billed ELSE billable > billed END
    ORDER BY id`,
  timersOffOrange: `SELECT tickets.id, tickets.status, count(*) AS running
    FROM time_entries JOIN tickets ON tickets.id = time_entries.ticket_id
    WHERE time_entries.ended_at IS NULL AND tickets.status <> 'in_progress'
    GROUP BY tickets.id ORDER BY tickets.id`,
  entriesEndingBeforeStart:
    'SELECT id, ticket_id AS "ticketId" FROM time_entries WHERE ended_at < started_at ORDER BY id',
  timersWithoutStop:
    'SELECT id, ticket_id AS "ticketId" FROM time_entries WHERE ended_at IS NULL AND (stops_at IS NULL OR stops_at < started_at) ORDER BY id',
  entriesBeforeTake: `SELECT time_entries.id, time_entries.ticket_id AS "ticketId", time_entries.started_at AS "startedAt", first_takes.at AS "takenAt"
    FROM time_entries
    LEFT JOIN (SELECT ticket_id, min(at) AS at FROM ticket_events WHERE event = 'taken' GROUP BY ticket_id) first_takes
      ON first_takes.ticket_id = time_entries.ticket_id
    WHERE first_takes.at IS NULL OR time_entries.started_at < first_takes.at
    ORDER BY time_entries.id`,
  overlappingEntries: `SELECT id, ticket_id AS "ticketId", agent, previous_end AS "previousEnd", started_at AS "startedAt" FROM (
      SELECT id, ticket_id, agent, started_at,
             max(coalesce(ended_at, least($1, coalesce(stops_at, $1)))) OVER (PARTITION BY ticket_id, agent ORDER BY started_at, id
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
        FROM time_entries) ends
    WHERE started_at < previous_end
    ORDER BY ticket_id, id`,
  // The server enforces each validated foreign key: only one added NOT VALID can have let rows through (rows named by their id).
  foreignKeys: `SELECT child.relname AS "table", parent.relname AS parent, own.attname AS "column", referred.attname AS referred
    FROM pg_constraint fk
    JOIN pg_class child ON child.oid = fk.conrelid JOIN pg_class parent ON parent.oid = fk.confrelid
    JOIN pg_attribute own ON own.attrelid = fk.conrelid AND own.attnum = fk.conkey[1]
    JOIN pg_attribute referred ON referred.attrelid = fk.confrelid AND referred.attnum = fk.confkey[1]
    WHERE fk.contype = 'f' AND NOT fk.convalidated AND cardinality(fk.conkey) = 1 AND child.relnamespace = current_schema()::regnamespace
      AND EXISTS (SELECT 1 FROM pg_attribute id WHERE id.attrelid = fk.conrelid AND id.attname = 'id')
    ORDER BY child.relname, fk.conname`,
};

/** SQL text literal (the state names come from the rules' table, quoted all the same). */
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The last state event of each ticket, on the (ticket_id, id) index: one or two rows per ticket. */
function statusBehindHistorySql(statusAfter: ReadonlyMap<string, string>): string {
  const events = [...statusAfter.keys()].map(literal).join(', ');
  const after = [...statusAfter].map(([event, status]) => `WHEN ${literal(event)} THEN ${literal(status)}`).join(' ');
  return `SELECT tickets.id, tickets.status, ticket_events.event, ticket_events.id AS "eventId"
    FROM tickets
    LEFT JOIN ticket_events
      ON ticket_events.id = (SELECT latest.id FROM ticket_events latest WHERE latest.ticket_id = tickets.id AND latest.event IN (${events}) ORDER BY latest.id DESC LIMIT 1)
    WHERE ticket_events.id IS NULL OR tickets.status IS DISTINCT FROM CASE ticket_events.event ${after} END
    ORDER BY tickets.id`;
}

export function pgCheck(db: PgConnection): CheckStore {
  const rows =
    <T>(text: string, params?: readonly unknown[]) =>
    (): T[] =>
      db.query<T>(text, params);
  return {
    // One snapshot (REPEATABLE READ), read-only: writers are not blocked.
    snapshot: (fn) => (db.inTransaction ? fn() : db.transaction(fn, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')),
    // Class XX: the server found data or an index corrupted.
    engineFailure: (err) =>
      err instanceof PgError && err.code?.startsWith('XX') ? `${err.code}: ${err.message}` : undefined,

    // Pages and indexes are the server's to check (data checksums, pg_amcheck): nothing a client reads finds more.
    integrityProblems: () => [],
    danglingReferences() {
      const found: DanglingReference[] = [];
      for (const fk of db.query<{ table: string; parent: string; column: string; referred: string }>(Q.foreignKeys)) {
        const [t, p] = [quoted(fk.table), quoted(fk.parent)];
        for (const { row } of db.query<{ row: number }>(
          `SELECT ${t}.id AS row FROM ${t} WHERE ${t}.${quoted(fk.column)} IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${p} WHERE ${p}.${quoted(fk.referred)} = ${t}.${quoted(fk.column)}) ORDER BY ${t}.id`,
        ))
          found.push({ table: fk.table, row, parent: fk.parent });
      }
      return found;
    },

    oddLedgerEntries: rows<OddLedgerEntry>(Q.oddLedgerEntries),
    negativeRunningBalances: rows<NegativeRun>(Q.negativeRunningBalances),
    keptBalanceMismatches: rows<KeptBalanceMismatch>(Q.keptBalanceMismatches),
    reversals: rows<ReversalRow>(Q.reversals),
    chargesBefore: (ticketId, beforeEntry) =>
      db.query<{ at: number; minutes: number; kind: string }>(Q.chargesBefore, [ticketId, beforeEntry]),

    unmatchedPurchases: rows<UnmatchedPurchase>(Q.unmatchedPurchases),
    purchaseEntriesWithoutOrder: rows<{ id: number; minutes: number }>(Q.purchaseEntriesWithoutOrder),

    ticketTotalsMismatches: rows<TicketTotals>(Q.ticketTotalsMismatches),
    unmatchedBills: rows<UnmatchedBill>(Q.unmatchedBills),
    billsAgainstSliceRule: rows<BillRow>(Q.billsAgainstSliceRule),
    totalsAgainstLastBill: rows<{ id: number; accounted: number; billableMinutes: number }>(Q.totalsAgainstLastBill),
    unmarkedToBill: rows<{ id: number; billable: number; billed: number }>(Q.unmarkedToBill),

    timersOffOrange: rows<{ id: number; status: string; running: number }>(Q.timersOffOrange),
    entriesEndingBeforeStart: rows<EntryRef>(Q.entriesEndingBeforeStart),
    timersWithoutStop: rows<EntryRef>(Q.timersWithoutStop),
    entriesBeforeTake: rows<{ id: number; ticketId: number; startedAt: number; takenAt: number | null }>(
      Q.entriesBeforeTake,
    ),
    overlappingEntries: (now) =>
      db.query<{ id: number; ticketId: number; agent: string; startedAt: number; previousEnd: number }>(
        Q.overlappingEntries,
        [now],
      ),
    statusBehindHistory: (statusAfter) =>
      db.query<{ id: number; status: string; event: string | null; eventId: number | null }>(
        statusBehindHistorySql(statusAfter),
      ),

    backup: () =>
      Promise.reject(
        usageError(
          'db backup copies a SQLite desk: a PostgreSQL desk is backed up by the server’s own tools',
          'run pg_dump on the database (e.g. pg_dump -Fc -f desk.dump postgres://user@host/db)',
        ),
      ),
  };
}
