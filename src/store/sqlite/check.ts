// SQLite's CheckStore (src/store/check.ts): typed prepared statements (statements.ts).
// Each invariant is one SQL pass (a million-ticket desk stays linear). A
// table joined with itself is the one place a table gets a second name.
import type Database from 'better-sqlite3';
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
import { cached, statements } from './statements.js';

/** The copy, attached to the desk's connection while it is looked at: no second connection, the same native addon. */
const COPY = 'backup_copy';
/** better-sqlite3 copies `rate` pages per step; all of them at once gives one snapshot. */
const ALL_PAGES = 0x7fffffff;

const q = statements({
  oddLedgerEntries: `SELECT ledger_entries.id, ledger_entries.kind, ledger_entries.minutes, ledger_entries.ticket_id AS ticketId,
      tickets.client_id AS ticketClientId, ledger_entries.client_id AS clientId
    FROM ledger_entries LEFT JOIN tickets ON tickets.id = ledger_entries.ticket_id
    WHERE NOT ((ledger_entries.kind = 'purchase' AND ledger_entries.minutes > 0) OR (ledger_entries.kind = 'consumption' AND ledger_entries.minutes < 0)
            OR (ledger_entries.kind = 'reversal' AND ledger_entries.minutes > 0) OR (ledger_entries.kind = 'forfeit' AND ledger_entries.minutes < 0)
            OR (ledger_entries.kind = 'adjustment' AND ledger_entries.minutes <> 0))
       OR (ledger_entries.kind IN ('consumption', 'reversal') AND (ledger_entries.ticket_id IS NULL OR tickets.client_id IS NOT ledger_entries.client_id))
    ORDER BY ledger_entries.id`,
  // The statement's order: by instant, a forfeit day's forfeit first at its instant (it takes what is held when the day begins).
  negativeRunningBalances: `SELECT clients.code, runs.lowest, runs.first_negative AS firstNegativeEntry
    FROM (SELECT client_id, min(running) AS lowest, min(CASE WHEN running < 0 THEN id END) AS first_negative
            FROM (SELECT client_id, id, sum(minutes) OVER (PARTITION BY client_id
                         ORDER BY at, (kind = 'forfeit' AND ticket_id IS NULL) DESC, id ROWS UNBOUNDED PRECEDING) AS running
                    FROM ledger_entries)
           GROUP BY client_id HAVING min(running) < 0) runs
    LEFT JOIN clients ON clients.id = runs.client_id
    ORDER BY clients.code`,
  // Both sides summed in one grouping: a client found on one side only is compared with nothing (0, or no kept row).
  keptBalanceMismatches: `SELECT sides.client_id AS clientId, clients.code, sides.kept, sides.ledger
    FROM (SELECT client_id, max(kept) AS kept, sum(ledger) AS ledger
            FROM (SELECT client_id, NULL AS kept, minutes AS ledger FROM ledger_entries
                  UNION ALL SELECT client_id, balance_minutes, 0 FROM client_balances) sides_rows
           GROUP BY client_id) sides
    LEFT JOIN clients ON clients.id = sides.client_id
    WHERE sides.kept IS NULL OR sides.kept <> sides.ledger
    ORDER BY clients.code, sides.client_id`,
  reversals: `SELECT ledger_entries.id, ledger_entries.client_id AS clientId, ledger_entries.ticket_id AS ticketId, ledger_entries.at, ledger_entries.minutes,
      coalesce((SELECT -sum(forfeit.minutes) FROM ledger_entries forfeit
                 WHERE forfeit.kind = 'forfeit' AND forfeit.ticket_id = ledger_entries.ticket_id
                   AND forfeit.at = ledger_entries.at AND forfeit.client_id = ledger_entries.client_id), 0) AS forfeited
    FROM ledger_entries WHERE ledger_entries.kind = 'reversal' AND ledger_entries.ticket_id IS NOT NULL ORDER BY ledger_entries.id`,
  chargesBefore:
    "SELECT at, minutes, kind FROM ledger_entries WHERE ticket_id = ? AND kind IN ('consumption', 'reversal') AND id < ? ORDER BY id",
  unmatchedPurchases: `SELECT purchases.order_id AS orderId, purchases.minutes, ledger_entries.id AS entryId, ledger_entries.kind AS entryKind,
      ledger_entries.minutes AS entryMinutes, ledger_entries.client_id IS purchases.client_id AS sameClient
    FROM purchases LEFT JOIN ledger_entries ON ledger_entries.id = purchases.ledger_entry_id
    WHERE ledger_entries.id IS NULL OR ledger_entries.kind <> 'purchase' OR ledger_entries.minutes <> purchases.minutes
       OR ledger_entries.client_id IS NOT purchases.client_id
    ORDER BY purchases.order_id`,
  purchaseEntriesWithoutOrder: `SELECT id, minutes FROM ledger_entries
    WHERE kind = 'purchase' AND id NOT IN (SELECT ledger_entry_id FROM purchases) ORDER BY id`,
  ticketTotalsMismatches: `SELECT tickets.id, tickets.charged_minutes AS charged, tickets.waived_minutes AS waived, tickets.uncovered_minutes AS uncovered,
      coalesce(charges.charged, 0) AS ledgerCharged,
      coalesce(billed.charged, 0) AS billsCharged, coalesce(billed.waived, 0) AS billsWaived, coalesce(billed.uncovered, 0) AS billsUncovered
    FROM tickets
    LEFT JOIN (SELECT ticket_id, -sum(minutes) AS charged FROM ledger_entries
                WHERE kind IN ('consumption', 'reversal') AND ticket_id IS NOT NULL GROUP BY ticket_id) charges ON charges.ticket_id = tickets.id
    LEFT JOIN (SELECT ticket_id, sum(charged_minutes) AS charged, sum(waived_minutes) AS waived, sum(uncovered_minutes) AS uncovered
                 FROM bills GROUP BY ticket_id) billed ON billed.ticket_id = tickets.id
    WHERE tickets.charged_minutes <> coalesce(charges.charged, 0) OR tickets.charged_minutes <> coalesce(billed.charged, 0)
       OR tickets.waived_minutes <> coalesce(billed.waived, 0) OR tickets.uncovered_minutes <> coalesce(billed.uncovered, 0)
    ORDER BY tickets.id`,
  unmatchedBills: `SELECT bills.id, bills.ticket_id AS ticketId, bills.charged_minutes AS charged, ledger_entries.id AS entryId,
      ledger_entries.minutes AS entryMinutes, ledger_entries.ticket_id AS entryTicketId
    FROM bills LEFT JOIN ledger_entries ON ledger_entries.id = bills.ledger_entry_id
    WHERE (bills.ledger_entry_id IS NULL AND bills.charged_minutes <> 0)
       OR (bills.ledger_entry_id IS NOT NULL AND (ledger_entries.minutes IS NOT -bills.charged_minutes OR ledger_entries.ticket_id IS NOT bills.ticket_id))
    ORDER BY bills.id`,
  billsAgainstSliceRule: `SELECT id, ticket_id AS ticketId, worked_seconds AS workedSeconds, billable_minutes AS billableMinutes FROM bills
    WHERE billable_minutes <> 15 * ((worked_seconds + 899) / 900) ORDER BY id`,
  totalsAgainstLastBill: `SELECT tickets.id, tickets.charged_minutes + tickets.waived_minutes + tickets.uncovered_minutes AS accounted, bills.billable_minutes AS billableMinutes
    FROM tickets
    JOIN (SELECT ticket_id, max(id) AS last FROM bills GROUP BY ticket_id) last_bills ON last_bills.ticket_id = tickets.id
    JOIN bills ON bills.id = last_bills.last
    WHERE tickets.charged_minutes + tickets.waived_minutes + tickets.uncovered_minutes <> bills.billable_minutes
    ORDER BY tickets.id`,
  // The slice rule over the ended entries (a running timer on a green ticket is another finding),
  // against the billable minutes of its last bill.
  unmarkedToBill: `SELECT id, billable, billed FROM (
      SELECT tickets.id, tickets.defect,
             15 * ((max(coalesce(sum(time_entries.ended_at - time_entries.started_at), 0), 0) / 1000 + 899) / 900) AS billable,
             coalesce((SELECT billable_minutes FROM bills WHERE bills.ticket_id = tickets.id ORDER BY bills.id DESC LIMIT 1), 0) AS billed
        FROM tickets LEFT JOIN time_entries ON time_entries.ticket_id = tickets.id AND time_entries.ended_at IS NOT NULL
       WHERE tickets.status = 'resolved' AND tickets.to_bill = 0
       GROUP BY tickets.id)
    WHERE CASE WHEN defect THEN billable <> billed ELSE billable > billed END
    ORDER BY id`,
  timersOffOrange: `SELECT tickets.id, tickets.status, count(*) AS running
    FROM time_entries JOIN tickets ON tickets.id = time_entries.ticket_id
    WHERE time_entries.ended_at IS NULL AND tickets.status <> 'in_progress'
    GROUP BY tickets.id ORDER BY tickets.id`,
  entriesEndingBeforeStart:
    'SELECT id, ticket_id AS ticketId FROM time_entries WHERE ended_at < started_at ORDER BY id',
  timersWithoutStop:
    'SELECT id, ticket_id AS ticketId FROM time_entries WHERE ended_at IS NULL AND (stops_at IS NULL OR stops_at < started_at) ORDER BY id',
  entriesBeforeTake: `SELECT time_entries.id, time_entries.ticket_id AS ticketId, time_entries.started_at AS startedAt, first_takes.at AS takenAt
    FROM time_entries
    LEFT JOIN (SELECT ticket_id, min(at) AS at FROM ticket_events WHERE event = 'taken' GROUP BY ticket_id) first_takes
      ON first_takes.ticket_id = time_entries.ticket_id
    WHERE first_takes.at IS NULL OR time_entries.started_at < first_takes.at
    ORDER BY time_entries.id`,
  // Each entry against the latest end of the agent's earlier entries on the ticket: one sort, linear.
  // A running timer ends now, or where it stops by itself if that came first.
  overlappingEntries: `SELECT id, ticket_id AS ticketId, agent, previous_end AS previousEnd, started_at AS startedAt FROM (
      SELECT id, ticket_id, agent, started_at,
             max(coalesce(ended_at, min(@now, coalesce(stops_at, @now)))) OVER (PARTITION BY ticket_id, agent ORDER BY started_at, id
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
        FROM time_entries)
    WHERE started_at < previous_end
    ORDER BY ticket_id, id`,
  attachCopy: `ATTACH DATABASE ? AS ${COPY}`,
  detachCopy: `DETACH DATABASE ${COPY}`,
});

/** SQL text literal (the state names come from the rules' table, quoted all the same). */
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The last state event read backwards on the (ticket_id, id) index: one or two rows per ticket. */
function statusBehindHistorySql(statusAfter: ReadonlyMap<string, string>): string {
  const events = [...statusAfter.keys()].map(literal).join(', ');
  const after = [...statusAfter].map(([event, status]) => `WHEN ${literal(event)} THEN ${literal(status)}`).join(' ');
  return `SELECT tickets.id, tickets.status, ticket_events.event, ticket_events.id AS eventId
    FROM tickets
    LEFT JOIN ticket_events
      ON ticket_events.id = (SELECT latest.id FROM ticket_events latest WHERE latest.ticket_id = tickets.id AND latest.event IN (${events}) ORDER BY latest.id DESC LIMIT 1)
    WHERE ticket_events.id IS NULL OR tickets.status IS NOT CASE ticket_events.event ${after} END
    ORDER BY tickets.id`;
}

export function sqliteCheck(db: Database.Database): CheckStore {
  const s = q(db);
  return {
    snapshot(fn) {
      // A read transaction rolled back, not committed: it wrote nothing, and a
      // damaged file can fail a COMMIT as it fails a query.
      db.exec('BEGIN');
      try {
        return fn();
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
      }
    },
    engineFailure(err) {
      const code = String((err as { code?: unknown }).code);
      if (!code.startsWith('SQLITE_')) return undefined;
      return `${code}: ${err instanceof Error ? err.message : String(err)}`;
    },

    integrityProblems(quick) {
      // quick_check skips matching each index against its table: ~8× faster on a large file.
      const pragma = quick ? 'quick_check' : 'integrity_check';
      return (db.pragma(pragma) as Record<string, string>[]).map((r) => r[pragma]!).filter((r) => r !== 'ok');
    },
    danglingReferences: () =>
      (db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).map(
        (r): DanglingReference => ({ table: r.table, row: r.rowid, parent: r.parent }),
      ),

    oddLedgerEntries: () => s.oddLedgerEntries.iterate() as IterableIterator<OddLedgerEntry>,
    negativeRunningBalances: () => s.negativeRunningBalances.iterate() as IterableIterator<NegativeRun>,
    keptBalanceMismatches: () => s.keptBalanceMismatches.iterate() as IterableIterator<KeptBalanceMismatch>,
    reversals: () => s.reversals.all() as ReversalRow[],
    chargesBefore: (ticketId, beforeEntry) =>
      s.chargesBefore.all(ticketId, beforeEntry) as { at: number; minutes: number; kind: string }[],

    *unmatchedPurchases() {
      for (const r of s.unmatchedPurchases.iterate() as IterableIterator<
        Omit<UnmatchedPurchase, 'sameClient'> & { sameClient: number | null }
      >)
        yield { ...r, sameClient: r.sameClient === 1 };
    },
    purchaseEntriesWithoutOrder: () =>
      s.purchaseEntriesWithoutOrder.iterate() as IterableIterator<{ id: number; minutes: number }>,

    ticketTotalsMismatches: () => s.ticketTotalsMismatches.iterate() as IterableIterator<TicketTotals>,
    unmatchedBills: () => s.unmatchedBills.iterate() as IterableIterator<UnmatchedBill>,
    billsAgainstSliceRule: () => s.billsAgainstSliceRule.iterate() as IterableIterator<BillRow>,
    totalsAgainstLastBill: () =>
      s.totalsAgainstLastBill.iterate() as IterableIterator<{ id: number; accounted: number; billableMinutes: number }>,
    unmarkedToBill: () =>
      s.unmarkedToBill.iterate() as IterableIterator<{ id: number; billable: number; billed: number }>,

    timersOffOrange: () =>
      s.timersOffOrange.iterate() as IterableIterator<{ id: number; status: string; running: number }>,
    entriesEndingBeforeStart: () => s.entriesEndingBeforeStart.iterate() as IterableIterator<EntryRef>,
    timersWithoutStop: () => s.timersWithoutStop.iterate() as IterableIterator<EntryRef>,
    entriesBeforeTake: () =>
      s.entriesBeforeTake.iterate() as IterableIterator<{
        id: number;
        ticketId: number;
        startedAt: number;
        takenAt: number | null;
      }>,
    overlappingEntries: (now) =>
      s.overlappingEntries.iterate({ now }) as IterableIterator<{
        id: number;
        ticketId: number;
        agent: string;
        startedAt: number;
        previousEnd: number;
      }>,
    statusBehindHistory: (statusAfter) =>
      cached(db, statusBehindHistorySql(statusAfter)).iterate() as IterableIterator<{
        id: number;
        status: string;
        event: string | null;
        eventId: number | null;
      }>,

    async backup(to) {
      await db.backup(to, { progress: () => ALL_PAGES });
      s.attachCopy.run(to);
      try {
        // One self-contained file: no -wal needed to read it.
        db.pragma(`${COPY}.journal_mode = DELETE`);
        return {
          pages: db.pragma(`${COPY}.page_count`, { simple: true }) as number,
          check: db.pragma(`${COPY}.quick_check`, { simple: true }) as string,
        };
      } finally {
        s.detachCopy.run();
      }
    },
  };
}
