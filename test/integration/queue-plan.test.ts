// Every statement the queue runs, read through EXPLAIN QUERY PLAN: no full
// scan of a table that grows with the desk (tickets, their time entries, the
// ledger, licences, clients), for each state, each filter and both plans of a
// filtered page, including the worked-time and credit lookups of the page.
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { QUEUE_STATES, queueClients, queuePage, type QueueQuery } from '../../src/services/queue.js';
import { SORT_AT_MOST } from '../../src/store/sqlite/tickets.js';
import { close, openTicket, take } from '../../src/services/tickets.js';
import { fullScans, planOf, plansDuring, show, type Plan } from '../helpers/query-plan.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

/** Tickets sorted outside an index: the whole state would be read to give its first rows. */
const sorts = (plans: Plan[]) =>
  plans.filter((p) => /from "?tickets"?\s/i.test(p.sql) && p.steps.some((s) => s.includes('TEMP B-TREE')));

/**
 * C1 (licensed, credit) and OLD (licence ended 2023: its forfeit is due, so
 * the credit lookup reads its ledger) with tickets in every state and time
 * entries; BIG with more than SORT_AT_MOST green tickets taken by bob, so a
 * filter on BIG or bob walks the state's index instead of sorting.
 */
async function desk(): Promise<TestDesk> {
  const d = tempDesk('2026-11-26T16:00:00Z');
  addClient(d.ctx, { code: 'C1', name: 'Client 1' });
  addLicence(d.ctx, { client: 'C1', plan: 'all-inclusive', start: '2025-01-15' });
  adjust(d.ctx, 'C1', 120, 'credit');
  addClient(d.ctx, { code: 'OLD', name: 'Old client' });
  addLicence(d.ctx, { client: 'OLD', plan: 'on-demand', start: '2020-01-01', end: '2023-12-31' });
  addClient(d.ctx, { code: 'BIG', name: 'Big client' });
  for (const [i, code] of ['C1', 'OLD', 'C1', 'OLD', 'C1', 'OLD'].entries())
    await openTicket(d.at(`2026-11-26T0${8 + (i % 2)}:${10 + i}:00Z`), { client: code, subject: `t${i}` });
  await take(d.at('2026-11-26T10:00:00Z', 'alice'), 3, { force: true });
  await take(d.at('2026-11-26T10:05:00Z', 'bob'), 4, { force: true });
  await take(d.at('2026-11-26T10:10:00Z', 'alice'), 5, { force: true });
  await close(d.at('2026-11-26T11:00:00Z', 'alice'), 5, { resolution: 'done' });
  const db = sqliteOf(d.ctx.store);
  const big = (db.prepare("select id from clients where code = 'BIG'").get() as { id: number }).id;
  const insert = db.prepare(
    "insert into tickets (client_id, subject, status, created_at, queued_at, taken_at, taken_by, resolved_at) values (?, 'bulk', 'resolved', ?, ?, ?, 'bob', ?)",
  );
  const t0 = Date.parse('2026-11-02T08:00:00Z');
  d.ctx.store.immediate(() => {
    for (let i = 0; i < SORT_AT_MOST + 100; i++) insert.run(big, t0, t0, t0, t0 + i * 1000);
  });
  return d;
}

const FILTERS: Partial<QueueQuery>[] = [
  {},
  { client: 'C1' },
  { client: 'BIG' },
  { agent: 'alice' },
  { agent: 'bob' },
  { client: 'BIG', agent: 'bob' },
  { client: 'OLD', agent: 'bob' },
];

describe('EXPLAIN QUERY PLAN of the queue', () => {
  it('the checker itself sees a full scan of tickets', () => {
    const d = tempDesk();
    const db = sqliteOf(d.ctx.store);
    expect(fullScans([planOf(db, 'select * from tickets where subject = ?')])).toHaveLength(1);
    expect(fullScans([planOf(db, 'select count(*) from tickets')])).toHaveLength(1);
    expect(fullScans([planOf(db, "select * from tickets where status = 'pending'")])).toHaveLength(0);
  });

  it('no statement scans a growing table, for every state and filter, page and human extras', async () => {
    const d = await desk();
    let statements = 0;
    for (const state of QUEUE_STATES)
      for (const filter of FILTERS) {
        let page: Awaited<ReturnType<typeof queuePage>> | undefined;
        const plans = await plansDuring(d.ctx, async () => {
          page = await queuePage(d.ctx, { state, limit: 20, ...filter });
          queueClients(d.ctx, page);
        });
        statements += plans.length;
        expect(fullScans(plans), `${state} ${JSON.stringify(filter)}:\n${show(fullScans(plans))}`).toEqual([]);
        if (Object.keys(filter).length === 0)
          expect(sorts(plans), `${state}: the page must come in index order\n${show(sorts(plans))}`).toEqual([]);
      }
    expect(statements).toBeGreaterThan(100);
  });

  it('the page, worked-time and credit lookups are all there and indexed', async () => {
    const d = await desk();
    const plans = await plansDuring(d.ctx, async () =>
      queueClients(d.ctx, await queuePage(d.ctx, { state: 'all', limit: 20 })),
    );
    const using = (table: string) =>
      plans.filter((p) => p.steps.some((s) => new RegExp(`^SEARCH ${table} USING (COVERING )?INDEX`).test(s)));
    expect(using('tickets').length).toBeGreaterThanOrEqual(3); // the three pages
    expect(plans.some((p) => /from "?ticket_counts"?/i.test(p.sql))).toBe(true); // the whole desk's counts, kept by triggers
    expect(using('time_entries').length).toBeGreaterThanOrEqual(1);
    expect(using('ledger_entries').length).toBeGreaterThanOrEqual(2); // the balance and the forfeits written
    expect(using('licences').length).toBeGreaterThanOrEqual(1);
  });
});
