// `db backup FILE`: an online copy while another process keeps writing. Each
// copy is one transaction-consistent snapshot (it passes `db check`, which
// would see a ticket without its history or an order without its ledger
// entry), is a self-contained private file, and never replaces FILE unasked.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const count = (file: string, sql: string): number => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

const writers: ChildProcess[] = [];
afterEach(() => {
  while (writers.length) writers.pop()!.kill('SIGKILL');
});

/**
 * Another agent writing as fast as it can: each transaction opens a ticket with
 * its history event and imports an order with its ledger entry. A copy torn
 * between two statements of one transaction would fail `db check`.
 */
function startWriter(db: string): {
  child: ChildProcess;
  commits: () => number;
  reached: (n: number) => Promise<void>;
} {
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules', 'better-sqlite3'))});
    const db = new Database(${JSON.stringify(db)}, { timeout: 5000 });
    const ticket = db.prepare("INSERT INTO tickets (client_id, subject, status, created_at, queued_at) VALUES (1, 'from the writer', 'pending', 0, 0)");
    const event = db.prepare("INSERT INTO ticket_events (ticket_id, at, agent, event) VALUES (?, 0, 'writer', 'opened')");
    const entry = db.prepare("INSERT INTO ledger_entries (client_id, at, kind, minutes, reference, agent) VALUES (1, 0, 'purchase', 60, ?, 'shop')");
    const order = db.prepare("INSERT INTO purchases (order_id, client_id, product, quantity, purchased_at, minutes, ledger_entry_id, imported_at) VALUES (?, 1, 'AST01', 1, 0, 60, ?, 0)");
    const write = db.transaction((i) => {
      event.run(ticket.run().lastInsertRowid);
      order.run('W-' + i, entry.run('W-' + i).lastInsertRowid);
    });
    let i = 0;
    (function loop() {
      for (let k = 0; k < 5; k++) write.immediate(++i);
      process.stdout.write(i + '\\n');
      setImmediate(loop);
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  writers.push(child);
  let commits = 0;
  child.stdout.on('data', (d: Buffer) => {
    const last = d.toString().trim().split('\n').pop();
    if (last) commits = Number(last);
  });
  return {
    child,
    commits: () => commits,
    reached: (n) =>
      new Promise((done, fail) => {
        const poll = setInterval(() => {
          if (commits >= n) done(clearInterval(poll));
          if (child.exitCode !== null) fail(new Error(`writer exited (${child.exitCode})`));
        }, 10);
      }),
  };
}

describe('db backup while another process writes', () => {
  it('each copy is one consistent snapshot that passes db check, private and self-contained', async () => {
    const desk = cli();
    expect(desk.run(['demo', '--clients', '4', '--tickets', '30']).code).toBe(0);
    const ticketsBefore = count(desk.db, 'SELECT count(*) FROM tickets');
    const writer = startWriter(desk.db);
    await writer.reached(50);

    const dir = tempDir();
    const copies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const file = join(dir, `backup-${i}.db`);
      // Asynchronous, so that this test keeps reading the writer's progress.
      const r = await desk.start(['db', 'backup', file, '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.json().backup).toMatchObject({ file, check: 'ok', pages: expect.any(Number) });
      copies.push(file);
    }
    const during = writer.commits();
    writer.child.kill('SIGKILL');
    expect(during).toBeGreaterThan(50);

    const snapshots = copies.map((file) => count(file, 'SELECT count(*) FROM tickets'));
    const ticketsAfter = count(desk.db, 'SELECT count(*) FROM tickets');
    for (const [i, file] of copies.entries()) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(existsSync(`${file}-wal`)).toBe(false);
      expect(count(file, 'PRAGMA journal_mode')).toBe('delete' as unknown as number);
      // Every ticket the writer opened came with its event, every order with its entry.
      expect(count(file, 'SELECT count(*) FROM ticket_events')).toBeGreaterThanOrEqual(snapshots[i]!);
      expect(count(file, 'SELECT count(*) FROM purchases')).toBe(
        count(file, "SELECT count(*) FROM ledger_entries WHERE kind = 'purchase'"),
      );
      const check = desk.run(['db', 'check', '--json'], { env: { ALIAS_SUPPORT_DB: file } });
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
      expect(check.json().ok).toBe(true);
    }
    // Snapshots taken while the writer ran: later copies hold more, none holds more than the end.
    expect(snapshots[0]).toBeGreaterThan(ticketsBefore);
    expect(snapshots[2]!).toBeGreaterThanOrEqual(snapshots[0]!);
    expect(snapshots[2]!).toBeLessThanOrEqual(ticketsAfter);
    expect(readdirSync(dir).sort()).toEqual(['backup-0.db', 'backup-1.db', 'backup-2.db']);
  });
});

describe('db backup refuses to destroy', () => {
  it('an existing FILE is kept (FILE_EXISTS, exit 4) unless --force, which replaces it', () => {
    const desk = cli();
    expect(desk.run(['clients', 'add', 'C1', '--name', 'Dupont SA']).code).toBe(0);
    const file = join(tempDir(), 'backup.db');
    writeFileSync(file, 'last week’s backup');
    const before = sha256(file);

    const r = desk.run(['db', 'backup', file, '--json']);
    expect(r.code).toBe(4);
    expect(r.error()).toMatchObject({ code: 'FILE_EXISTS', message: `${file} already exists` });
    expect(sha256(file)).toBe(before);

    const forced = desk.run(['db', 'backup', file, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(count(file, 'SELECT count(*) FROM clients')).toBe(1);
  });

  it('--force still refuses a FILE that is a database in use (its -wal exists), and the database itself', () => {
    const desk = cli();
    expect(desk.run(['clients', 'add', 'C1', '--name', 'Dupont SA']).code).toBe(0);
    const live = cli();
    expect(live.run(['clients', 'list']).code).toBe(0);
    const held = new Database(live.db); // keeps live.db-wal in place
    held.exec("INSERT INTO holidays (day, name) VALUES ('2026-12-25', 'Noël')");
    const before = sha256(live.db);
    const r = desk.run(['db', 'backup', live.db, '--force', '--json']);
    expect(sha256(live.db)).toBe(before);
    held.close();
    expect(r.code).toBe(4);
    expect(r.error().message).toMatch(/looks like a database in use/);

    expect(desk.run(['db', 'backup', desk.db, '--force', '--json']).error()).toMatchObject({
      code: 'FILE_EXISTS',
      message: `${desk.db} is the database itself`,
    });
  });

  it('a folder that does not exist: INVALID_INPUT (exit 6), nothing left behind', () => {
    const desk = cli();
    expect(desk.run(['clients', 'add', 'C1', '--name', 'Dupont SA']).code).toBe(0);
    const dir = tempDir();
    const r = desk.run(['db', 'backup', join(dir, 'missing', 'backup.db'), '--json']);
    expect(r.code).toBe(6);
    expect(r.error()).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('missing/backup.db: no such file or folder'),
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
