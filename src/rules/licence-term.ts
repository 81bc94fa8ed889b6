// Licence terms: an all-inclusive licence lasts 4 years (endsOn inclusive);
// an on-demand licence's term is given in months or by its last day.
import { invalidInput } from '../errors.js';
import { addDays, addMonths } from './calendar.js';

export const PLANS = ['all-inclusive', 'on-demand'] as const;
export type Plan = (typeof PLANS)[number];
export const ALL_INCLUSIVE_YEARS = 4;
/** A century: longer is a typo or a "for ever", and the dates computed from it would leave the years the desk handles. */
export const MAX_TERM_MONTHS = 1200;

export function isPlan(value: string): value is Plan {
  return (PLANS as readonly string[]).includes(value);
}

/**
 * The last day of a term of `months` from `startsOn`: the day before the same
 * day of the month `months` later; when that month has no such day (31 Jan +
 * 1 month), that month's last day, so a renewal from the 1st leaves no gap.
 */
export function termEnd(startsOn: string, months: number): string {
  const same = addMonths(startsOn, months); // clamped to the month's last day
  return same.slice(8) === startsOn.slice(8) ? addDays(same, -1) : same;
}

export function licenceEnd(plan: Plan, startsOn: string, term: { months?: number; endsOn?: string }): string {
  if (plan === 'all-inclusive') {
    if (term.months !== undefined || term.endsOn !== undefined)
      throw invalidInput('an all-inclusive licence always lasts 4 years: leave out --months and --end');
    return termEnd(startsOn, 12 * ALL_INCLUSIVE_YEARS);
  }
  if (term.months !== undefined && term.endsOn !== undefined) throw invalidInput('give --months or --end, not both');
  if (term.months !== undefined) {
    if (!Number.isInteger(term.months) || term.months < 1 || term.months > MAX_TERM_MONTHS)
      throw invalidInput(`invalid --months '${term.months}'`, `a whole number of months from 1 to ${MAX_TERM_MONTHS}`);
    return termEnd(startsOn, term.months);
  }
  if (term.endsOn !== undefined) {
    if (term.endsOn < startsOn)
      throw invalidInput(`the licence cannot end (${term.endsOn}) before it starts (${startsOn})`);
    return term.endsOn;
  }
  throw invalidInput('an on-demand licence needs --months N or --end DATE');
}
