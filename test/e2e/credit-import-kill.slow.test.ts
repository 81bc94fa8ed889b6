// An import of 200,000 orders killed with SIGKILL (no handler, no cleanup) at
// the points the import reports (ALIAS_SUPPORT_CRASH_POINT): while reading the
// file (a seeded random row), with the file read, with the write lock taken,
// with the ledger written but not the purchases, with everything written but
// not committed, and just after the commit. The balance is always 0 or the
// whole file, purchases and ledger agree, SQLite's integrity check is clean;
// after a kill the import runs to the end, and once more every order is skipped.
import { copyFileSync, createWriteStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { crashRandom, runKilledAt } from '../helpers/kill.js';
import { tempDir } from '../helpers/store.js';

const ROWS = 200_000;
const WHOLE = ROWS * 60;
const NOW = '2026-11-26T09:00:00Z';

async function writeOrders(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('order_id,client,product,quantity,purchased_at\n');
  for (let i = 0; i < ROWS; i++) {
    if (!out.write(`K-${i},C042,AST01,1,2026-11-${String(1 + (i % 25)).padStart(2, '0')}T10:00:00Z\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

function stateOf(db: string) {
  const sqlite = new Database(db);
  try {
    const one = (sql: string) => sqlite.prepare(sql).pluck().get();
    return {
      balance: one('SELECT coalesce(sum(minutes), 0) FROM ledger_entries'),
      entries: one('SELECT count(*) FROM ledger_entries'),
      purchases: one('SELECT count(*) FROM purchases'),
      integrity: one('PRAGMA integrity_check'),
    };
  } finally {
    sqlite.close(); // the last connection: checkpoints and removes the WAL
  }
}

const NOTHING = { balance: 0, entries: 0, purchases: 0, integrity: 'ok' };
const ALL = { balance: WHOLE, entries: ROWS, purchases: ROWS, integrity: 'ok' };

describe('credits import killed with SIGKILL', () => {
  it(
    'leaves 0 or the whole file of 200,000 orders, never part of it, and a sound database',
    { timeout: 300_000 },
    async () => {
      const dir = tempDir();
      const orders = join(dir, 'orders.csv');
      await writeOrders(orders);
      const desk = cli(NOW);
      expect(desk.run(['clients', 'add', 'C042', '--name', 'Dupont SA']).code).toBe(0);
      const env = { ALIAS_SUPPORT_DB: '', ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'cron' };
      const args = ['credits', 'import', orders, '--json'];

      const next = crashRandom('credits import');
      const readRow = 1 + Math.floor(next() * (ROWS - 1));
      // [point, state it leaves]
      const points: [string, typeof NOTHING][] = [
        [`import-read:${readRow}`, NOTHING],
        ['import-spooled', NOTHING],
        ['write-begun', NOTHING],
        ['import-ledger-written', NOTHING],
        ['write-done', NOTHING],
        ['write-committed', ALL],
      ];
      const killed = join(dir, 'killed.db');
      for (const [point, expected] of points) {
        // Each kill on a fresh copy of the empty desk, so that every point tries the whole import.
        copyFileSync(desk.db, killed);
        const run = await runKilledAt(args, { ...env, ALIAS_SUPPORT_DB: killed }, point);
        expect(run.killed, `${point} reached: ${run.stderr}`).toBe(true);
        const wal = `${killed}-wal`;
        // Killed with everything written but not committed: the transaction's frames were in the WAL, and are not taken.
        if (point === 'write-done') expect(existsSync(wal) ? statSync(wal).size : 0).toBeGreaterThan(1024 * 1024);
        expect(stateOf(killed), point).toEqual(expected);
        if (point !== 'write-done') continue;
        // After that kill, the import runs to the end; once more, every order is skipped.
        const rerun = await runKilledAt(args, { ...env, ALIAS_SUPPORT_DB: killed });
        expect(rerun.code, rerun.stderr).toBe(0);
        expect(stateOf(killed)).toEqual(ALL);
        const again = desk.run(['--db', killed, 'credits', 'import', orders, '--json'], { timeout: 120_000 });
        expect(again.json()).toMatchObject({ imported: 0, skipped: ROWS });
      }
    },
  );
});
