// An import of 200,000 orders killed with SIGKILL (no handler, no cleanup) at
// several moments, from reading the file to writing the ledger: the balance is
// always 0 or the whole file, purchases and ledger agree, and SQLite's
// integrity check is clean. The moments are fractions of an uninterrupted run
// timed first on a copy of the desk, so they land in both phases on any machine.
import { spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { commandLine, cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const ROWS = 200_000;
const WHOLE = ROWS * 60;
const NOW = '2026-11-26T09:00:00Z';

async function writeOrders(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('order_id,client,product,quantity,purchased_at\n');
  for (let i = 0; i < ROWS; i++) {
    if (!out.write(`K-${i},C042,AST01,1,2026-11-${String(1 + (i % 25)).padStart(2, '0')}T10:00:00Z\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** Runs the import; with killAfterMs, SIGKILLs it then. Resolves with the exit code (null when killed) and the elapsed time. */
function runImport(db: string, orders: string, killAfterMs?: number): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  const child = spawn(...commandLine(['credits', 'import', orders, '--json']), {
    env: { PATH: process.env.PATH, TZ: 'UTC', ALIAS_SUPPORT_DB: db, ALIAS_SUPPORT_NOW: NOW, ALIAS_SUPPORT_AGENT: 'cron' },
    stdio: 'ignore',
  });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - started });
    }),
  );
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

describe('credits import killed with SIGKILL', () => {
  it('leaves 0 or the whole file of 200,000 orders, never part of it, and a sound database', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const orders = join(dir, 'orders.csv');
    await writeOrders(orders);
    const desk = cli(NOW);
    expect(desk.run(['clients', 'add', 'C042', '--name', 'Dupont SA']).code).toBe(0);
    const calibration = join(dir, 'calibration.db');
    copyFileSync(desk.db, calibration);

    const whole = await runImport(calibration, orders);
    expect(whole.code).toBe(0);
    expect(stateOf(calibration)).toEqual({ balance: WHOLE, entries: ROWS, purchases: ROWS, integrity: 'ok' });

    // Each kill on a fresh copy of the empty desk, so that every moment tries the whole import.
    const walSizes: number[] = [];
    const killed = join(dir, 'killed.db');
    for (const fraction of [0.15, 0.6, 0.8, 0.92]) {
      copyFileSync(desk.db, killed);
      await runImport(killed, orders, Math.round(whole.ms * fraction));
      const wal = `${killed}-wal`;
      walSizes.push(existsSync(wal) ? statSync(wal).size : 0);
      const state = stateOf(killed);
      expect(state.integrity).toBe('ok');
      // Killed after its commit (while closing) the import is whole; before, nothing of it is there.
      expect([
        { balance: 0, entries: 0, purchases: 0, integrity: 'ok' },
        { balance: WHOLE, entries: ROWS, purchases: ROWS, integrity: 'ok' },
      ]).toContainEqual(state);
    }
    // At least one kill came while the transaction was writing (its frames were in the WAL).
    expect(Math.max(...walSizes)).toBeGreaterThan(1024 * 1024);

    // After a kill, the import runs to the end; once more, every order is skipped.
    expect((await runImport(killed, orders)).code).toBe(0);
    expect(stateOf(killed)).toEqual({ balance: WHOLE, entries: ROWS, purchases: ROWS, integrity: 'ok' });
    const again = desk.run(['--db', killed, 'credits', 'import', orders, '--json'], { timeout: 60_000 });
    expect(again.json()).toMatchObject({ imported: 0, skipped: ROWS });
  });
});
