// A transaction writing many rows on PostgreSQL keeps them after its first
// few and writes them in bulk (src/store/postgres/bulk.ts): a bill run of many
// tickets writes on PostgreSQL what it writes on SQLite (the same bills, ledger
// entries with the same ids, history and totals); rows kept are read by the
// statements after them in the same transaction, and a transaction that fails
// leaves none of them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill } from '../../src/services/billing.js';
import type { Ctx } from '../../src/services/context.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { runDemo } from '../../src/services/demo.js';
import { openStore } from '../../src/store/open.js';
import { DIRECT_ROWS } from '../../src/store/postgres/bulk.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { Store } from '../../src/store/store.js';
import { freshPgDatabase, noPg, PG_HOOK_TIMEOUT } from '../helpers/pg.js';
import { rawOf } from '../helpers/raw-sql.js';
import { tempDir } from '../helpers/store.js';

const NOW = Date.parse('2026-11-26T09:00:00Z');
const TICKETS = 400;

function readBack(store: Store) {
  const ids = Array.from({ length: TICKETS }, (_, i) => i + 1);
  return {
    ledger: store.clients.all().map((c) => store.ledger.entries(c.id)),
    balances: [...store.ledger.balances()].sort(([a], [b]) => a - b),
    tickets: ids.map((id) => ({
      ticket: store.tickets.ticket(id),
      history: store.tickets.history(id),
      bills: store.bills.ofTicket(id),
    })),
  };
}

/** The same demo desk on each engine, every resolved ticket left to bill. */
async function deskPair(): Promise<Ctx[]> {
  const desks: Ctx[] = [openStore(join(tempDir(), 'desk.db')), openPostgresStore(freshPgDatabase())].map((store) => ({
    store,
    now: NOW,
    agent: 'alice',
    tz: 'Europe/Paris',
  }));
  for (const ctx of desks) await runDemo(ctx, { seed: 5, clients: 6, tickets: TICKETS, force: false, billedUntil: 0 });
  return desks;
}

describe.skipIf(noPg)('bulk writes on PostgreSQL', () => {
  const desks: Ctx[] = [];

  beforeAll(async () => {
    desks.push(...(await deskPair()));
  }, PG_HOOK_TIMEOUT);
  afterAll(() => {
    for (const ctx of desks) ctx.store.close();
  });

  it(
    'a bill of many tickets named: the same rows, each named ticket settled with its totals, the others left to bill',
    async () => {
      // Desks of its own: a bill run leaves a gap in the ids (bulk.ts), which the run of every ticket below would see.
      const pair = await deskPair();
      const named = pair[0]!.store.bills
        .toBill(NOW)
        .slice(0, 5 * DIRECT_ROWS)
        .map((t) => t.id);
      const [sqlite, pg] = pair.map((ctx) => bill(ctx, { tickets: named }));
      expect(pg).toEqual(sqlite);
      const [own, pgOwn] = pair.map((ctx) => readBack(ctx.store));
      expect(pgOwn).toEqual(own);
      for (const ctx of pair) {
        const left = ctx.store.bills.toBill(NOW).map((t) => t.id);
        expect(left.filter((id) => named.includes(id))).toEqual([]);
        expect(left.length).toBeGreaterThan(0);
        ctx.store.close();
      }
    },
    PG_HOOK_TIMEOUT,
  );

  it('a bill run of many tickets: the same run, the same rows, each ticket written once, a clean check; the next run bills nothing', () => {
    // Each write of a ticket's row noted by a trigger: a billed ticket's totals and its settling are one write.
    const noteWrites = (ctx: Ctx) => {
      const raw = rawOf(ctx.store);
      raw.exec(
        raw.dialect === 'sqlite'
          ? `CREATE TABLE ticket_writes (id INTEGER);
             CREATE TRIGGER note_write AFTER UPDATE ON tickets BEGIN INSERT INTO ticket_writes VALUES (NEW.id); END;`
          : `CREATE TABLE ticket_writes (id bigint);
             CREATE FUNCTION note_write() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN INSERT INTO ticket_writes VALUES (NEW.id); RETURN NEW; END $$;
             CREATE TRIGGER note_write AFTER UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION note_write();`,
      );
      return () => {
        const written = raw.all<{ id: number; n: number }>(
          'SELECT id, count(*) AS n FROM ticket_writes GROUP BY id HAVING count(*) > 1',
        );
        raw.exec(
          raw.dialect === 'sqlite'
            ? 'DROP TRIGGER note_write; DROP TABLE ticket_writes;'
            : 'DROP TRIGGER note_write ON tickets; DROP FUNCTION note_write(); DROP TABLE ticket_writes;',
        );
        return written;
      };
    };
    const writes = desks.map(noteWrites);
    const [sqlite, pg] = desks.map((ctx) => bill(ctx, { all: true }));
    for (const twice of writes) expect(twice()).toEqual([]);
    expect(sqlite!.bills.length).toBeGreaterThan(10 * DIRECT_ROWS);
    expect(pg).toEqual(sqlite);
    const [own, pgOwn] = desks.map((ctx) => readBack(ctx.store));
    expect(pgOwn).toEqual(own);
    for (const ctx of desks) {
      expect(checkDatabase(ctx).ok).toBe(true);
      expect(bill(ctx, { all: true }).bills).toEqual([]);
    }
  });

  it("a list of tickets' worked time in one read: each ticket's own, the same on both engines", () => {
    const ids = [...Array.from({ length: TICKETS }, (_, i) => i + 1), TICKETS + 1];
    const [own, pgOwn] = desks.map((ctx) => {
      const each = ctx.store.tickets.workedOfEach(ids, NOW);
      expect([...each.keys()].sort((a, b) => a - b)).toEqual(ids);
      for (const id of ids) expect(each.get(id)).toEqual(ctx.store.tickets.worked(id, NOW));
      return [...each].sort(([a], [b]) => a - b);
    });
    expect(own!.some(([, w]) => w.running)).toBe(true);
    expect(own!.some(([, w]) => w.ms === 0)).toBe(true);
    expect(pgOwn).toEqual(own);
  });

  it('rows kept are read by the next statement of the transaction; a failure leaves none of them', () => {
    const pg = desks[1]!.store;
    const client = pg.clients.all()[0]!.id;
    const before = { balance: pg.ledger.balance(client), entries: pg.ledger.entries(client).length };
    const count = 3 * DIRECT_ROWS;
    const append = (i: number) =>
      pg.ledger.append({
        clientId: client,
        at: NOW,
        kind: 'adjustment',
        minutes: 1,
        reference: null,
        ticketId: null,
        note: `bulk ${i}`,
        agent: 'alice',
      });
    expect(() =>
      pg.immediate(() => {
        const ids = Array.from({ length: count }, (_, i) => append(i));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(pg.ledger.balance(client)).toBe(before.balance + count);
        expect(pg.ledger.entries(client).length).toBe(before.entries + count);
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(pg.ledger.balance(client)).toBe(before.balance);
    expect(pg.ledger.entries(client).length).toBe(before.entries);
    // Kept rows not yet written when the transaction fails are never written.
    expect(() =>
      pg.immediate(() => {
        for (let i = 0; i < count; i++) append(i);
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(pg.ledger.entries(client).length).toBe(before.entries);
    // And committed, they are all there.
    pg.immediate(() => {
      for (let i = 0; i < count; i++) append(i);
    });
    expect(pg.ledger.balance(client)).toBe(before.balance + count);
    expect(checkDatabase(desks[1]!).ok).toBe(true);
  });
});
