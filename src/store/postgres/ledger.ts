// PostgreSQL's LedgerStore (src/store/ledger.ts): the statements of src/store/sqlite/ledger.ts in PostgreSQL's SQL.
// Every statement that writes ledger_entries is here.
import type { LedgerRow, LedgerStore } from '../ledger.js';
import { BulkTable, FLUSH_ORDER, LEDGER_ENTRY_COLUMNS } from './bulk.js';
import type { PgConnection } from './connection.js';

const ROW = 'id, at, kind, minutes, reference, ticket_id AS "ticketId", note';

/** The day forfeits: the partial index ledger_forfeit_once holds them. */
const DAY_FORFEIT = "kind = 'forfeit' AND ticket_id IS NULL";

export function pgLedger(db: PgConnection): LedgerStore {
  const kept = new BulkTable(db, FLUSH_ORDER.ledgerEntries, 'ledger_entries', LEDGER_ENTRY_COLUMNS, 'id');
  return {
    append(e) {
      if (!kept.keeps())
        return db.query<{ id: number }>(
          `INSERT INTO ledger_entries (client_id, at, kind, minutes, reference, ticket_id, note, agent)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [e.clientId, e.at, e.kind, e.minutes, e.reference, e.ticketId, e.note, e.agent],
        )[0]!.id;
      const id = kept.nextId();
      kept.add(id, e.clientId, e.at, e.kind, e.minutes, e.reference, e.ticketId, e.note, e.agent);
      return id;
    },
    // The spooled orders (ImportStore, src/store/postgres/imports.ts) in line order, each entry's id drawn from
    // the table's sequence (other writers may draw at once), entries and purchases in one statement.
    appendSpooledPurchases: (at, agent) =>
      void db.run(
        `WITH spooled AS MATERIALIZED (
           SELECT r.line, r.order_id, k.client_id, r.product, r.quantity, r.purchased_at, r.minutes,
             nextval(pg_get_serial_sequence('ledger_entries', 'id')) AS entry_id
           FROM pg_temp.import_rows r JOIN pg_temp.import_clients k ON k.key = r.client_key WHERE r.state = 0 ORDER BY r.line),
         entries AS (INSERT INTO ledger_entries (id, client_id, at, kind, minutes, reference, note, agent)
           SELECT entry_id, client_id, purchased_at, 'purchase', minutes, order_id, quantity || ' × ' || product, $2 FROM spooled ORDER BY line)
         INSERT INTO purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at)
           SELECT order_id, client_id, product, quantity, purchased_at, minutes, entry_id, $1 FROM spooled ORDER BY line`,
        [at, agent],
      ),
    // The sums kept by the trigger of db/migrations-pg 0005, one row per client with entries.
    balance: (clientId) =>
      db.query<{ balance_minutes: number }>('SELECT balance_minutes FROM client_balances WHERE client_id = $1', [
        clientId,
      ])[0]?.balance_minutes ?? 0,
    balances: () =>
      new Map(
        db
          .query<{ client_id: number; balance_minutes: number }>(
            'SELECT client_id, balance_minutes FROM client_balances',
          )
          .map((r) => [r.client_id, r.balance_minutes]),
      ),
    entries: (clientId, until) =>
      until === undefined
        ? db.query<LedgerRow>(`SELECT ${ROW} FROM ledger_entries WHERE client_id = $1 ORDER BY at, id`, [clientId])
        : db.query<LedgerRow>(`SELECT ${ROW} FROM ledger_entries WHERE client_id = $1 AND at <= $2 ORDER BY at, id`, [
            clientId,
            until,
          ]),
    latestAt: (clientId) =>
      db.query<{ at: number | null }>('SELECT max(at) AS at FROM ledger_entries WHERE client_id = $1', [clientId])[0]!
        .at ?? undefined,
    forfeitDaysWritten: (clientId) =>
      db
        .query<{ reference: string }>(`SELECT reference FROM ledger_entries WHERE client_id = $1 AND ${DAY_FORFEIT}`, [
          clientId,
        ])
        .map((r) => r.reference),
    allForfeitDaysWritten() {
      const days = new Map<number, string[]>();
      for (const { client_id, reference } of db.query<{ client_id: number; reference: string }>(
        `SELECT client_id, reference FROM ledger_entries WHERE ${DAY_FORFEIT}`,
      )) {
        const own = days.get(client_id);
        if (own) own.push(reference);
        else days.set(client_id, [reference]);
      }
      return days;
    },
    ticketCharges: (ticketId) =>
      db.query<{ at: number; minutes: number; kind: string }>(
        "SELECT at, minutes, kind FROM ledger_entries WHERE ticket_id = $1 AND kind IN ('consumption', 'reversal') ORDER BY at, id",
        [ticketId],
      ),
  };
}
