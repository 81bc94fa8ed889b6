// ticket_counts, kept by triggers (migrations 0002, 0003), always equals a
// count of the tickets by status: through every ticket change, a deletion, a
// bulk write, and when the migration meets tickets already there.
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openStore } from '../../src/store/open.js';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { runDemo } from '../../src/services/demo.js';
import { addLicence } from '../../src/services/licences.js';
import { queuePage } from '../../src/services/queue.js';
import { close, openTicket, release, reopen, take } from '../../src/services/tickets.js';
import { deskBefore, tempDesk } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

function counted(db: Database.Database): Record<string, number> {
  return Object.fromEntries(
    (
      db
        .prepare(
          "SELECT s.status, count(t.id) AS n FROM (SELECT 'pending' AS status UNION ALL SELECT 'in_progress' UNION ALL SELECT 'resolved') s LEFT JOIN tickets t ON t.status = s.status GROUP BY s.status",
        )
        .all() as { status: string; n: number }[]
    ).map((r) => [r.status, r.n]),
  );
}

function kept(db: Database.Database): Record<string, number> {
  return Object.fromEntries(
    (db.prepare('SELECT status, tickets FROM ticket_counts').all() as { status: string; tickets: number }[]).map(
      (r) => [r.status, r.tickets],
    ),
  );
}

describe('ticket_counts', () => {
  it('follows open, take, close, reopen, release and a deletion, and the queue shows it', async () => {
    const d = tempDesk('2026-11-26T10:00:00Z');
    const db = sqliteOf(d.ctx.store);
    addClient(d.ctx, { code: 'C1', name: 'Client 1' });
    addLicence(d.ctx, { client: 'C1', plan: 'all-inclusive', start: '2025-01-15' });
    adjust(d.ctx, 'C1', 300, 'credit');
    expect(kept(db)).toEqual({ pending: 0, in_progress: 0, resolved: 0 });
    for (let i = 0; i < 5; i++) await openTicket(d.ctx, { client: 'C1', subject: `t${i}` });
    await take(d.ctx, 1);
    await take(d.ctx, 2);
    await close(d.ctx, 1, { resolution: 'done' });
    await close(d.ctx, 3, { resolution: 'duplicate' });
    await reopen(d.ctx, 3);
    await release(d.ctx, 2);
    await take(d.ctx, 4);
    expect(kept(db)).toEqual({ pending: 3, in_progress: 1, resolved: 1 });
    expect(kept(db)).toEqual(counted(db));
    db.prepare('DELETE FROM ticket_events WHERE ticket_id = 5').run();
    db.prepare('DELETE FROM outbox WHERE ticket_id = 5').run();
    db.prepare('DELETE FROM tickets WHERE id = 5').run();
    expect(kept(db)).toEqual({ pending: 2, in_progress: 1, resolved: 1 });
    expect((await queuePage(d.ctx, { state: 'open', limit: 1 })).counts).toEqual({ red: 2, orange: 1, green: 1 });
  });

  it('follows a bulk write (the demo)', async () => {
    const d = tempDesk('2026-11-26T10:00:00Z');
    await runDemo(d.ctx, { clients: 8, tickets: 300, seed: 3, force: false });
    expect(kept(sqliteOf(d.ctx.store))).toEqual(counted(sqliteOf(d.ctx.store)));
  });

  it('is filled by its migration from the tickets already there', () => {
    // A desk of the release before the counts, holding tickets in every state.
    const statuses = ['pending', 'pending', 'in_progress', 'resolved', 'resolved', 'resolved'];
    const file = deskBefore('0002_ticket_counts', (sqlite) => {
      sqlite.prepare("INSERT INTO clients (code, name, created_at) VALUES ('C1', 'Client 1', 0)").run();
      const add = sqlite.prepare(
        "INSERT INTO tickets (client_id, subject, status, created_at, queued_at) VALUES (1, 't', ?, 0, 0)",
      );
      for (const status of statuses) add.run(status);
    });
    const store = openStore(file);
    try {
      expect(kept(sqliteOf(store))).toEqual({ pending: 2, in_progress: 1, resolved: 3 });
      expect(kept(sqliteOf(store))).toEqual(counted(sqliteOf(store)));
    } finally {
      store.close();
    }
  });
});
