// client_ticket_counts, kept by triggers (migration 0011), always equals a
// count of each client's tickets by status: through every ticket change, a
// move to another client, a deletion, and when the migration meets tickets
// already there. The client space's dashboard pages a client's requests by it.
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, release, reopen, take } from '../../src/services/tickets.js';
import { rawOf, type RawSql } from '../helpers/raw-sql.js';
import { earlierDesk, openTestStore, tempDesk } from '../helpers/store.js';

const rows = (db: RawSql, sql: string) => db.all(sql).map((r) => Object.values(r).join(' '));
const counted = (db: RawSql) =>
  rows(db, 'SELECT client_id, status, count(*) AS n FROM tickets GROUP BY client_id, status ORDER BY 1, 2');
const kept = (db: RawSql) =>
  rows(db, 'SELECT client_id, status, tickets FROM client_ticket_counts WHERE tickets > 0 ORDER BY 1, 2');

/** Tickets a desk held before the kept counts: two clients, 500 tickets of three statuses. */
const EARLIER_TICKETS = [
  "INSERT INTO clients (code, name, created_at) VALUES ('C1', 'One', 0), ('C2', 'Two', 0)",
  `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
   INSERT INTO tickets (client_id, subject, status, created_at, queued_at)
   SELECT 1 + i % 2, 't' || i, CASE i % 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'in_progress' ELSE 'resolved' END, i, i FROM n`,
];

/** A desk made by an earlier release, on the run's engine: its migrations applied up to, not including, `before`. */
describe('client_ticket_counts', () => {
  it("follows each client's tickets through open, take, close, reopen, release, a move to another client and a deletion", async () => {
    const d = tempDesk('2026-11-26T10:00:00Z');
    const db = rawOf(d.ctx.store);
    for (const code of ['C1', 'C2']) {
      addClient(d.ctx, { code, name: `Client ${code}` });
      addLicence(d.ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
      adjust(d.ctx, code, 600, 'credit');
    }
    const numbers = [];
    for (let i = 0; i < 6; i++)
      numbers.push((await openTicket(d.ctx, { client: i % 2 ? 'C2' : 'C1', subject: `t${i}` })).number);
    expect(kept(db)).toEqual(['1 pending 3', '2 pending 3']);
    const [a, b, c] = numbers as [number, number, number];
    await take(d.ctx, a);
    await take(d.ctx, b);
    await close(d.at('2026-11-26T10:30:00Z'), a, { resolution: 'done' });
    await take(d.at('2026-11-26T10:40:00Z'), c);
    await release(d.at('2026-11-26T10:45:00Z'), c);
    await reopen(d.at('2026-11-26T11:00:00Z'), a, 'again');
    await close(d.at('2026-11-26T11:10:00Z'), a, { resolution: 'done' });
    expect(kept(db)).toEqual(counted(db));
    db.run('UPDATE tickets SET client_id = 2 WHERE id = ?', a);
    expect(kept(db)).toEqual(counted(db));
    const untouched = numbers[5]!;
    db.run('DELETE FROM ticket_events WHERE ticket_id = ?', untouched);
    db.run('DELETE FROM outbox WHERE ticket_id = ?', untouched);
    db.run('DELETE FROM tickets WHERE id = ?', untouched);
    expect(kept(db)).toEqual(counted(db));
  });

  it('the migration counts the tickets a desk already holds', () => {
    const path = earlierDesk('0011_client_ticket_counts', '0002_client_ticket_counts', EARLIER_TICKETS);
    const store = openTestStore(path);
    try {
      expect(kept(rawOf(store))).toHaveLength(6);
      expect(kept(rawOf(store))).toEqual(counted(rawOf(store)));
    } finally {
      store.close();
    }
  });
});
