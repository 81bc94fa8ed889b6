// `licences expire`, the nightly cron job: reports the licences whose coverage
// ended, and writes each forfeit that has fallen due into the ledger, once,
// dated at the start of its forfeit day. Validity never depends on this job
// having run (it is derived from the data); the job makes statements show it.
import { and, eq, gte, lte, not, exists } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { clients, ledgerEntries, licences } from '../db/schema.js';
import { ormOf } from '../store/sqlite/orm.js';
import { invalidInput } from '../errors.js';
import { addDays, dayStartInstant, parseDay } from '../rules/calendar.js';
import { frozenUntil } from '../rules/credit-validity.js';
import { today, type Ctx } from './context.js';
import { creditStates } from './credit.js';

export interface ExpiryResult {
  asOf: string;
  /** licences whose last day was the day before asOf, with no licence covering asOf */
  expired: { client: string; licence: number; endsOn: string }[];
  /** forfeits written (or, with dryRun, that would be) */
  forfeited: { client: string; minutes: number; day: string }[];
  dryRun: boolean;
}

export interface ExpiryOptions {
  asOf?: string;
  dryRun?: boolean;
}

function endedCoverage(ctx: Ctx, asOf: string): ExpiryResult['expired'] {
  const other = alias(licences, 'other');
  const ended = addDays(asOf, -1);
  return ormOf(ctx.store)
    .select({ client: clients.code, licence: licences.id, endsOn: licences.endsOn })
    .from(licences)
    .innerJoin(clients, eq(clients.id, licences.clientId))
    .where(
      and(
        eq(licences.endsOn, ended),
        not(
          exists(
            ormOf(ctx.store)
              .select({ id: other.id })
              .from(other)
              .where(and(eq(other.clientId, licences.clientId), lte(other.startsOn, asOf), gte(other.endsOn, asOf))),
          ),
        ),
      ),
    )
    .orderBy(clients.code, licences.id)
    .all();
}

export function expireLicences(ctx: Ctx, options: ExpiryOptions = {}): ExpiryResult {
  const dryRun = Boolean(options.dryRun);
  const now = today(ctx);
  const asOf = options.asOf === undefined ? now : parseDay(options.asOf, '--as-of date');
  if (asOf > now && !dryRun)
    throw invalidInput(`--as-of ${asOf} is after today (${now}): a forfeit is written only once its day has come`, 'add --dry-run to preview');
  const run = (): ExpiryResult => {
    const forfeited: ExpiryResult['forfeited'] = [];
    for (const c of creditStates(ctx, asOf)) {
      for (const f of c.dueForfeits) {
        forfeited.push({ client: c.code, minutes: f.minutes, day: f.day });
        if (dryRun) continue;
        const ended = c.terms.find((t) => addDays(frozenUntil(t.endsOn), 1) === f.day)?.endsOn;
        ormOf(ctx.store)
          .insert(ledgerEntries)
          .values({
            clientId: c.clientId,
            at: dayStartInstant(f.day, ctx.tz),
            kind: 'forfeit',
            minutes: -f.minutes,
            reference: f.day,
            note: `credit kept 24 months after the licence ended${ended ? ` on ${ended}` : ''}, then forfeited`,
            agent: ctx.agent,
          })
          .run();
      }
    }
    return { asOf, expired: endedCoverage(ctx, asOf), forfeited, dryRun };
  };
  // The write lock is taken before reading, so two runs at once write each forfeit once.
  return dryRun ? ctx.store.sqlite.transaction(run).deferred() : ctx.store.immediate(run);
}
