// `demo` on PostgreSQL writes what it writes on SQLite: the same plan loaded on
// both engines reads back the same tickets, history, time, bills, ledger,
// fixes and mail, and `db check` finds nothing on either; the next ticket
// opened takes the number after the demo's.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/services/context.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { runDemo } from '../../src/services/demo.js';
import { openStore } from '../../src/store/open.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { Store } from '../../src/store/store.js';
import { freshPgDatabase, noPg, PG_HOOK_TIMEOUT } from '../helpers/pg.js';
import { tempDir } from '../helpers/store.js';

const NOW = Date.parse('2026-11-26T09:00:00Z');
const TICKETS = 300;

/** Everything the demo wrote, read back through the store. */
function readBack(store: Store) {
  const ids = Array.from({ length: TICKETS }, (_, i) => i + 1);
  return {
    clients: store.clients.all(),
    ledger: store.clients.all().map((c) => store.ledger.entries(c.id)),
    tickets: ids.map((id) => ({
      ticket: store.tickets.ticket(id),
      history: store.tickets.history(id),
      time: store.tickets.entries(id, NOW),
      bills: store.bills.ofTicket(id),
      fix: store.fixes.ofTicket(id),
    })),
    mail: store.outbox.list(),
  };
}

describe.skipIf(noPg)('demo on PostgreSQL and on SQLite', () => {
  const desks: Ctx[] = [];

  beforeAll(() => {
    for (const store of [openStore(join(tempDir(), 'desk.db')), openPostgresStore(freshPgDatabase())])
      desks.push({ store, now: NOW, agent: 'alice', tz: 'Europe/Paris' });
  }, PG_HOOK_TIMEOUT);
  afterAll(() => {
    for (const ctx of desks) ctx.store.close();
  });

  it(`a demo of ${TICKETS} tickets: the same summary, the same rows, a clean check`, async () => {
    const [sqlite, pg] = await Promise.all(
      desks.map((ctx) => runDemo(ctx, { seed: 7, clients: 5, tickets: TICKETS, force: false })),
    );
    expect(sqlite!.tickets.green + sqlite!.tickets.orange + sqlite!.tickets.red).toBe(TICKETS);
    expect(pg).toEqual(sqlite);
    const [own, pgOwn] = desks.map((ctx) => readBack(ctx.store));
    expect(own!.ledger.flat().length).toBeGreaterThan(TICKETS / 2);
    expect(pgOwn).toEqual(own);
    for (const ctx of desks) expect(checkDatabase(ctx).ok).toBe(true);
  });

  it('the next ticket opened after the demo takes the next number', () => {
    const numbers = desks.map((ctx) =>
      ctx.store.tickets.open({ clientId: 1, subject: 'after', body: null, at: NOW, requesterId: null, formKey: null }),
    );
    expect(numbers).toEqual([TICKETS + 1, TICKETS + 1]);
  });
});
