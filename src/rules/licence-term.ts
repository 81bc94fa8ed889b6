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

export function licenceEnd(plan: Plan, startsOn: string, term: { months?: number; endsOn?: string }): string {
  if (plan === 'all-inclusive') {
    if (term.months !== undefined || term.endsOn !== undefined)
      throw invalidInput('an all-inclusive licence always lasts 4 years: leave out --months and --end');
    return addDays(addMonths(startsOn, 12 * ALL_INCLUSIVE_YEARS), -1);
  }
  if (term.months !== undefined && term.endsOn !== undefined) throw invalidInput('give --months or --end, not both');
  if (term.months !== undefined) {
    if (!Number.isInteger(term.months) || term.months < 1 || term.months > MAX_TERM_MONTHS)
      throw invalidInput(`invalid --months '${term.months}'`, `a whole number of months from 1 to ${MAX_TERM_MONTHS}`);
    return addDays(addMonths(startsOn, term.months), -1);
  }
  if (term.endsOn !== undefined) {
    if (term.endsOn < startsOn) throw invalidInput(`the licence cannot end (${term.endsOn}) before it starts (${startsOn})`);
    return term.endsOn;
  }
  throw invalidInput('an on-demand licence needs --months N or --end DATE');
}
