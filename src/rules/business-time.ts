// Rule 9: the platform works Monday–Friday, working days (French public
// holidays excluded), 09:00–17:00 in the business time zone. Queue ages are
// business minutes. Pure: holidays come in as a predicate.
import { addDays, daysBetween, localTime } from './calendar.js';

export const OPEN_MINUTE = 9 * 60;
export const CLOSE_MINUTE = 17 * 60;
export const BUSINESS_DAY_MINUTES = CLOSE_MINUTE - OPEN_MINUTE;

export type HolidayCheck = (day: string) => boolean;

export function isWorkingDay(day: string, weekday: number, isHoliday: HolidayCheck): boolean {
  return weekday >= 1 && weekday <= 5 && !isHoliday(day);
}

function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Working days strictly between two days, in O(holidays) rather than O(days). */
function workingDaysBetween(from: string, to: string, isHoliday: HolidayCheck): number {
  const first = addDays(from, 1);
  const span = daysBetween(first, to); // days in [first, to)
  if (span <= 0) return 0;
  const fullWeeks = Math.floor(span / 7);
  let count = fullWeeks * 5;
  let weekday = (weekdayOf(first) + fullWeeks * 7) % 7;
  for (let i = fullWeeks * 7; i < span; i++, weekday = (weekday + 1) % 7) if (weekday >= 1 && weekday <= 5) count++;
  for (let day = first; day < to; day = addDays(day, 1)) {
    // Only holidays matter here; walking the days is cheap next to Intl calls,
    // and the predicate is a Set lookup.
    if (isHoliday(day) && weekdayOf(day) >= 1 && weekdayOf(day) <= 5) count--;
  }
  return count;
}

function clampToWindow(minuteOfDay: number): number {
  return Math.min(CLOSE_MINUTE, Math.max(OPEN_MINUTE, minuteOfDay));
}

/**
 * Business minutes between two instants, rounded down. Daylight-saving changes
 * happen at night, outside 09:00–17:00, so local minutes inside the window are
 * real minutes.
 */
export function businessMinutesBetween(startMs: number, endMs: number, timeZone: string, isHoliday: HolidayCheck): number {
  if (endMs <= startMs) return 0;
  const a = localTime(startMs, timeZone);
  const b = localTime(endMs, timeZone);
  if (a.day === b.day) {
    if (!isWorkingDay(a.day, a.weekday, isHoliday)) return 0;
    return Math.floor(clampToWindow(b.minuteOfDay) - clampToWindow(a.minuteOfDay));
  }
  let total = 0;
  if (isWorkingDay(a.day, a.weekday, isHoliday)) total += CLOSE_MINUTE - clampToWindow(a.minuteOfDay);
  if (isWorkingDay(b.day, b.weekday, isHoliday)) total += clampToWindow(b.minuteOfDay) - OPEN_MINUTE;
  total += BUSINESS_DAY_MINUTES * workingDaysBetween(a.day, b.day, isHoliday);
  return Math.floor(total);
}
