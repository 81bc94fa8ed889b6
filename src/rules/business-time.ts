// docs/terms.md §9: the platform works Monday–Friday, working days (French public
// holidays excluded), 09:00–17:00 in the business time zone. Queue ages are
// business minutes. Pure: the holidays come in as a list.
import { addDays, dayStartInstant, daysBetween, instantOf, localTime } from './calendar.js';
import { formatMinutes } from './duration.js';

export const OPEN_MINUTE = 9 * 60;
export const CLOSE_MINUTE = 17 * 60;
export const BUSINESS_DAY_MINUTES = CLOSE_MINUTE - OPEN_MINUTE;

/** The public holidays known for a span of years. */
export interface HolidayCheck {
  has(day: string): boolean;
  /** holidays falling Monday–Friday in [from, to) */
  weekdaysIn(from: string, to: string): number;
}

function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

const isWeekday = (weekday: number): boolean => weekday >= 1 && weekday <= 5;

/** First index of a sorted list whose day is ≥ `day`. */
function lowerBound(sorted: readonly string[], day: string): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Holidays as a set plus a sorted list of those on weekdays, so a range is two binary searches. */
export function holidaysFrom(days: Iterable<string>): HolidayCheck {
  const all = new Set(days);
  const weekdays = [...all].filter((d) => isWeekday(weekdayOf(d))).sort();
  return {
    has: (day) => all.has(day),
    weekdaysIn: (from, to) => Math.max(0, lowerBound(weekdays, to) - lowerBound(weekdays, from)),
  };
}

export function isWorkingDay(day: string, weekday: number, holidays: HolidayCheck): boolean {
  return isWeekday(weekday) && !holidays.has(day);
}

/** Working days strictly between two days: arithmetic on weeks, then the holidays of the range. */
function workingDaysBetween(from: string, to: string, holidays: HolidayCheck): number {
  const first = addDays(from, 1);
  const span = daysBetween(first, to); // days in [first, to)
  if (span <= 0) return 0;
  const fullWeeks = Math.floor(span / 7);
  let count = fullWeeks * 5;
  for (let i = fullWeeks * 7, weekday = (weekdayOf(first) + i) % 7; i < span; i++, weekday = (weekday + 1) % 7)
    if (isWeekday(weekday)) count++;
  return count - holidays.weekdaysIn(first, to);
}

/** Seconds since local midnight, kept within the opening hours. Whole seconds: no float drift in the sums. */
function clampedSecond(minuteOfDay: number): number {
  return Math.min(CLOSE_MINUTE * 60, Math.max(OPEN_MINUTE * 60, Math.round(minuteOfDay * 60)));
}

/**
 * Business minutes between two instants, rounded down. Daylight-saving changes
 * happen at night, outside 09:00–17:00, so local minutes inside the window are
 * real minutes. Constant work per call whatever the span (a ticket years old
 * costs what a fresh one does).
 */
export function businessMinutesBetween(
  startMs: number,
  endMs: number,
  timeZone: string,
  holidays: HolidayCheck,
): number {
  if (endMs <= startMs) return 0;
  const a = localTime(startMs, timeZone);
  const b = localTime(endMs, timeZone);
  let seconds: number;
  if (a.day === b.day) {
    seconds = isWorkingDay(a.day, a.weekday, holidays)
      ? clampedSecond(b.minuteOfDay) - clampedSecond(a.minuteOfDay)
      : 0;
  } else {
    seconds = BUSINESS_DAY_MINUTES * 60 * workingDaysBetween(a.day, b.day, holidays);
    if (isWorkingDay(a.day, a.weekday, holidays)) seconds += CLOSE_MINUTE * 60 - clampedSecond(a.minuteOfDay);
    if (isWorkingDay(b.day, b.weekday, holidays)) seconds += clampedSecond(b.minuteOfDay) - OPEN_MINUTE * 60;
  }
  return Math.floor(seconds / 60);
}

/** An age as people read it: `2h10` under a business day, then `1d 3h` (a business day = 8 h). */
export function formatBusinessAge(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < BUSINESS_DAY_MINUTES) return formatMinutes(m);
  return `${Math.floor(m / BUSINESS_DAY_MINUTES)}d ${Math.floor((m % BUSINESS_DAY_MINUTES) / 60)}h`;
}

/**
 * When a timer started at `startMs` stops by itself: at 17:00 of the day it
 * was started, or at the end of that day when it was started at or after
 * 17:00 or on a day without support. A forgotten timer never charges a night
 * or a weekend.
 */
export function autoStopAt(startMs: number, timeZone: string, holidays: HolidayCheck): number {
  const { day, weekday, minuteOfDay } = localTime(startMs, timeZone);
  if (isWorkingDay(day, weekday, holidays) && minuteOfDay < CLOSE_MINUTE) return instantOf(day, CLOSE_MINUTE, timeZone);
  return dayStartInstant(addDays(day, 1), timeZone);
}
