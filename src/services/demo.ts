// `demo`: a realistic demo desk at any size, from the default dozen clients to
// a vendor's ten years of tickets (`demo --tickets 1000000`), deterministic for
// a given seed. The plan is drawn by the pure planner (demo/plan.ts), written
// by the store in one bulk transaction (all of it or nothing), then the
// forfeits that fell due are written by the cron job's own use case.
import { conflict } from '../errors.js';
import { COLOR } from '../rules/ticket-states.js';
import type { DemoTicket } from '../store/demo.js';
import { today, type Ctx } from './context.js';
import { planDemo } from './demo/plan.js';
import { holidayCheck } from './holidays.js';
import { expireLicences } from './licence-expiry.js';

export { DEMO_MAX_TICKETS, DEMO_YEARS, random } from './demo/plan.js';

export interface DemoOptions {
  clients: number;
  tickets: number;
  seed: number;
  force: boolean;
  /** The monthly bill runs happened up to this instant (default: now); tickets resolved since wait for the next one. */
  billedUntil?: number;
  /** Called after each DEMO_BATCH tickets written, and after the last. */
  onProgress?: (ticketsWritten: number, tickets: number) => void;
}

export interface DemoResult {
  clients: number;
  licences: number;
  purchases: number;
  tickets: { red: number; orange: number; green: number };
  timeEntries: number;
  bills: number;
  forfeits: number;
}

/** Tickets between two progress reports. */
export const DEMO_BATCH = 50_000;

/** A desk of that many tickets has about this many clients (a client opens ~25 tickets a year). */
export function defaultDemoClients(tickets: number): number {
  return Math.max(12, Math.ceil(tickets / 250));
}

export async function runDemo(ctx: Ctx, options: DemoOptions): Promise<DemoResult> {
  const existingClients = ctx.store.demo.clientCount();
  if (existingClients > 0 && !options.force)
    throw conflict(
      'DUPLICATE',
      `${ctx.store.path} already holds data: the demo fills only an empty database`,
      'pass --force to add the demo data anyway, or --db another.db',
    );
  const day = today(ctx);
  // Running timers stop by themselves at the end of their support day (they start within hours of now).
  const holidays = await holidayCheck(ctx, Number(day.slice(0, 4)) - 1, Number(day.slice(0, 4)));
  const plan = planDemo({
    seed: options.seed,
    clients: options.clients,
    tickets: options.tickets,
    now: ctx.now,
    today: day,
    tz: ctx.tz,
    holidays,
    billedUntil: options.billedUntil ?? ctx.now,
    existingClients,
    firstTicketId: ctx.store.demo.nextTicketId(),
  });

  const result: DemoResult = {
    clients: plan.clients.length,
    licences: plan.clients.reduce((n, c) => n + c.licences.length, 0),
    purchases: plan.clients.reduce((n, c) => n + c.purchases.length, 0),
    tickets: { red: 0, orange: 0, green: 0 },
    timeEntries: 0,
    bills: 0,
    forfeits: 0,
  };
  /** The plan's tickets as the store reads them, counted on the way. */
  function* counted(): Generator<DemoTicket> {
    let written = 0;
    for (const t of plan.tickets) {
      yield t;
      result.tickets[COLOR[t.status]]++;
      result.purchases += t.purchases.length;
      result.timeEntries += t.timeEntries.length;
      if (t.bill) result.bills++;
      if (++written % DEMO_BATCH === 0 || written === options.tickets) options.onProgress?.(written, options.tickets);
    }
  }
  ctx.store.bulk(() => ctx.store.demo.load(plan.clients, counted()));

  // The nightly cron job wrote the forfeits that fell due.
  result.forfeits = expireLicences({ ...ctx, agent: 'cron' }).forfeited.length;
  return result;
}
