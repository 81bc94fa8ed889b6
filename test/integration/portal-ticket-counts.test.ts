// client_ticket_counts, kept by triggers (migration 0011), always equals a
// count of each client's tickets by status: through every ticket change, a
// move to another client, a deletion, and when the migration meets tickets
// already there. The client space's dashboard pages a client's requests by it.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, release, reopen, take } from '../../src/services/tickets.js';
import { deskBefore, tempDesk } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

const rows = (db: Database.Database, sql: string) =>
  (db.prepare(sql).raw().all() as [number, string, number][]).map((r) => r.join(' '));
const counted = (db: Database.Database) =>
  rows(db, 'SELECT client_id, status, count(*) FROM tickets GROUP BY client_id, status ORDER BY 1, 2');
const kept = (db: Database.Database) =>
  rows(db, 'SELECT client_id, status, tickets FROM client_ticket_counts WHERE tickets > 0 ORDER BY 1, 2');

describe('client_ticket_counts', () => {
  it("follows each client's tickets through open, take, close, reopen, release, a move to another client and a deletion", async () => {
    const d = tempDesk('2026-11-26T10:00:00Z');
    const db = sqliteOf(d.ctx.store);
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
    db.prepare('UPDATE tickets SET client_id = 2 WHERE id = ?').run(a);
    expect(kept(db)).toEqual(counted(db));
    const untouched = numbers[5]!;
    db.prepare('DELETE FROM ticket_events WHERE ticket_id = ?').run(untouched);
    db.prepare('DELETE FROM outbox WHERE ticket_id = ?').run(untouched);
    db.prepare('DELETE FROM tickets WHERE id = ?').run(untouched);
    expect(kept(db)).toEqual(counted(db));
  });

  it('the migration counts the tickets a desk already holds', () => {
    const path = deskBefore('0011_client_ticket_counts', (db) => {
      db.exec("INSERT INTO clients (code, name, created_at) VALUES ('C1', 'One', 0), ('C2', 'Two', 0)");
      db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
        INSERT INTO tickets (client_id, subject, status, created_at, queued_at)
        SELECT 1 + i % 2, 't' || i, CASE i % 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'in_progress' ELSE 'resolved' END, i, i FROM n`);
    });
    const store = openStore(path);
    try {
      expect(kept(sqliteOf(store))).toHaveLength(6);
      expect(kept(sqliteOf(store))).toEqual(counted(sqliteOf(store)));
    } finally {
      store.close();
    }
  });
});
