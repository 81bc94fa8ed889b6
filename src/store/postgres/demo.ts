// PostgreSQL's DemoStore (src/store/demo.ts). Each statement is a round trip to
// the connection's worker, so tickets are written by batches: a batch's rows of
// each table in ONE statement (columns as arrays, unnest), in the order SQLite
// writes them, so the same plan gives the same ids. A ledger entry's id is
// needed by its bill or purchase before the batch is written: the batch draws
// its entries' ids from the table's sequence first, and writes the entries
// with them, in this bulk path only (every other ledger write is the ledger's,
// src/store/postgres/ledger.ts). Tickets keep the plan's numbers; the tickets'
// sequence is moved past them at the end.
import { billRow } from '../bills.js';
import type { DemoLedgerEntry, DemoPurchase, DemoStore, DemoTicket } from '../demo.js';
import { BILL_COLUMNS, LEDGER_ENTRY_COLUMNS, unnestInsert, type ArrayColumns } from './bulk.js';
import type { PgConnection } from './connection.js';

/** Tickets written per batch: about ten rows each. */
const TICKETS_PER_BATCH = 1000;
/** The clients' purchases written per batch. */
const PURCHASES_PER_BATCH = 5000;

/** A table's rows of one batch, column by column (each with its array type), written by one INSERT … SELECT FROM unnest. */
class Rows {
  readonly #values: unknown[][];
  readonly #sql: string;
  constructor(table: string, columns: ArrayColumns) {
    this.#values = Object.keys(columns).map(() => []);
    this.#sql = unnestInsert(table, columns);
  }
  add(...row: unknown[]): void {
    // postgres.js cannot send an array of booleans: they go as 1/0, cast by the column's type (int[]::boolean[]).
    row.forEach((v, i) => this.#values[i]!.push(typeof v === 'boolean' ? Number(v) : v));
  }
  write(db: PgConnection): void {
    if (this.#values[0]!.length === 0) return;
    db.run(this.#sql, this.#values);
    for (const column of this.#values) column.length = 0;
  }
}

export function pgDemo(db: PgConnection): DemoStore {
  // In the order of their foreign keys: tickets before what refers to them, entries before bills and purchases.
  const tickets = new Rows('tickets', {
    id: 'bigint[]',
    client_id: 'bigint[]',
    subject: 'text[]',
    body: 'text[]',
    status: 'text[]',
    created_at: 'bigint[]',
    queued_at: 'bigint[]',
    taken_at: 'bigint[]',
    taken_by: 'text[]',
    resolved_at: 'bigint[]',
    resolution: 'text[]',
    defect: 'int[]::boolean[]',
    charged_minutes: 'int[]',
    waived_minutes: 'int[]',
    uncovered_minutes: 'int[]',
    to_bill: 'int[]',
  });
  const entries = new Rows('ledger_entries', LEDGER_ENTRY_COLUMNS);
  const purchases = new Rows('purchases', {
    order_id: 'text[]',
    client_id: 'bigint[]',
    product: 'text[]',
    quantity: 'int[]',
    purchased_at: 'bigint[]',
    minutes: 'int[]',
    ledger_entry_id: 'bigint[]',
    imported_at: 'bigint[]',
  });
  const bills = new Rows('bills', BILL_COLUMNS);
  const timeEntries = new Rows('time_entries', {
    ticket_id: 'bigint[]',
    agent: 'text[]',
    started_at: 'bigint[]',
    ended_at: 'bigint[]',
    note: 'text[]',
    stops_at: 'bigint[]',
  });
  const receipts = new Rows('outbox', {
    ticket_id: 'bigint[]',
    recipient: 'text[]',
    subject: 'text[]',
    body: 'text[]',
    language: 'text[]',
    state: 'text[]',
    attempts: 'int[]',
    last_error: 'text[]',
    created_at: 'bigint[]',
    sent_at: 'bigint[]',
  });
  const fixes = new Rows('fixes', {
    ticket_id: 'bigint[]',
    client_id: 'bigint[]',
    plan: 'text[]',
    delivery: 'text[]',
    status: 'text[]',
    version: 'text[]',
    created_at: 'bigint[]',
    delivered_at: 'bigint[]',
  });
  const events = new Rows('ticket_events', {
    ticket_id: 'bigint[]',
    at: 'bigint[]',
    agent: 'text[]',
    event: 'text[]',
    detail: 'text[]',
  });
  const batch = [tickets, entries, purchases, bills, timeEntries, receipts, fixes, events];

  /** The ids of the next `count` ledger entries, in order. */
  const entryIds = (count: number): number[] =>
    db
      .query<{ id: number }>(
        "SELECT nextval(pg_get_serial_sequence('ledger_entries', 'id')) AS id FROM generate_series(1, $1) ORDER BY 1",
        [count],
      )
      .map((r) => r.id);

  const writeBatch = (planned: { clientId: number; ticket: DemoTicket }[]): void => {
    const ids = entryIds(planned.reduce((n, { ticket: t }) => n + t.purchases.length + (t.bill?.entry ? 1 : 0), 0));
    let next = 0;
    const entry = (clientId: number, e: DemoLedgerEntry): number => {
      const id = ids[next++]!;
      entries.add(id, clientId, e.at, e.kind, e.minutes, e.reference, e.ticketId, e.note, e.agent);
      return id;
    };
    for (const { clientId, ticket: t } of planned) {
      for (const p of t.purchases) {
        const id = entry(clientId, p.entry);
        purchases.add(p.orderId, clientId, p.product, p.quantity, p.purchasedAt, p.minutes, id, p.importedAt);
      }
      tickets.add(
        t.id,
        clientId,
        t.subject,
        t.body,
        t.status,
        t.createdAt,
        t.queuedAt,
        t.takenAt,
        t.takenBy,
        t.resolvedAt,
        t.resolution,
        t.defect,
        t.chargedMinutes,
        t.waivedMinutes,
        t.uncoveredMinutes,
        t.toBill ? 1 : 0,
      );
      const b = t.bill;
      if (b) bills.add(...billRow({ ...b, ticketId: t.id, ledgerEntryId: b.entry ? entry(clientId, b.entry) : null }));
      for (const e of t.timeEntries) timeEntries.add(t.id, e.agent, e.startedAt, e.endedAt, e.note, e.stopsAt);
      const r = t.receipt;
      receipts.add(
        t.id,
        r.recipient,
        r.subject,
        r.body,
        r.language,
        r.state,
        r.attempts,
        r.lastError,
        r.createdAt,
        r.sentAt,
      );
      const f = t.fix;
      if (f) fixes.add(t.id, clientId, f.plan, f.delivery, f.status, f.version, f.createdAt, f.deliveredAt);
      for (const e of t.events) events.add(t.id, e.at, e.agent, e.event, e.detail);
    }
    for (const rows of batch) rows.write(db);
  };

  /** The clients' own purchases, each with its ledger entry, by batches (entries' ids drawn in the clients' order). */
  const writePurchases = (bought: { clientId: number; p: DemoPurchase }[]): void => {
    for (let from = 0; from < bought.length; from += PURCHASES_PER_BATCH) {
      const part = bought.slice(from, from + PURCHASES_PER_BATCH);
      const ids = entryIds(part.length);
      part.forEach(({ clientId, p }, i) => {
        const e = p.entry;
        entries.add(ids[i], clientId, e.at, e.kind, e.minutes, e.reference, e.ticketId, e.note, e.agent);
        purchases.add(p.orderId, clientId, p.product, p.quantity, p.purchasedAt, p.minutes, ids[i], p.importedAt);
      });
      entries.write(db);
      purchases.write(db);
    }
  };

  return {
    clientCount: () => db.query<{ count: number }>('SELECT count(*) AS count FROM clients')[0]!.count,
    nextTicketId: () => db.query<{ id: number }>('SELECT coalesce(max(id), 0) + 1 AS id FROM tickets')[0]!.id,
    load(clients, plannedTickets) {
      const bought: { clientId: number; p: DemoPurchase }[] = [];
      const ids = clients.map((c) => {
        const id = db.query<{ id: number }>(
          'INSERT INTO clients (code, name, email, language, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [c.code, c.name, c.email, c.language, c.createdAt],
        )[0]!.id;
        for (const l of c.licences)
          db.run(
            'INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)',
            [id, l.plan, l.startsOn, l.endsOn, l.createdAt, l.createdBy],
          );
        for (const p of c.purchases) bought.push({ clientId: id, p });
        return id;
      });
      writePurchases(bought);
      let planned: { clientId: number; ticket: DemoTicket }[] = [];
      for (const ticket of plannedTickets) {
        planned.push({ clientId: ids[ticket.client]!, ticket });
        if (planned.length === TICKETS_PER_BATCH) {
          writeBatch(planned);
          planned = [];
        }
      }
      writeBatch(planned);
      // The next ticket opened takes the number after the plan's.
      db.run("SELECT setval(pg_get_serial_sequence('tickets', 'id'), max(id)) FROM tickets HAVING count(*) > 0");
      // The planner learns the tables' sizes now rather than when autovacuum comes by.
      db.exec('ANALYZE');
    },
  };
}
