// Agents on one PostgreSQL desk at once, as real processes of the built CLI:
// one ticket taken by eight (one winner), `take --next` raced by sixteen (each
// a different ticket), four agents' mixed work (db check clean), and a
// credits import or a `bill --all` killed mid-write (all or nothing).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket } from '../../src/services/tickets.js';
import { openPgConnection } from '../../src/store/postgres/connection.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { cli, type Cli, type CliResult } from '../helpers/cli.js';
import { runKilledAt } from '../helpers/kill.js';
import { freshPgDatabase, noPg } from '../helpers/pg.js';
import { tempDir } from '../helpers/store.js';

const NOW = '2026-11-26T09:00:00Z';

/** A PostgreSQL desk with licensed clients holding credit and `tickets` red tickets of the first: the CLI on it. */
async function pgDesk(credit: Record<string, number>, tickets = 0): Promise<Cli> {
  const url = freshPgDatabase();
  const store = openPostgresStore(url);
  const ctx: Ctx = { store, now: Date.parse(NOW), agent: 'admin', tz: 'Europe/Paris' };
  try {
    for (const [code, minutes] of Object.entries(credit)) {
      addClient(ctx, { code, name: `Client ${code}` });
      addLicence(ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
      if (minutes > 0) adjust(ctx, code, minutes, 'prepaid');
    }
    const [first = 'C1'] = Object.keys(credit);
    for (let i = 0; i < tickets; i++) await openTicket(ctx, { client: first, subject: `request ${i}` });
  } finally {
    store.close();
  }
  const base = cli(NOW);
  const on = (env?: NodeJS.ProcessEnv) => ({ ALIAS_SUPPORT_DB: url, ...env });
  return {
    db: url,
    run: (args, options = {}) => base.run(args, { ...options, env: on(options.env) }),
    start: (args, options = {}) => base.start(args, { ...options, env: on(options.env) }),
  };
}

function one<T = number>(url: string, sql: string): T {
  const db = openPgConnection(url);
  try {
    return Object.values(db.query(sql)[0] ?? {})[0] as T;
  } finally {
    db.close();
  }
}

const ok = (r: CliResult, what: string) => {
  expect(r.stderr, what).toBe('');
  expect(r.code, what).toBe(0);
  return r;
};

describe.skipIf(noPg)('agents at once on a PostgreSQL desk', () => {
  it('eight processes take one ticket: exactly one wins, the others exit 4', { timeout: 120_000 }, async () => {
    const desk = await pgDesk({ C1: 600 }, 1);
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => desk.start(['take', '1', '--json'], { agent: `agent${i}`, timeout: 60_000 })),
    );
    expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of runs.filter((r) => r.code !== 0)) {
      expect(r.code).toBe(4);
      expect(r.error().code).toBe('TICKET_ALREADY_TAKEN');
    }
  });

  it('sixteen processes take --next: sixteen different tickets, no error', { timeout: 180_000 }, async () => {
    const desk = await pgDesk({ C1: 6000 }, 16);
    const runs = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        desk.start(['take', '--next', '--json'], { agent: `agent${i}`, timeout: 120_000 }),
      ),
    );
    const numbers = runs.map((r, i) => ok(r, `agent${i}`).json().ticket.number as number);
    expect(new Set(numbers).size).toBe(16);
  });

  it(
    'four agents open, take, close and bill at once: every command succeeds, db check clean, balances exact',
    { timeout: 240_000 },
    async () => {
      const desk = await pgDesk({ RICH: 600, POOR: 600 });
      const later = new Date(Date.parse(NOW) + 20 * 60_000).toISOString();
      const worker = async (w: number) => {
        const agent = `agent${w}`;
        const step = async (args: string[], now?: string) =>
          ok(await desk.start([...args, '--json'], { agent, now, timeout: 120_000 }), `${agent}: ${args.join(' ')}`);
        for (let i = 0; i < 2; i++) {
          const client = (w + i) % 2 === 0 ? 'RICH' : 'POOR';
          const n = (await step(['tickets', 'open', '--client', client, '--subject', `${agent} ${i}`])).json().ticket
            .number as number;
          await step(['take', String(n)]);
          await step(['close', String(n), '--resolution', 'done'], later);
          await step(i === 0 ? ['bill', String(n)] : ['bill', '--all'], later);
        }
      };
      await Promise.all([0, 1, 2, 3].map(worker));
      ok(desk.run(['db', 'check', '--json']), 'db check');
      // 8 tickets of 20 min, 30 billable each: 240 of the 1200 minutes charged, once.
      expect(one(desk.db, 'SELECT sum(minutes)::int FROM ledger_entries')).toBe(1200 - 240);
      expect(one(desk.db, 'SELECT count(*)::int FROM bills')).toBe(8);
    },
  );

  it(
    'a credits import killed mid-write leaves nothing; killed after the commit, everything',
    { timeout: 240_000 },
    async () => {
      const desk = await pgDesk({ C1: 0 });
      const orders = join(tempDir(), 'orders.csv');
      const rows = Array.from({ length: 2000 }, (_, i) => `K-${i},C1,AST01,1,2026-11-20T10:00:00Z`);
      writeFileSync(orders, ['order_id,client,product,quantity,purchased_at', ...rows, ''].join('\n'));
      const env = { ALIAS_SUPPORT_DB: desk.db, ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'cron' };
      const args = ['credits', 'import', orders, '--json'];
      const purchases = () => one(desk.db, 'SELECT count(*)::int FROM purchases');

      for (const point of ['import-read:1000', 'write-begun', 'write-done']) {
        expect((await runKilledAt(args, env, point)).killed, point).toBe(true);
        expect(purchases(), point).toBe(0);
      }
      expect((await runKilledAt(args, env, 'write-committed')).killed).toBe(true);
      expect(purchases()).toBe(2000);
      expect(one(desk.db, 'SELECT sum(minutes)::int FROM ledger_entries')).toBe(2000 * 60);
      ok(desk.run(['db', 'check', '--json']), 'db check');
    },
  );

  it(
    'bill --all killed mid-write bills nothing; run again, it bills every ticket once',
    { timeout: 240_000 },
    async () => {
      const desk = await pgDesk({ C1: 6000 }, 6);
      const later = new Date(Date.parse(NOW) + 20 * 60_000).toISOString();
      for (let n = 1; n <= 6; n++) {
        ok(desk.run(['take', String(n)]), `take ${n}`);
        ok(desk.run(['close', String(n), '--resolution', 'done'], { now: later }), `close ${n}`);
      }
      const env = { ALIAS_SUPPORT_DB: desk.db, ALIAS_SUPPORT_NOW: later, ALIAS_SUPPORT_AGENT: 'alice' };
      const ledger = () => one(desk.db, 'SELECT sum(minutes)::int FROM ledger_entries');
      const bills = () => one(desk.db, 'SELECT count(*)::int FROM bills');

      expect((await runKilledAt(['bill', '--all'], env, 'write-done')).killed).toBe(true);
      expect([bills(), ledger()]).toEqual([0, 6000]);
      ok(desk.run(['bill', '--all', '--json'], { now: later }), 'bill --all');
      expect([bills(), ledger()]).toEqual([6, 6000 - 6 * 30]);
      ok(desk.run(['db', 'check', '--json']), 'db check');
    },
  );
});
