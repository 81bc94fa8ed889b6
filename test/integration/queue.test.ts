// The queue use case on a temporary database: order of each state, filters,
// counts, limits, both plans of a filtered page, and ages in business time.
import { describe, expect, it, vi } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust } from '../../src/services/credit.js';
import { holidayCheck } from '../../src/services/holidays.js';
import { addLicence } from '../../src/services/licences.js';
import { queueClients, queuePage, type QueueQuery } from '../../src/services/queue.js';
import { SORT_AT_MOST } from '../../src/store/sqlite/tickets.js';
import { close, openTicket, release, reopen, take } from '../../src/services/tickets.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';
import { rawOf } from '../helpers/raw-sql.js';

const NOW = '2026-11-26T16:00:00Z'; // Thursday 17:00 in Paris

function client(ctx: Ctx, code: string, minutes: number): void {
  addClient(ctx, { code, name: `Client ${code}` });
  addLicence(ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
  if (minutes > 0) adjust(ctx, code, minutes, 'test credit');
}

/**
 * Thursday 26 November 2026, UTC times (Paris = UTC+1):
 * #1 C1 08:00 red · #2 C2 08:10 taken by bob 09:30 · #3 C1 08:20 taken by alice 09:00
 * #4 C2 08:30 red · #5 C1 08:40 taken by bob 09:10, resolved 10:00 · #6 C2 08:50 taken by alice 09:20, resolved 11:00
 * #7 C1 09:05 taken 09:06 by alice, released 09:40 (back to red: it queues from 09:40)
 * #8 C2 07:00 taken, resolved 07:30, reopened 12:00 (red again, queued last)
 */
async function desk(): Promise<TestDesk> {
  const d = tempDesk(NOW);
  client(d.ctx, 'C1', 120);
  client(d.ctx, 'C2', 20);
  const t = (hhmm: string, agent = 'alice') => d.at(`2026-11-26T${hhmm}:00Z`, agent);
  const open = async (hhmm: string, code: string) =>
    (await openTicket(t(hhmm), { client: code, subject: `ticket of ${code} at ${hhmm}` })).number;
  const n1 = await open('08:00', 'C1');
  const n2 = await open('08:10', 'C2');
  const n3 = await open('08:20', 'C1');
  const n4 = await open('08:30', 'C2');
  const n5 = await open('08:40', 'C1');
  const n6 = await open('08:50', 'C2');
  const n7 = await open('09:05', 'C1');
  const n8 = await open('07:00', 'C2');
  expect([n1, n2, n3, n4, n5, n6, n7, n8]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  await take(t('09:00'), 3);
  await take(t('09:30', 'bob'), 2);
  await take(t('09:10', 'bob'), 5);
  await close(t('10:00', 'bob'), 5, { resolution: 'done' });
  await take(t('09:20'), 6);
  await close(t('11:00'), 6, { resolution: 'done' });
  await take(t('09:06'), 7);
  await release(t('09:40'), 7);
  await take(t('07:05'), 8);
  await close(t('07:30'), 8, { resolution: 'done' });
  await reopen(t('12:00'), 8, 'seen again');
  return d;
}

const numbers = async (d: TestDesk, query: Partial<QueueQuery>) =>
  (await queuePage(d.ctx, { state: 'open', limit: 50, ...query })).tickets.map((t) => t.number);

describe('queue order', () => {
  it('open (the default): red by when it entered red, then orange by oldest take', async () => {
    const d = await desk();
    expect(await numbers(d, {})).toEqual([1, 4, 7, 8, 3, 2]);
  });

  it('each state alone, and all = red, orange, green (newest resolution first)', async () => {
    const d = await desk();
    expect(await numbers(d, { state: 'red' })).toEqual([1, 4, 7, 8]);
    expect(await numbers(d, { state: 'orange' })).toEqual([3, 2]);
    expect(await numbers(d, { state: 'green' })).toEqual([6, 5]);
    expect(await numbers(d, { state: 'all' })).toEqual([1, 4, 7, 8, 3, 2, 6, 5]);
  });

  it('tickets carry the SPEC shape and their colour', async () => {
    const d = await desk();
    const page = await queuePage(d.ctx, { state: 'all', limit: 50 });
    expect(page.tickets.map((t) => t.color)).toEqual([
      'red',
      'red',
      'red',
      'red',
      'orange',
      'orange',
      'green',
      'green',
    ]);
    expect(Object.keys(page.tickets[0]!).sort()).toEqual(
      [
        'number',
        'client',
        'subject',
        'status',
        'color',
        'createdAt',
        'takenAt',
        'takenBy',
        'resolvedAt',
        'resolution',
        'defect',
        'workedSeconds',
        'slices',
        'billableMinutes',
        'chargedMinutes',
        'timerRunning',
        'ageBusinessMinutes',
        'requester',
      ].sort(),
    );
    const orange = page.tickets.find((t) => t.number === 3)!;
    // Taken at 10:00 and seen at 17:00 in Paris: the timer has just stopped by itself.
    expect(orange).toMatchObject({
      client: 'C1',
      status: 'in_progress',
      takenBy: 'alice',
      timerRunning: false,
      workedSeconds: 7 * 3600,
      slices: 28,
    });
  });
});

describe('queue filters and counts', () => {
  it('counts every state whatever --state and --limit', async () => {
    const d = await desk();
    for (const state of ['red', 'orange', 'green', 'open', 'all'] as const)
      for (const limit of [1, 50])
        expect((await queuePage(d.ctx, { state, limit })).counts).toEqual({ red: 4, orange: 2, green: 2 });
  });

  it('--limit cuts the page, going from red into orange and green in order', async () => {
    const d = await desk();
    expect(await numbers(d, { limit: 1 })).toEqual([1]);
    expect(await numbers(d, { limit: 5 })).toEqual([1, 4, 7, 8, 3]);
    expect(await numbers(d, { state: 'all', limit: 7 })).toEqual([1, 4, 7, 8, 3, 2, 6]);
  });

  it('--client: that client only, counts too', async () => {
    const d = await desk();
    const page = await queuePage(d.ctx, { state: 'all', client: 'C1', limit: 50 });
    expect(page.tickets.map((t) => t.number)).toEqual([1, 7, 3, 5]);
    expect(page.counts).toEqual({ red: 2, orange: 1, green: 1 });
  });

  it('--agent: the tickets that agent took; red tickets belong to nobody', async () => {
    const d = await desk();
    const bob = await queuePage(d.ctx, { state: 'all', agent: 'bob', limit: 50 });
    expect(bob.tickets.map((t) => t.number)).toEqual([2, 5]);
    expect(bob.counts).toEqual({ red: 0, orange: 1, green: 1 });
    expect(await numbers(d, { agent: 'alice' })).toEqual([3]);
    expect(await numbers(d, { agent: 'nobody', state: 'all' })).toEqual([]);
  });

  it('--client and --agent together', async () => {
    const d = await desk();
    const page = await queuePage(d.ctx, { state: 'all', agent: 'alice', client: 'C2', limit: 50 });
    expect(page.tickets.map((t) => t.number)).toEqual([6]);
    expect(page.counts).toEqual({ red: 0, orange: 0, green: 1 });
  });

  it('an unknown client is CLIENT_NOT_FOUND (exit 3)', async () => {
    const d = await desk();
    await expect(queuePage(d.ctx, { state: 'open', client: 'NOPE', limit: 5 })).rejects.toMatchObject({
      code: 'CLIENT_NOT_FOUND',
      exitCode: 3,
    });
  });

  it('an empty desk: no tickets, zero counts', async () => {
    const d = tempDesk(NOW);
    expect(await queuePage(d.ctx, { state: 'all', limit: 5 })).toEqual({
      tickets: [],
      counts: { red: 0, orange: 0, green: 0 },
    });
  });

  it("the human side gets each client's name and credit", async () => {
    const d = await desk();
    const page = await queuePage(d.ctx, { state: 'open', limit: 50 });
    const clients = queueClients(d.ctx, page);
    expect(clients.get('C1')).toEqual({ name: 'Client C1', balanceMinutes: 120, validity: 'active' });
    expect(clients.get('C2')).toEqual({ name: 'Client C2', balanceMinutes: 20, validity: 'active' });
  });
});

describe('a filtered page read either way gives the same tickets', () => {
  // Past SORT_AT_MOST matching tickets the state's index is walked in order;
  // below, the filter's index is read and sorted. Both must give the queue order.
  function bulk(ctx: Ctx, code: string, n: number, agent: string): void {
    const raw = rawOf(ctx.store);
    const clientId = raw.value<number>('select id from clients where code = ?', code);
    const base = Date.parse('2026-10-01T08:00:00Z');
    ctx.store.immediate(() => {
      // Resolution instants shuffled against ids, with ties, so the order is the index's and not the insertion's.
      for (let i = 0; i < n; i++) {
        const resolved = base + ((i * 7919) % n) * 60_000 - (i % 3 === 0 ? 60_000 : 0);
        raw.run(
          `insert into tickets (client_id, subject, status, created_at, queued_at, taken_at, taken_by, resolved_at, resolution)
           values (?, 'bulk', 'resolved', ?, ?, ?, ?, ?, 'done')`,
          clientId,
          base,
          base,
          base,
          agent,
          resolved,
        );
      }
    });
  }

  /** The queue order of green tickets, straight from SQL. */
  function expected(ctx: Ctx, query: { client?: string; agent?: string }): number[] {
    const client = query.client ?? null;
    const agent = query.agent ?? null;
    const rows = rawOf(ctx.store).all<{ id: number }>(
      `select cast(t.id as integer) as id from tickets t join clients c on c.id = t.client_id
       where t.status = 'resolved' and (cast(? as text) is null or c.code = ?) and (cast(? as text) is null or t.taken_by = ?)
       order by t.resolved_at desc, t.id desc`,
      client,
      client,
      agent,
      agent,
    );
    return rows.map((r) => Number(r.id));
  }

  it('many matching (walked in order) and few matching (sorted)', async () => {
    const d = tempDesk(NOW);
    client(d.ctx, 'BIG', 60);
    client(d.ctx, 'SMALL', 60);
    bulk(d.ctx, 'BIG', SORT_AT_MOST + 200, 'bob');
    bulk(d.ctx, 'SMALL', 300, 'zoe');
    for (const query of [
      { client: 'BIG' },
      { client: 'SMALL' },
      { agent: 'bob' },
      { agent: 'zoe' },
      { agent: 'zoe', client: 'SMALL' },
      { agent: 'bob', client: 'SMALL' },
    ]) {
      const all = expected(d.ctx, query);
      const page = await queuePage(d.ctx, { state: 'green', limit: 25, ...query });
      expect(page.tickets.map((t) => t.number)).toEqual(all.slice(0, 25));
      expect(page.counts.green).toBe(all.length);
    }
    expect(expected(d.ctx, { client: 'BIG' })).toHaveLength(SORT_AT_MOST + 200);
  });
});

describe('ageBusinessMinutes (rule 9) through the queue', () => {
  it('a ticket arriving Friday 16:55 has waited 35 min on Monday at 09:30, not a weekend', async () => {
    const d = tempDesk('2026-11-30T08:30:00Z');
    client(d.ctx, 'C1', 60);
    await openTicket(d.at('2026-11-27T15:55:00Z'), { client: 'C1', subject: 'Friday evening' });
    const [ticket] = (await queuePage(d.ctx, { state: 'red', limit: 5 })).tickets;
    expect(ticket!.ageBusinessMinutes).toBe(35);
  });

  it('Christmas and the holiday cache: the library fills the holidays table once per year', async () => {
    const d = tempDesk('2026-12-28T09:00:00Z'); // Monday 10:00 in Paris
    client(d.ctx, 'C1', 60);
    await openTicket(d.at('2026-12-24T15:00:00Z'), { client: 'C1', subject: 'Christmas Eve' }); // Thursday 16:00
    const page = await queuePage(d.ctx, { state: 'red', limit: 5 });
    expect(page.tickets[0]!.ageBusinessMinutes).toBe(60 + 60);
    const raw = rawOf(d.ctx.store);
    expect(raw.get("select name from holidays where day = '2026-12-25'")).toBeTruthy();
    expect(raw.all('select cast(year as integer) as year from holiday_years order by year')).toEqual([{ year: 2026 }]);
  });

  it('the holidays read once per desk for the years asked: a check within them reads nothing, a wider one reads again', async () => {
    const d = tempDesk('2026-12-28T09:00:00Z');
    const reads = vi.spyOn(d.ctx.store.holidays, 'days');
    expect((await holidayCheck(d.ctx, 2026, 2026)).has('2026-12-25')).toBe(true);
    expect((await holidayCheck(d.ctx, 2026, 2026)).has('2026-12-25')).toBe(true);
    expect(reads).toHaveBeenCalledTimes(1);
    expect((await holidayCheck(d.ctx, 2025, 2026)).has('2025-07-14')).toBe(true);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('a green ticket’s age stops at its resolution', async () => {
    const d = tempDesk('2026-12-10T09:00:00Z');
    client(d.ctx, 'C1', 60);
    await openTicket(d.at('2026-11-26T09:00:00Z'), { client: 'C1', subject: 'old' }); // Thursday 10:00
    await take(d.at('2026-11-26T09:30:00Z'), 1);
    await close(d.at('2026-11-27T09:00:00Z'), 1, { resolution: 'done' }); // Friday 10:00
    expect((await queuePage(d.ctx, { state: 'green', limit: 5 })).tickets[0]!.ageBusinessMinutes).toBe(480);
  });

  it('holidays are loaded for the years the desk handles only (a ticket dated 2990 from before "now" was checked)', async () => {
    const d = tempDesk('2999-01-04T09:00:00Z');
    client(d.at('2026-11-26T09:00:00Z'), 'C1', 60);
    await openTicket(d.at('2990-01-02T09:00:00Z'), { client: 'C1', subject: 'far ahead' });
    expect((await queuePage(d.ctx, { state: 'red', limit: 5 })).tickets).toHaveLength(1);
    const raw = rawOf(d.ctx.store);
    expect(raw.value('select cast(count(*) as integer) from holiday_years where year > 2199')).toBe(0);
    expect(raw.value("select cast(count(*) as integer) from holidays where day > '2200'")).toBe(0);
  });

  it('a ticket opened years ago spans the cached years', async () => {
    const d = tempDesk('2026-11-26T09:00:00Z');
    client(d.ctx, 'C1', 60);
    await openTicket(d.at('2023-11-27T08:00:00Z'), { client: 'C1', subject: 'ancient' }); // Monday 09:00
    const age = (await queuePage(d.ctx, { state: 'red', limit: 5 })).tickets[0]!.ageBusinessMinutes;
    const years = rawOf(d.ctx.store).all('select cast(year as integer) as year from holiday_years order by year');
    expect(years).toEqual([{ year: 2023 }, { year: 2024 }, { year: 2025 }, { year: 2026 }]);
    // Three years of about 251 working days of 8 h, and the hour of Thursday morning.
    expect(age % 60).toBe(0);
    expect(age / 480).toBeGreaterThan(3 * 248);
    expect(age / 480).toBeLessThan(3 * 254);
  });
});
