// `licences expire`, the nightly cron job: reports the licences whose coverage
// ended, and writes each forfeit that has fallen due into the ledger, once,
// dated at the start of its forfeit day. Validity never depends on this job
// having run (it is derived from the data); the job makes statements show it.
import { invalidInput } from '../errors.js';
import { addDays, dayStartInstant, parseDay } from '../rules/calendar.js';
import { frozenUntil } from '../rules/credit-validity.js';
import { forfeitNote } from '../rules/ledger-notes.js';
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

export function expireLicences(ctx: Ctx, options: ExpiryOptions = {}): ExpiryResult {
  const dryRun = Boolean(options.dryRun);
  const now = today(ctx);
  const asOf = options.asOf === undefined ? now : parseDay(options.asOf, '--as-of date');
  if (asOf > now && !dryRun)
    throw invalidInput(
      `--as-of ${asOf} is after today (${now}): a forfeit is written only once its day has come`,
      'add --dry-run to preview',
    );
  const run = (): ExpiryResult => {
    const forfeited: ExpiryResult['forfeited'] = [];
    for (const c of creditStates(ctx, asOf)) {
      for (const f of c.dueForfeits) {
        forfeited.push({ client: c.code, minutes: f.minutes, day: f.day });
        if (dryRun) continue;
        const ended = c.terms.find((t) => addDays(frozenUntil(t.endsOn), 1) === f.day)?.endsOn;
        ctx.store.ledger.append({
          clientId: c.clientId,
          at: dayStartInstant(f.day, ctx.tz),
          kind: 'forfeit',
          minutes: -f.minutes,
          reference: f.day,
          ticketId: null,
          note: forfeitNote(ended),
          agent: ctx.agent,
        });
      }
    }
    // Licences whose last day was the day before asOf, their client not covered on asOf.
    return { asOf, expired: ctx.store.clients.endedLicences(addDays(asOf, -1), asOf), forfeited, dryRun };
  };
  // The write lock is taken before reading, so two runs at once write each forfeit once.
  return dryRun ? ctx.store.snapshot(run) : ctx.store.immediate(run);
}
