// The hot paths besides the queue (see queue-plan.test.ts) read through
// EXPLAIN QUERY PLAN: take --next, take/time/close/show of one ticket, a
// balance, a statement, bill --all. None may scan a table that grows with the
// desk; each uses the index meant for it. SQLite keeps no statistics here (no
// ANALYZE), so the plans chosen on this small desk are those of a large one.
import { describe, expect, it } from 'vitest';
import { bill } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import { adjust, balance } from '../../src/services/credit.js';
import { statement } from '../../src/services/credit-statement.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, showTicket, take, takeNext, timeShow } from '../../src/services/tickets.js';
import { fullScans, planOf, plansDuring, show, type Plan } from '../helpers/query-plan.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

/** C1 licensed with credit; OLD lapsed in 2023 (its forfeit is due, so its credit reads its ledger); tickets in the three states, one billed. */
async function desk(): Promise<TestDesk> {
  const d = tempDesk('2026-11-26T10:00:00Z');
  addClient(d.ctx, { code: 'C1', name: 'Client 1', email: 'c1@example.com' });
  addLicence(d.ctx, { client: 'C1', plan: 'all-inclusive', start: '2025-01-15' });
  adjust(d.at('2026-11-01T10:00:00Z'), 'C1', 300, 'credit');
  addClient(d.ctx, { code: 'OLD', name: 'Old client' });
  addLicence(d.ctx, { client: 'OLD', plan: 'on-demand', start: '2020-01-01', end: '2023-12-31' });
  adjust(d.at('2023-06-01T10:00:00Z'), 'OLD', 120, 'credit bought in 2023');
  for (let i = 0; i < 6; i++)
    await openTicket(d.at(`2026-11-2${i}T09:00:00Z`), { client: i % 2 ? 'OLD' : 'C1', subject: `t${i}` });
  await take(d.at('2026-11-25T09:30:00Z'), 1);
  await close(d.at('2026-11-25T10:10:00Z'), 1, { resolution: 'done' });
  bill(d.at('2026-11-25T11:00:00Z'), { all: true });
  await take(d.at('2026-11-25T11:00:00Z', 'bob'), 3);
  return d;
}

// An index by name, or a table read by its integer key (a table kept per client, such as client_balances).
const uses = (plans: Plan[], index: string) =>
  plans.some((p) =>
    p.steps.some(
      (s) =>
        s.includes(`INDEX ${index} `) ||
        s.endsWith(`INDEX ${index}`) ||
        s.startsWith(`SEARCH ${index} USING INTEGER PRIMARY KEY`),
    ),
  );

describe('EXPLAIN QUERY PLAN of the hot paths', () => {
  it('the checker sees a full scan when there is one', () => {
    const d = tempDesk();
    expect(
      fullScans([planOf(sqliteOf(d.ctx.store), 'select sum(minutes) from ledger_entries where note = ?')]),
    ).toHaveLength(1);
  });

  it.each([
    // The oldest red ticket here is refused: its refusal looks further for one allowed.
    ['take --next', (d: TestDesk) => takeNext(d.ctx).catch(() => undefined), 'tickets_status_queued'],
    ['take N', (d: TestDesk) => take(d.ctx, 5), 'client_balances'],
    ['time N', (d: TestDesk) => timeShow(d.ctx, 3), 'time_entries_ticket'],
    ['close N', (d: TestDesk) => close(d.ctx, 3, { resolution: 'fixed' }), 'time_entries_ticket'],
    ['tickets show N', (d: TestDesk) => showTicket(d.ctx, 1), 'ticket_events_ticket'],
    [
      'credits balance (a forfeit due: the ledger is read entry by entry)',
      (d: TestDesk) => balance(d.ctx, 'OLD'),
      'ledger_client_at',
    ],
    ['credits balance', (d: TestDesk) => balance(d.ctx, 'C1'), 'client_balances'],
    ['credits statement', (d: TestDesk) => statement(d.ctx, 'C1'), 'ledger_client_at'],
    ['bill --all', (d: TestDesk) => bill(d.at('2026-11-26T10:00:00Z'), { all: true }), 'tickets_to_bill'],
  ])('%s: no full scan of a growing table, through %s', async (_name, run, index) => {
    const d = await desk();
    const plans = await plansDuring(d.ctx, () => run(d));
    expect(plans.length).toBeGreaterThan(0);
    expect(fullScans(plans), show(fullScans(plans))).toEqual([]);
    expect(uses(plans, index), show(plans)).toBe(true);
  });
});
