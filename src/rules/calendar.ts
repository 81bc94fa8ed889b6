// Calendar days ('YYYY-MM-DD') and the business time zone. Pure: the day of
// an instant depends only on the instant and the zone.
import { invalidInput } from '../errors.js';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDay(text: string, what = 'date'): string {
  const m = ISO_DAY.exec(text.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const back = new Date(Date.UTC(y, mo - 1, d));
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return text.trim();
  }
  throw invalidInput(`invalid ${what} '${text}'`, 'dates are YYYY-MM-DD');
}

function toUtc(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return fromUtc(new Date(toUtc(day).getTime() + days * DAY_MS));
}

/** Calendar months; a day missing in the target month becomes its last day (2024-02-29 + 24 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const firstOfTarget = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0)).getUTCDate();
  firstOfTarget.setUTCDate(Math.min(d, lastDay));
  return fromUtc(firstOfTarget);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** The zone this process's Date local-time getters follow, once useProcessZone set it. */
let processZone: string | undefined;

/**
 * Runs the process in `timeZone` (TZ): the wall clock of an instant then comes
 * from Date's local-time getters (ICU's zone rules, as Intl's) instead of an
 * Intl.DateTimeFormat, whose creation loads ICU's locale data and costs ~15 ms,
 * more than the rest of a command. For a process of its own (the CLI) only.
 */
export function useProcessZone(timeZone: string): void {
  process.env.TZ = timeZone;
  processZone = timeZone;
}

/** The default zone is known: checking it would cost the Intl load that useProcessZone avoids. */
export function assertTimeZone(timeZone: string): string {
  if (timeZone === DEFAULT_TIME_ZONE) return timeZone;
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    throw invalidInput(`unknown time zone '${timeZone}'`, 'use an IANA name such as Europe/Paris');
  }
}

export interface LocalTime {
  day: string;
  /** minutes since local midnight */
  minuteOfDay: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export function localTime(instantMs: number, timeZone: string): LocalTime {
  if (timeZone === processZone) {
    const d = new Date(instantMs);
    const day = `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    return { day, minuteOfDay: d.getHours() * 60 + d.getMinutes() + d.getSeconds() / 60, weekday: d.getDay() };
  }
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return {
    day,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60,
    weekday: toUtc(day).getUTCDay(),
  };
}

export function localDay(instantMs: number, timeZone: string): string {
  return localTime(instantMs, timeZone).day;
}

/** The instant of a local wall-clock time (minute of day) on a day in a zone. */
export function instantOf(day: string, minuteOfDay: number, timeZone: string): number {
  const guess = toUtc(day).getTime() + minuteOfDay * 60_000;
  // Two corrections reach the zone's offset, even across a DST change.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(t, timeZone);
    const shownMs = toUtc(lt.day).getTime() + Math.round(lt.minuteOfDay * 60_000);
    t += guess - shownMs;
  }
  return t;
}

export function dayStartInstant(day: string, timeZone: string): number {
  return instantOf(day, 0, timeZone);
}
