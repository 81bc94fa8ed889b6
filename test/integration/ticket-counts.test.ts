// ticket_counts, kept by triggers (migrations 0002, 0003), always equals a
// count of the tickets by status: through every ticket change, a deletion, a
// bulk write, and when the migration meets tickets already there.
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { runDemo } from '../../src/services/demo.js';
import { addLicence } from '../../src/services/licences.js';
import { queuePage } from '../../src/services/queue.js';
import { close, openTicket, release, reopen, take } from '../../src/services/tickets.js';
import { rawOf, type RawSql } from '../helpers/raw-sql.js';
import { earlierDesk, openTestStore, tempDesk } from '../helpers/store.js';

function counted(db: RawSql): Record<string, number> {
  return Object.fromEntries(
    db
      .all<{ status: string; n: number }>(
        "SELECT s.status, CAST(count(t.id) AS integer) AS n FROM (SELECT 'pending' AS status UNION ALL SELECT 'in_progress' UNION ALL SELECT 'resolved') s LEFT JOIN tickets t ON t.status = s.status GROUP BY s.status",
      )
      .map((r) => [r.status, r.n]),
  );
}

function kept(db: RawSql): Record<string, number> {
  return Object.fromEntries(
    db
      .all<{ status: string; tickets: number }>('SELECT status, tickets FROM ticket_counts')
      .map((r) => [r.status, r.tickets]),
  );
}

/** A desk made by an earlier release, on the run's engine: its migrations applied up to, not including, `before`. */
describe('ticket_counts', () => {
  it('follows open, take, close, reopen, release and a deletion, and the queue shows it', async () => {
    const d = tempDesk('2026-11-26T10:00:00Z');
    const db = rawOf(d.ctx.store);
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
    db.run('DELETE FROM ticket_events WHERE ticket_id = 5');
    db.run('DELETE FROM outbox WHERE ticket_id = 5');
    db.run('DELETE FROM tickets WHERE id = 5');
    expect(kept(db)).toEqual({ pending: 2, in_progress: 1, resolved: 1 });
    expect((await queuePage(d.ctx, { state: 'open', limit: 1 })).counts).toEqual({ red: 2, orange: 1, green: 1 });
  });

  it('follows a bulk write (the demo)', async () => {
    const d = tempDesk('2026-11-26T10:00:00Z');
    await runDemo(d.ctx, { clients: 8, tickets: 300, seed: 3, force: false });
    expect(kept(rawOf(d.ctx.store))).toEqual(counted(rawOf(d.ctx.store)));
  });

  it('is filled by its migration from the tickets already there', () => {
    // A desk of the release before the counts, holding tickets in every state.
    const statuses = ['pending', 'pending', 'in_progress', 'resolved', 'resolved', 'resolved'];
    const file = earlierDesk('0002_ticket_counts', '0001_triggers', [
      "INSERT INTO clients (code, name, created_at) VALUES ('C1', 'Client 1', 0)",
      `INSERT INTO tickets (client_id, subject, status, created_at, queued_at) VALUES ${statuses.map((status) => `(1, 't', '${status}', 0, 0)`).join(', ')}`,
    ]);
    const store = openTestStore(file);
    try {
      expect(kept(rawOf(store))).toEqual({ pending: 2, in_progress: 1, resolved: 3 });
      expect(kept(rawOf(store))).toEqual(counted(rawOf(store)));
    } finally {
      store.close();
    }
  });
});
