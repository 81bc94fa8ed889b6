// EXPLAIN QUERY PLAN of every statement a use case runs: the tests that no
// hot path reads a whole table that grows with the desk.
import type Database from 'better-sqlite3';
import type { Ctx } from '../../src/services/context.js';

/** A full scan of one of these is a read of the whole desk. */
export const GROWING = /^SCAN (tickets|time_entries|ledger_entries|licences|clients|ticket_events|bills|purchases|outbox|fixes)\b/;

export interface Plan {
  sql: string;
  steps: string[];
}

export function planOf(db: Database.Database, sql: string): Plan {
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  return { sql, steps };
}

/** The plans of every SELECT `run` prepares on the desk's connection. */
export async function plansDuring(ctx: Ctx, run: () => Promise<unknown> | unknown): Promise<Plan[]> {
  const db = ctx.store.sqlite;
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as typeof db.prepare;
  try {
    await run();
  } finally {
    db.prepare = prepare as typeof db.prepare;
  }
  return [...new Set(seen)].filter((sql) => /^\s*select/i.test(sql)).map((sql) => planOf(db, sql));
}

export const fullScans = (plans: Plan[]): Plan[] => plans.filter((p) => p.steps.some((s) => GROWING.test(s)));
export const show = (plans: Plan[]): string => plans.map((p) => `${p.sql}\n  ${p.steps.join('\n  ')}`).join('\n');
