// SQLite's LedgerStore (src/store/ledger.ts): typed prepared statements (statements.ts).
// Every statement that writes ledger_entries is here.
import type Database from 'better-sqlite3';
import { crashPoint } from '../../crash-point.js';
import type { LedgerRow, LedgerStore } from '../ledger.js';
import { statements } from './statements.js';

const ROW = 'id, at, kind, minutes, reference, ticket_id AS ticketId, note';

/** The day forfeits: the partial index ledger_forfeit_once holds them. */
const DAY_FORFEIT = "kind = 'forfeit' AND ticket_id IS NULL";

/** The spooled orders to import (ImportStore), in line order: CROSS JOIN keeps the spool the outer loop, each client found by its key. */
const SPOOLED =
  'FROM temp.import_rows CROSS JOIN temp.import_clients ON import_clients.key = import_rows.client_key WHERE import_rows.state = 0 ORDER BY import_rows.line';

const q = statements({
  append: `INSERT INTO ledger_entries (client_id, at, kind, minutes, reference, ticket_id, note, agent)
    VALUES (@clientId, @at, @kind, @minutes, @reference, @ticketId, @note, @agent)`,
  lastId: 'SELECT coalesce(max(id), 0) FROM ledger_entries',
  // Explicit ids (the write lock is held), the first free id plus the line: each purchase finds its entry without a lookup.
  appendSpooled: `INSERT INTO ledger_entries (id, client_id, at, kind, minutes, reference, note, agent)
    SELECT @base + import_rows.line, import_clients.client_id, import_rows.purchased_at, 'purchase', import_rows.minutes, import_rows.order_id,
      import_rows.quantity || ' × ' || import_rows.product, @agent ${SPOOLED}`,
  addSpooledPurchases: `INSERT INTO purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at)
    SELECT import_rows.order_id, import_clients.client_id, import_rows.product, import_rows.quantity, import_rows.purchased_at, import_rows.minutes,
      @base + import_rows.line, @at ${SPOOLED}`,

  // The sums kept by the trigger of migration 0012, one row per client with entries.
  balance: 'SELECT balance_minutes FROM client_balances WHERE client_id = ?',
  balances: 'SELECT client_id, balance_minutes FROM client_balances',
  entries: `SELECT ${ROW} FROM ledger_entries WHERE client_id = ? ORDER BY at, id`,
  entriesUntil: `SELECT ${ROW} FROM ledger_entries WHERE client_id = ? AND at <= ? ORDER BY at, id`,
  latestAt: 'SELECT max(at) FROM ledger_entries WHERE client_id = ?',
  forfeitDays: `SELECT reference FROM ledger_entries WHERE client_id = ? AND ${DAY_FORFEIT}`,
  allForfeitDays: `SELECT client_id, reference FROM ledger_entries WHERE ${DAY_FORFEIT}`,
  ticketCharges:
    "SELECT at, minutes, kind FROM ledger_entries WHERE ticket_id = ? AND kind IN ('consumption', 'reversal') ORDER BY at, id",
});

export function sqliteLedger(db: Database.Database): LedgerStore {
  const s = q(db);
  return {
    append: (entry) => Number(s.append.run(entry).lastInsertRowid),
    appendSpooledPurchases(at, agent) {
      const base = s.lastId.pluck().get() as number;
      s.appendSpooled.run({ base, agent });
      crashPoint('import-ledger-written');
      s.addSpooledPurchases.run({ base, at });
    },
    balance: (clientId) => (s.balance.pluck().get(clientId) as number | undefined) ?? 0,
    balances: () => new Map(s.balances.raw().all() as [number, number][]),
    entries: (clientId, until) =>
      (until === undefined ? s.entries.all(clientId) : s.entriesUntil.all(clientId, until)) as LedgerRow[],
    latestAt: (clientId) => (s.latestAt.pluck().get(clientId) as number | null) ?? undefined,
    forfeitDaysWritten: (clientId) => s.forfeitDays.pluck().all(clientId) as string[],
    allForfeitDaysWritten() {
      const days = new Map<number, string[]>();
      for (const [clientId, day] of s.allForfeitDays.raw().all() as [number, string][]) {
        const own = days.get(clientId);
        if (own) own.push(day);
        else days.set(clientId, [day]);
      }
      return days;
    },
    ticketCharges: (ticketId) => s.ticketCharges.all(ticketId) as { at: number; minutes: number; kind: string }[],
  };
}
