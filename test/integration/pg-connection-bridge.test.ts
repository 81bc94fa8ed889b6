// The synchronous bridge to the PostgreSQL connection's worker
// (src/store/postgres/connection.ts), against a stand-in worker: no server
// needed. A wake-up without the answer's flag raised (a late notify of an
// earlier answer) is waited through, never taken for a worker that stopped.
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { openPgConnection } from '../../src/store/postgres/connection.js';
import { FLAG, type PgWorker } from '../../src/store/postgres/worker.js';

/** Answers like the real worker, but before each query's answer wakes the waiting thread ten times with the flag down. */
const STAND_IN = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const answer = (reply) => { port.postMessage(reply); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
port.on('message', (request) => {
  if (request.op !== 'query') return answer({ ok: true });
  // A failure the worker does not catch (a driver's bug): it exits, flagging that it is gone as the real one does.
  if (request.params[0] === 'crash') {
    process.on('exit', () => { Atomics.store(flag, 0, ${FLAG.gone}); Atomics.notify(flag, 0); });
    setTimeout(() => { throw new Error('a bug of the driver'); }, 20);
    return;
  }
  let wakes = 0;
  const timer = setInterval(() => {
    Atomics.notify(flag, 0);
    if (++wakes < 10) return;
    clearInterval(timer);
    answer({ ok: true, rows: [{ answer: request.params[0] }], count: 1 });
  }, 5);
});
`;

/** The stand-in, as the launcher leaves a worker it started early (worker.ts): the connection adopts it. */
function standIn(url: string, lockTimeoutMs: number): void {
  const { port1, port2 } = new MessageChannel();
  const reads = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(STAND_IN, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
  port1.postMessage({ op: 'connect' });
  const early: PgWorker = { url, lockTimeoutMs, worker, port: port1, flag, reads: reads.port1 };
  (globalThis as Record<symbol, unknown>)[Symbol.for('alias-support.early-pg-worker')] = early;
}

describe('the bridge to the connection’s worker', () => {
  it('waits through wake-ups that come before the answer', () => {
    const url = 'postgres://stand-in@127.0.0.1:1/desk';
    standIn(url, 5000);
    const db = openPgConnection(url, 5000);
    try {
      for (const n of [1, 2, 3]) expect(db.query('SELECT $1 AS answer', [n])).toEqual([{ answer: n }]);
    } finally {
      db.close();
    }
  });

  it('a worker that exits on its own fails the statement waiting for it and every one after, at once', async () => {
    const url = 'postgres://stand-in@127.0.0.1:1/crash';
    standIn(url, 5000);
    const warned = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const db = openPgConnection(url, 5000);
    try {
      expect(db.query('SELECT $1 AS answer', [1])).toEqual([{ answer: 1 }]);
      expect(() => db.query('SELECT $1 AS answer', ['crash'])).toThrow(
        'the PostgreSQL worker stopped without answering',
      );
      expect(() => db.query('SELECT $1 AS answer', [2])).toThrow(/stopped without answering|connection is closed/);
      await vi.waitFor(() => expect(warned).toHaveBeenCalledWith('the PostgreSQL worker failed: a bug of the driver'));
      await expect(db.read('SELECT 1')).rejects.toThrow('the PostgreSQL connection is closed');
      expect(() => db.query('SELECT $1 AS answer', [3])).toThrow('the PostgreSQL connection is closed');
    } finally {
      db.close();
      warned.mockRestore();
    }
  });
});
