// `db check`: a desk that went through every kind of change is clean, and each
// invariant catches its own corruption. The corruptions are written with raw
// SQL (the append-only triggers dropped where needed), as a bug, a manual edit
// or a bad restore would; each test also checks that no other check fires, so a
// finding points at the right cause.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { bill, declareDefect } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust } from '../../src/services/credit.js';
import { checkDatabase, LISTED_PER_CHECK } from '../../src/services/db-check.js';
import { runDemo } from '../../src/services/demo.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, reopen, take, timeAdd } from '../../src/services/tickets.js';
import { commandLine } from '../helpers/cli.js';
import { lapsedDesk } from '../helpers/lapsed-desk.js';
import { rawOf, type RawSql } from '../helpers/raw-sql.js';
import { BACKEND, createDesk, openTestStore, tempDesk, tempDir, type TestDesk } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

/** The parts about the SQLite file itself: its pages and indexes (the server checks its own). */
const sqliteFile = it.skipIf(BACKEND === 'postgres');

const NOW = '2026-11-26T09:00:00Z';

/** A desk with every kind of row: demo data, bills, a reversal, a re-bill, uncovered minutes, an adjustment, frozen credit. */
async function buildDesk(): Promise<TestDesk> {
  const desk = tempDesk(NOW);
  const { ctx } = desk;
  await runDemo(ctx, { clients: 6, tickets: 24, seed: 7, force: false });
  bill(ctx, { all: true });
  const billed = ids(rawOf(ctx.store), 'SELECT id FROM tickets WHERE charged_minutes > 0 ORDER BY id LIMIT 2');
  expect(billed).toHaveLength(2);
  await declareDefect(ctx, billed[0]!, 'crash in the PDF export');
  await reopen(ctx, billed[1]!, 'seen again');
  await take(desk.at('2026-11-26T09:10:00Z', 'bob'), billed[1]!, { force: true });
  await timeAdd(desk.at('2026-11-26T09:40:00Z', 'chloe'), billed[1]!, 25); // a colleague's call while bob's timer runs
  await close(desk.at('2026-11-26T09:40:00Z', 'bob'), billed[1]!, { resolution: 'fixed for good' });
  // A client whose credit does not cover the work: uncovered minutes.
  addClient(ctx, { code: 'LOW', name: 'Low credit' });
  addLicence(ctx, { client: 'LOW', plan: 'on-demand', start: '2026-01-01', months: 12 });
  adjust(ctx, 'LOW', 15, 'one slice');
  const low = await openTicket(ctx, { client: 'LOW', subject: 'Long call' });
  await take(ctx, low.number);
  await timeAdd(desk.at('2026-11-26T09:45:00Z', 'bob'), low.number, 40);
  await close(desk.at('2026-11-26T09:45:00Z'), low.number, { resolution: 'done' });
  // Credit held past its 24 months: a forfeit due (written or not by the cron job).
  addClient(ctx, { code: 'OLD', name: 'Lapsed' });
  addLicence(ctx, { client: 'OLD', plan: 'on-demand', start: '2020-01-01', end: '2023-12-31' });
  adjust(desk.at('2023-06-01T10:00:00Z'), 'OLD', 120, 'credit bought in 2023');
  bill(desk.at('2026-11-26T10:00:00Z'), { all: true });
  adjust(ctx, 'C001', -10, 'import counted twice');
  return desk;
}

// Built once, copied for each test (each test corrupts its own copy): a file, or on PostgreSQL the database
// itself (the template of each copy, dropped with the file's databases).
let template: string;
beforeAll(async () => {
  const { ctx, path } = await buildDesk();
  if (BACKEND === 'sqlite') {
    template = join(mkdtempSync(join(tmpdir(), 'alias-support-check-')), 'desk.db');
    sqliteOf(ctx.store).pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(path, template);
  } else template = path;
  ctx.store.close();
});
afterAll(() => {
  if (BACKEND === 'sqlite') rmSync(join(template, '..'), { recursive: true, force: true });
});

function busyDesk(): Promise<{ ctx: Ctx; path: string }> {
  const path = createDesk(join(tempDir(), 'desk.db'), template);
  const store = openTestStore(path);
  return Promise.resolve({ ctx: { store, now: Date.parse(NOW), agent: 'alice', tz: 'Europe/Paris' }, path });
}

function failing(ctx: Ctx): Record<string, string[]> {
  const report = checkDatabase(ctx);
  const out: Record<string, string[]> = {};
  for (const f of report.findings) (out[f.check] ??= []).push(`${f.subject}: ${f.message}`);
  expect(report.ok).toBe(Object.keys(out).length === 0);
  return out;
}

const dropLedgerTriggers = (ctx: Ctx) => {
  const raw = rawOf(ctx.store);
  const on = raw.dialect === 'postgres' ? ' ON ledger_entries' : '';
  raw.exec(`DROP TRIGGER ledger_entries_no_update${on}; DROP TRIGGER ledger_entries_no_delete${on};`);
};
/** Plain SQL on the desk: statements both engines speak. */
const sql = (ctx: Ctx): RawSql => rawOf(ctx.store);
const one = (ctx: Ctx, text: string, ...params: unknown[]): number => sql(ctx).value<number>(text, ...params);
const ids = (raw: RawSql, text: string, ...params: unknown[]): number[] =>
  raw.all<{ id: number }>(text, ...params).map((row) => row.id);

describe('db check on a sound desk', () => {
  it('every check passes after demo data, bills, a defect reversal, a re-bill, uncovered minutes and adjustments', async () => {
    const { ctx } = await busyDesk();
    const kinds = sql(ctx)
      .all<{ kind: string }>('SELECT DISTINCT kind FROM ledger_entries ORDER BY kind')
      .map((row) => row.kind);
    expect(kinds).toEqual(['adjustment', 'consumption', 'purchase', 'reversal']);
    expect(one(ctx, 'SELECT count(*) FROM bills')).toBeGreaterThan(10);
    expect(one(ctx, 'SELECT sum(uncovered_minutes) FROM tickets')).toBeGreaterThan(0);
    const report = checkDatabase(ctx);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'integrity',
      'foreign-keys',
      'ledger-entries',
      'balances',
      'kept-balances',
      'reversal-forfeits',
      'purchases',
      'ticket-charges',
      'ticket-billing',
      'to-bill',
      'timers',
      'time-entries',
      'ticket-history',
    ]);
  });
});

describe('db check finds each broken invariant', () => {
  sqliteFile('integrity: an index that no longer matches its table', async () => {
    const { ctx, path } = await busyDesk();
    ctx.store.close();
    const raw = new Database(path);
    raw.unsafeMode(true); // lets writable_schema edit sqlite_master
    const root = (name: string) =>
      raw.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(name) as number;
    const [a, b] = [root('tickets_status_queued'), root('tickets_status_taken')];
    raw.pragma('writable_schema = ON');
    raw.prepare('UPDATE sqlite_master SET rootpage = ? WHERE name = ?').run(b, 'tickets_status_queued');
    raw.prepare('UPDATE sqlite_master SET rootpage = ? WHERE name = ?').run(a, 'tickets_status_taken');
    raw.close();
    const store = openStore(path);
    const found = failing({ ...ctx, store });
    expect(found.integrity!.some((m) => /tickets_status_(queued|taken)/.test(m))).toBe(true);
    store.close();
  });

  it('foreign-keys: a history event of a ticket that does not exist', async () => {
    const { ctx } = await busyDesk();
    const insert = "INSERT INTO ticket_events (ticket_id, at, agent, event) VALUES (9999, 0, 'x', 'opened')";
    if (BACKEND === 'sqlite') {
      sqliteOf(ctx.store).pragma('foreign_keys = OFF');
      sql(ctx).exec(insert);
    } else
      // On PostgreSQL only a key added back NOT VALID (as a hand-made restore might) lets such a row through.
      sql(ctx).exec(`ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_ticket_id_tickets_id_fk; ${insert};
        ALTER TABLE ticket_events ADD CONSTRAINT ticket_events_ticket_id_tickets_id_fk
          FOREIGN KEY (ticket_id) REFERENCES tickets (id) NOT VALID;`);
    expect(failing(ctx)).toEqual({
      'foreign-keys': [
        'ticket_events row ' + one(ctx, 'SELECT max(id) FROM ticket_events') + ': refers to a missing row of tickets',
      ],
    });
  });

  it('ledger-entries: an unknown kind, a zero adjustment, a charge without a ticket', async () => {
    const { ctx } = await busyDesk();
    sql(ctx).exec(`
      INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) VALUES (1, 0, 'gift', 30, 'x');
      INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) VALUES (1, 0, 'adjustment', 0, 'x');
      INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) VALUES (1, 0, 'consumption', -5, 'x');`);
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['ledger-entries']);
    expect(found['ledger-entries']).toHaveLength(3);
    expect(found['ledger-entries']!.join('\n')).toMatch(
      /gift of 30 min: unknown kind[\s\S]*consumption of -5 min without a ticket/,
    );
  });

  it('balances: a running balance below zero, and a balance below zero today', async () => {
    const { ctx } = await busyDesk();
    const held = one(
      ctx,
      "SELECT sum(minutes) FROM ledger_entries WHERE client_id = (SELECT id FROM clients WHERE code = 'C002')",
    );
    sql(ctx).exec(
      `INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) SELECT id, ${Date.parse(NOW) + 1}, 'adjustment', -${held + 10}, 'x' FROM clients WHERE code = 'C002'`,
    );
    let found = failing(ctx);
    expect(Object.keys(found)).toEqual(['balances']);
    expect(found.balances).toEqual([
      expect.stringMatching(/^client C002: the balance falls below zero \(lowest -10 min\) from ledger entry #\d+$/),
      'client C002: the balance today, net of forfeits due, is -10 min',
    ]);
    // Made good afterwards: the ledger still went below zero on the way.
    sql(ctx).exec(
      `INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) SELECT id, ${Date.parse(NOW) + 2}, 'adjustment', 10, 'x' FROM clients WHERE code = 'C002'`,
    );
    found = failing(ctx);
    expect(found.balances).toHaveLength(1);
  });

  it('balances: credit spent before it was there, in date order (as the statement shows it), whatever the order of writing', async () => {
    const { ctx } = await busyDesk();
    // Written in this order the ledger never dips (id order: +15 then −15); dated, the −15 comes first.
    const low = "(SELECT id FROM clients WHERE code = 'LOW')";
    sql(ctx).exec(
      `INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) SELECT ${low}, ${Date.parse('2026-11-26T12:00:00Z')}, 'adjustment', 15, 'x'`,
    );
    sql(ctx).exec(
      `INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) SELECT ${low}, ${Date.parse('2026-11-25T12:00:00Z')}, 'adjustment', -15, 'x'`,
    );
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['balances']);
    expect(found.balances).toEqual([
      expect.stringMatching(/^client LOW: the balance falls below zero \(lowest -15 min\) from ledger entry #\d+$/),
    ]);
  });

  it('balances: credit spent although a forfeit took it (net of the forfeit due)', async () => {
    const { ctx } = await busyDesk();
    // OLD's 120 min fell due for forfeit on 2026-01-01; an entry spends 100 of them afterwards.
    sql(ctx).exec(
      `INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) SELECT id, ${Date.parse('2026-06-01T10:00:00Z')}, 'adjustment', -100, 'x' FROM clients WHERE code = 'OLD'`,
    );
    expect(failing(ctx)).toEqual({ balances: ['client OLD: the balance today, net of forfeits due, is -100 min'] });
  });

  it('kept-balances: a kept balance edited, one deleted, one kept for a client without entries', async () => {
    const { ctx } = await busyDesk();
    const [edited, deleted] = ids(sql(ctx), 'SELECT client_id AS id FROM client_balances ORDER BY client_id LIMIT 2');
    const ledgerOf = (id: number) => one(ctx, `SELECT sum(minutes) FROM ledger_entries WHERE client_id = ${id}`);
    const codeOf = (id: number) => sql(ctx).value<string>('SELECT code FROM clients WHERE id = ?', id);
    sql(ctx).run('UPDATE client_balances SET balance_minutes = balance_minutes + 5 WHERE client_id = ?', edited);
    sql(ctx).run('DELETE FROM client_balances WHERE client_id = ?', deleted);
    sql(ctx).exec('INSERT INTO client_balances (client_id, balance_minutes) VALUES (9999, 30)');
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['kept-balances']);
    expect(found['kept-balances']!.sort()).toEqual(
      [
        `client ${codeOf(edited!)}: the kept balance is ${ledgerOf(edited!) + 5} min, the ledger sums to ${ledgerOf(edited!)} min`,
        `client ${codeOf(deleted!)}: no kept balance, the ledger sums to ${ledgerOf(deleted!)} min`,
        'ledger client #9999: the kept balance is 30 min, the ledger sums to 0 min',
      ].sort(),
    );
  });

  it('purchases: an order whose ledger entry was edited, a purchase entry without an order', async () => {
    const { ctx } = await busyDesk();
    dropLedgerTriggers(ctx);
    const order = sql(ctx).get<{ order_id: string; ledger_entry_id: number }>(
      'SELECT order_id, ledger_entry_id FROM purchases ORDER BY order_id LIMIT 1',
    )!;
    sql(ctx).run('UPDATE ledger_entries SET minutes = minutes + 60 WHERE id = ?', order.ledger_entry_id);
    sql(ctx).exec(
      "INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) VALUES (1, 0, 'purchase', 60, 'x')",
    );
    const found = failing(ctx);
    // An entry edited behind the trigger that keeps the balances: the kept balance no longer matches either.
    expect(Object.keys(found)).toEqual(['kept-balances', 'purchases']);
    expect(found.purchases![0]).toMatch(
      new RegExp(
        `^order ${order.order_id}: its ledger entry #${order.ledger_entry_id} is a purchase of \\d+ min, the order is worth \\d+ min$`,
      ),
    );
    expect(found.purchases![1]).toMatch(/purchase of 60 min without an imported order/);
  });

  it('ticket-charges: a ticket total edited, a charge written outside a bill, a bill whose entry was edited', async () => {
    const { ctx } = await busyDesk();
    // Tickets charged at least two slices: a charge cut by one slice keeps its sign.
    const [t1, t2, t3] = ids(
      sql(ctx),
      'SELECT DISTINCT ticket_id AS id FROM bills WHERE charged_minutes >= 30 ORDER BY ticket_id LIMIT 3',
    );
    sql(ctx).run(
      'UPDATE tickets SET charged_minutes = charged_minutes + 15, uncovered_minutes = uncovered_minutes - 15 WHERE id = ?',
      t1,
    );
    // Credit first, so that only the ticket's charges are wrong, not the balance.
    sql(ctx).run(
      "INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) SELECT client_id, 0, 'adjustment', 15, 'x' FROM tickets WHERE id = ?",
      t2,
    );
    sql(ctx).run(
      "INSERT INTO ledger_entries (client_id, at, kind, minutes, ticket_id, agent) SELECT client_id, 0, 'consumption', -15, id, 'x' FROM tickets WHERE id = ?",
      t2,
    );
    dropLedgerTriggers(ctx);
    sql(ctx).run(
      'UPDATE ledger_entries SET minutes = minutes + 15 WHERE id = (SELECT ledger_entry_id FROM bills WHERE ticket_id = ? ORDER BY id LIMIT 1)',
      t3,
    );
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['kept-balances', 'ticket-charges']);
    const text = found['ticket-charges']!.join('\n');
    expect(text).toContain(`ticket #${t1}: charged`);
    expect(text).toMatch(new RegExp(`ticket #${t2}: charged \\d+ min, .*the ledger holds \\d+ min of charges`));
    expect(text).toMatch(
      new RegExp(`ticket #${t3}: bill #\\d+ charged \\d+ min but its ledger entry #\\d+ is -\\d+ min`),
    );
  });

  it('ticket-billing: a bill against the slice rule, totals that no longer add up to the billable minutes', async () => {
    const { ctx } = await busyDesk();
    const last = sql(ctx).get<{ id: number; ticket_id: number }>(
      'SELECT id, ticket_id FROM bills WHERE charged_minutes > 0 ORDER BY id DESC LIMIT 1',
    )!;
    sql(ctx).run('UPDATE bills SET billable_minutes = billable_minutes + 15 WHERE id = ?', last.id);
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['ticket-billing']);
    expect(found['ticket-billing']).toEqual([
      expect.stringMatching(
        new RegExp(`^ticket #${last.ticket_id}: bill #${last.id}: \\d+ s worked cannot be \\d+ billable minutes$`),
      ),
      expect.stringMatching(
        new RegExp(
          `^ticket #${last.ticket_id}: charged \\+ waived \\+ uncovered = \\d+ min, but \\d+ min were billable at its last bill$`,
        ),
      ),
    ]);
  });

  it('to-bill: time added by hand to a billed green ticket, which bill --all then skips', async () => {
    const { ctx } = await busyDesk();
    const green = one(
      ctx,
      "SELECT id FROM tickets WHERE status = 'resolved' AND to_bill = 0 AND charged_minutes > 0 AND NOT defect ORDER BY id LIMIT 1",
    );
    sql(ctx).run(
      "INSERT INTO time_entries (ticket_id, agent, started_at, ended_at) SELECT ?, 'x', max(at), max(at) + 3600000 FROM ticket_events WHERE ticket_id = ?",
      green,
      green,
    );
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['to-bill']);
    expect(found['to-bill']).toEqual([
      expect.stringMatching(
        new RegExp(`^ticket #${green}: green with \\d+ min billable, \\d+ at its last bill, but not marked to bill`),
      ),
    ]);
    // What the mark is for: a bill run reads the marked tickets only.
    const noon = { ...ctx, now: Date.parse('2026-11-26T12:00:00Z') }; // after the desk's last bill
    expect(bill(noon, { all: true }).bills).toEqual([]);
    sql(ctx).run('UPDATE tickets SET to_bill = 1 WHERE id = ?', green);
    expect(bill(noon, { all: true }).bills.map((b) => b.ticket)).toEqual([green]);
    expect(failing(ctx)).toEqual({});
  });

  it('timers: running on a green ticket, running on a red ticket, an entry ending before it starts', async () => {
    const { ctx } = await busyDesk();
    const green = one(ctx, "SELECT id FROM tickets WHERE status = 'resolved' ORDER BY id LIMIT 1");
    const red = one(ctx, "SELECT id FROM tickets WHERE status = 'pending' ORDER BY id LIMIT 1");
    sql(ctx).run("INSERT INTO time_entries (ticket_id, agent, started_at) VALUES (?, 'x', 0), (?, 'x', 0)", green, red);
    sql(ctx).run("INSERT INTO time_entries (ticket_id, agent, started_at, ended_at) VALUES (?, 'x', 1000, 0)", red);
    // Keep the billing of the green ticket as it was: only the timer is wrong.
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['timers', 'time-entries']); // written at instant 0: before any take, too
    expect(found.timers).toEqual([
      ...[green, red]
        .sort((x, y) => x - y)
        .map((n) =>
          n === green
            ? `ticket #${green}: 1 timer(s) running on a resolved (green) ticket`
            : `ticket #${red}: 1 timer(s) running on a pending ticket`,
        ),
      expect.stringMatching(new RegExp(`^ticket #${red}: time entry #\\d+ ends before it starts$`)),
      expect.stringMatching(/^ticket #\d+: timer #\d+ has no valid instant to stop by itself/),
      expect.stringMatching(/^ticket #\d+: timer #\d+ has no valid instant to stop by itself/),
    ]);
  });

  it('timers: a timer that would never stop by itself (it would count nights and weekends)', async () => {
    const { ctx } = await busyDesk();
    const running = sql(ctx).get<{ id: number; ticket_id: number }>(
      'SELECT id, ticket_id FROM time_entries WHERE ended_at IS NULL ORDER BY id LIMIT 1',
    )!;
    sql(ctx).run('UPDATE time_entries SET stops_at = NULL WHERE id = ?', running.id);
    expect(failing(ctx)).toEqual({
      timers: [
        `ticket #${running.ticket_id}: timer #${running.id} has no valid instant to stop by itself: it would count nights and weekends`,
      ],
    });
  });

  it('time-entries: an entry before the take, an entry on a ticket never taken, one agent counting the same minutes twice', async () => {
    const { ctx } = await busyDesk();
    const db = sql(ctx);
    const orange = db.get<{ ticket: number; agent: string; startedAt: number; takenAt: number }>(
      `SELECT e.ticket_id AS ticket, e.agent, e.started_at AS "startedAt", (SELECT min(at) FROM ticket_events WHERE ticket_id = e.ticket_id AND event = 'taken') AS "takenAt"
         FROM time_entries e JOIN tickets t ON t.id = e.ticket_id WHERE t.status = 'in_progress' ORDER BY e.id LIMIT 1`,
    )!;
    const never = one(
      ctx,
      "SELECT id FROM tickets t WHERE status = 'pending' AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.event = 'taken') ORDER BY id LIMIT 1",
    );
    const add = (ticket: number, agent: string, startedAt: number, endedAt: number) =>
      db.value<number>(
        'INSERT INTO time_entries (ticket_id, agent, started_at, ended_at) VALUES (?, ?, ?, ?) RETURNING id',
        ticket,
        agent,
        startedAt,
        endedAt,
      );
    const early = add(orange.ticket, 'zed', orange.takenAt - 20 * 60_000, orange.takenAt - 10 * 60_000);
    const stray = add(never, 'zed', Date.parse(NOW) - 60_000, Date.parse(NOW));
    const twice = add(orange.ticket, orange.agent, orange.startedAt + 1000, orange.startedAt + 2000);
    const found = failing(ctx);
    expect(Object.keys(found)).toEqual(['time-entries']);
    expect(found['time-entries']).toEqual([
      expect.stringMatching(
        new RegExp(`^ticket #${orange.ticket}: time entry #${early} starts at .*, before the ticket was taken`),
      ),
      `ticket #${never}: time entry #${stray} on a ticket never taken`,
      expect.stringMatching(
        new RegExp(
          `^ticket #${orange.ticket}: time entry #${twice} of ${orange.agent} starts at .*, within the agent's earlier time on it .*: counted twice$`,
        ),
      ),
    ]);
  });

  it('ticket-history: a status edited behind the history, a ticket without history', async () => {
    const { ctx } = await busyDesk();
    const red = one(ctx, "SELECT id FROM tickets WHERE status = 'pending' ORDER BY id LIMIT 1");
    sql(ctx).run("UPDATE tickets SET status = 'resolved' WHERE id = ?", red);
    sql(ctx).exec(
      "INSERT INTO tickets (client_id, subject, status, created_at, queued_at) VALUES (1, 'typed in by hand', 'pending', 0, 0)",
    );
    const bare = one(ctx, 'SELECT max(id) FROM tickets');
    // A red ticket's last state event is 'opened', 'released' or 'reopened' (the demo has all three).
    const last = sql(ctx).get<{ id: number; event: string }>(
      "SELECT id, event FROM ticket_events WHERE ticket_id = ? AND event IN ('opened', 'released', 'reopened') ORDER BY id DESC LIMIT 1",
      red,
    )!;
    const found = failing(ctx);
    expect(found['ticket-history']).toEqual([
      `ticket #${red}: status resolved but its last state event (#${last.id}) is '${last.event}'`,
      `ticket #${bare}: status pending but no state event in its history`,
    ]);
    // Made green behind the app, it is not marked to bill either, when it has time worked.
    const worked = one(ctx, `SELECT count(*) FROM time_entries WHERE ticket_id = ${red} AND ended_at > started_at`) > 0;
    expect(Object.keys(found).sort()).toEqual(worked ? ['ticket-history', 'to-bill'] : ['ticket-history']);
    if (worked)
      expect(found['to-bill']).toEqual([
        expect.stringMatching(
          new RegExp(`^ticket #${red}: green with \\d+ min billable, 0 at its last bill, but not marked`),
        ),
      ]);
  });

  it('counts every finding but lists the first 100 of a check', async () => {
    const { ctx } = await busyDesk();
    sql(ctx).exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
      INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) SELECT 1, 0, 'gift', i, 'x' FROM n`);
    const report = checkDatabase(ctx);
    expect(report.checks.find((c) => c.name === 'ledger-entries')!.findings).toBe(150);
    expect(report.findings).toHaveLength(LISTED_PER_CHECK);
  });
});

describe('db check through the CLI', () => {
  const run = (db: string, args: string[]) =>
    spawnSync(...commandLine(['--db', db, 'db', 'check', ...args]), {
      env: { PATH: process.env.PATH, TZ: 'UTC', ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'alice' },
      encoding: 'utf8',
    });

  it('exit 0 when clean; exit 4 INTEGRITY with the report on stdout when not', async () => {
    const { ctx, path } = await busyDesk();
    let r = run(path, ['--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ database: path, ok: true, findings: [] });
    expect(run(path, []).stdout).toContain('All checks passed.');

    const red = one(ctx, "SELECT id FROM tickets WHERE status = 'pending' ORDER BY id LIMIT 1");
    sql(ctx).run("UPDATE tickets SET status = 'in_progress' WHERE id = ?", red);
    ctx.store.close();
    r = run(path, ['--json']);
    expect(r.status).toBe(4);
    expect(JSON.parse(r.stderr).error).toMatchObject({
      code: 'INTEGRITY',
      exitCode: 4,
      message: '1 finding in ticket-history',
    });
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      findings: [{ check: 'ticket-history', subject: `ticket #${red}` }],
    });
    const human = run(path, []);
    expect(human.status).toBe(4);
    expect(human.stdout).toMatch(new RegExp(`✗ FAIL ticket-history +1 finding\\n +ticket #${red}: status in_progress`));
    expect(human.stderr).toMatch(/^alias-support: 1 finding in ticket-history \(/);
  });

  sqliteFile('a file damaged on disk is reported (exit 4), never a crash', async () => {
    const { ctx, path } = await busyDesk();
    const page = one(ctx, "SELECT rootpage FROM sqlite_master WHERE name = 'ticket_events_ticket'");
    const size = one(ctx, 'PRAGMA page_size');
    sqliteOf(ctx.store).pragma('wal_checkpoint(TRUNCATE)');
    ctx.store.close();
    // Scribble over the history index: the schema (page 1) stays readable.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(size, 0xa5), 0, size, (page - 1) * size);
    closeSync(fd);
    const r = run(path, ['--json']);
    expect(r.status, r.stderr).toBe(4);
    const report = JSON.parse(r.stdout) as { ok: boolean; findings: { check: string; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.some((f) => f.check === 'integrity')).toBe(true);
    // The history check reads through the damaged index: its failure is a finding too.
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'ticket-history',
        message: expect.stringMatching(/could not run: SQLITE_CORRUPT/),
      }),
    );
  });
});

describe('db check: reversals respect forfeits', () => {
  it('reversal-forfeits: a charge given back after the forfeit day without its forfeit revives forfeited credit', async () => {
    const { desk, n } = await lapsedDesk();
    await declareDefect(desk.at('2026-02-02T10:00:00Z'), n);
    const ctx = desk.at('2026-02-02T11:00:00Z');
    expect(failing(ctx)).toEqual({});
    // The forfeit that came with the reversal, deleted: 30 forfeited minutes spendable again.
    dropLedgerTriggers(ctx);
    const reversal = one(ctx, "SELECT id FROM ledger_entries WHERE kind = 'reversal'");
    sql(ctx).exec("DELETE FROM ledger_entries WHERE kind = 'forfeit' AND ticket_id IS NOT NULL");
    expect(failing(ctx)).toEqual({
      // Deleted behind the trigger that keeps the balances: the kept balance still counts the forfeit.
      'kept-balances': ['client C2: the kept balance is 90 min, the ledger sums to 120 min'],
      'reversal-forfeits': [
        `ledger entry #${reversal}: reversal of 30 min for ticket #${n} revives 30 min of credit a forfeit took (forfeited with it: 0 min)`,
      ],
    });
  });
});
