// EXPLAIN QUERY PLAN of every statement a use case runs: the tests that no
// hot path reads a whole table that grows with the desk.
import type Database from 'better-sqlite3';
import type { Ctx } from '../../src/services/context.js';
import { sqliteOf } from './sqlite-of.js';

/** A full scan of one of these is a read of the whole desk. */
export const GROWING =
  /^SCAN (tickets|time_entries|ledger_entries|licences|clients|ticket_events|bills|purchases|outbox|fixes)\b/;

/** Partial indexes: walking one reads only the rows it holds (tickets to bill, forfeits), not the desk. */
const PARTIAL = /USING (COVERING )?INDEX (tickets_to_bill|ledger_forfeit_once)\b/;

export interface Plan {
  sql: string;
  steps: string[];
}

export function planOf(db: Database.Database, sql: string): Plan {
  const params: unknown[] = (sql.match(/\?/g) ?? []).map(() => null);
  const named = [...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => [m[1]!, null]);
  if (named.length > 0) params.push(Object.fromEntries(named));
  const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  return { sql, steps };
}

const RUNS = ['get', 'all', 'iterate', 'run'] as const;

/**
 * The plans of every SELECT `run` runs on the desk's connection, whether it
 * prepares the statement then or runs one prepared before and kept (the hot
 * paths' statements are prepared once per connection: src/store/sqlite/statements.ts).
 */
export async function plansDuring(ctx: Ctx, run: () => unknown): Promise<Plan[]> {
  const db = sqliteOf(ctx.store);
  const seen: string[] = [];
  // Every statement shares one prototype: its running methods note what they run on this connection.
  const statements = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<
    (typeof RUNS)[number],
    (...args: unknown[]) => unknown
  >;
  const originals = RUNS.map((name) => statements[name]);
  RUNS.forEach((name, i) => {
    statements[name] = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === db) seen.push(this.source);
      return originals[i]!.apply(this, args);
    };
  });
  try {
    await run();
  } finally {
    RUNS.forEach((name, i) => (statements[name] = originals[i]!));
  }
  return [...new Set(seen)].filter((sql) => /^\s*select/i.test(sql)).map((sql) => planOf(db, sql));
}

export const fullScans = (plans: Plan[]): Plan[] =>
  plans.filter((p) => p.steps.some((s) => GROWING.test(s) && !PARTIAL.test(s)));
export const show = (plans: Plan[]): string => plans.map((p) => `${p.sql}\n  ${p.steps.join('\n  ')}`).join('\n');
