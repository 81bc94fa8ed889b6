// What every use case needs: the store, the instant it acts at, who acts, and
// the business time zone. Built once per command by the CLI layer.
import type { Store } from '../store/store.js';
import { localDay } from '../rules/calendar.js';

export interface Ctx {
  readonly store: Store;
  /** "now" in ms: ALIAS_SUPPORT_NOW or the clock, fixed for the whole command */
  readonly now: number;
  readonly agent: string;
  readonly tz: string;
}

export function today(ctx: Ctx): string {
  return localDay(ctx.now, ctx.tz);
}

const DAY_MS = 86_400_000;
/** 'YYYY-MM-DDT' of the UTC days met lately: a page of requests has its times on a few hundred days. */
const dayPrefixes = new Map<number, string>();
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * new Date(ms).toISOString(), the same text, ~7× cheaper: the day's part is kept per day, the time of day is
 * counted. Outside years 1970–9999 (and for NaN), Date's own (±YYYYYY years, RangeError).
 */
export const iso = (ms: number): string => {
  if (!(ms >= 0 && ms < 253_402_300_800_000)) return new Date(ms).toISOString();
  const t = Math.trunc(ms); // as Date keeps it
  const day = Math.floor(t / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size >= 4096) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let rest = t - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const milli = rest - seconds * 1000;
  return `${prefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
};
export const isoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : iso(ms));
