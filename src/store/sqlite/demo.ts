// SQLite's DemoStore (src/store/demo.ts): typed prepared statements (statements.ts).
// A ticket is about ten rows (the ticket, its receipt, its history in one
// statement, one or two time entries, a ledger entry and a bill, now and then
// a purchase or a fix): positional parameters, each ticket's history in one
// multi-row INSERT, and the store's bulk transaction (statement journals in
// memory, a bigger page cache: SqliteStore.bulk) keep a million-ticket desk
// within a minute. Ledger entries go through the ledger's own writer (sqliteLedger).
import type Database from 'better-sqlite3';
import { billRow } from '../bills.js';
import type { DemoPurchase, DemoStore, DemoTicket } from '../demo.js';
import { sqliteLedger } from './ledger.js';
import { statements } from './statements.js';

const q = statements({
  clientCount: 'SELECT count(*) FROM clients',
  nextTicketId: 'SELECT coalesce(max(id), 0) + 1 FROM tickets',
  client: 'INSERT INTO clients (code, name, email, language, created_at) VALUES (?, ?, ?, ?, ?)',
  licence:
    'INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
  purchase:
    'INSERT INTO purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ticket: `INSERT INTO tickets (id, client_id, subject, body, status, created_at, queued_at, taken_at, taken_by, resolved_at, resolution, defect,
      charged_minutes, waived_minutes, uncovered_minutes, to_bill)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  timeEntry:
    'INSERT INTO time_entries (ticket_id, agent, started_at, ended_at, note, stops_at) VALUES (?, ?, ?, ?, ?, ?)',
  receipt:
    'INSERT INTO outbox (ticket_id, recipient, subject, body, language, state, attempts, last_error, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  bill: `INSERT INTO bills (ticket_id, at, agent, worked_seconds, billable_minutes, previously_charged_minutes, charged_minutes, waived_minutes,
      uncovered_minutes, ledger_entry_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  fix: 'INSERT INTO fixes (ticket_id, client_id, plan, delivery, status, version, created_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
});

/** A ticket's whole history in one statement: one per number of events. */
const eventsSql = (n: number): string =>
  `INSERT INTO ticket_events (ticket_id, at, agent, event, detail) VALUES ${Array(n).fill('(?, ?, ?, ?, ?)').join(', ')}`;

export function sqliteDemo(db: Database.Database): DemoStore {
  const s = q(db);
  const ledger = sqliteLedger(db);
  // Looked up by count, not by SQL text: the text would be built again for every ticket.
  const eventStatements: Database.Statement[] = [];

  const buy = (clientId: number, p: DemoPurchase): void => {
    const entry = ledger.append({ ...p.entry, clientId });
    s.purchase.run(p.orderId, clientId, p.product, p.quantity, p.purchasedAt, p.minutes, entry, p.importedAt);
  };

  const writeTicket = (clientId: number, t: DemoTicket): void => {
    for (const p of t.purchases) buy(clientId, p);
    s.ticket.run(
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
      t.defect ? 1 : 0,
      t.chargedMinutes,
      t.waivedMinutes,
      t.uncoveredMinutes,
      t.toBill ? 1 : 0,
    );
    const b = t.bill;
    if (b) {
      const entry = b.entry ? ledger.append({ ...b.entry, clientId }) : null;
      s.bill.run(billRow({ ...b, ticketId: t.id, ledgerEntryId: entry }));
    }
    for (const e of t.timeEntries) s.timeEntry.run(t.id, e.agent, e.startedAt, e.endedAt, e.note, e.stopsAt);
    const r = t.receipt;
    s.receipt.run(
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
    if (f) s.fix.run(t.id, clientId, f.plan, f.delivery, f.status, f.version, f.createdAt, f.deliveredAt);
    (eventStatements[t.events.length] ??= db.prepare(eventsSql(t.events.length))).run(
      t.events.flatMap((e) => [t.id, e.at, e.agent, e.event, e.detail]),
    );
  };

  return {
    clientCount: () => s.clientCount.pluck().get() as number,
    nextTicketId: () => s.nextTicketId.pluck().get() as number,
    load(clients, tickets) {
      const ids = clients.map((c) => {
        const id = Number(s.client.run(c.code, c.name, c.email, c.language, c.createdAt).lastInsertRowid);
        for (const l of c.licences) s.licence.run(id, l.plan, l.startsOn, l.endsOn, l.createdAt, l.createdBy);
        for (const p of c.purchases) buy(id, p);
        return id;
      });
      for (const t of tickets) writeTicket(ids[t.client]!, t);
    },
  };
}
