// Calendar days ('YYYY-MM-DD') and the business time zone. Pure: the day of
// an instant depends only on the instant and the zone.
import { invalidInput } from '../errors.js';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years a date or instant typed by a user (options, imports,
 * ALIAS_SUPPORT_NOW) may fall in. Instants are stored as milliseconds since
 * 1970 and no desk predates that; 2199 is far past any real licence, yet
 * leaves a century-long term (MAX_TERM_MONTHS in licence-term.ts) and its 24
 * months of frozen credit inside four-digit years, which `YYYY-MM-DD` and
 * ISO-8601 JSON need. A year such as 9999 is a "for ever" that would break
 * every date computed from it (and load centuries of holidays).
 */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2199;
const YEARS = `years ${MIN_YEAR}–${MAX_YEAR}`;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether y-mo-d is a real calendar day within MIN_YEAR..MAX_YEAR (no 02-30): arithmetic, no Date (an import checks a million). */
function isDay(y: number, mo: number, d: number): boolean {
  if (!(y >= MIN_YEAR && y <= MAX_YEAR && mo >= 1 && mo <= 12 && d >= 1)) return false; // NaN too
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]!);
}

export function parseDay(text: string, what = 'date'): string {
  const m = ISO_DAY.exec(text.trim());
  if (m && isDay(Number(m[1]), Number(m[2]), Number(m[3]))) return text.trim();
  throw invalidInput(`invalid ${what} '${text}'`, `dates are YYYY-MM-DD, ${YEARS}`);
}

// 2026-11-20T14:03:00Z, …T14:03Z, …T14:03:00.123+01:00, or a bare date.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

/** What an instant typed by a user must look like, for error hints. */
export const INSTANT_FORM = `a real date and time with its zone, Z or ±hh:mm, ${YEARS}: e.g. 2026-11-26T09:00:00Z`;

/**
 * The instant of an ISO-8601 text, or undefined when it is not a real calendar
 * instant within the years handled. A time needs its zone: without one it
 * would follow the host's TZ. A bare date is accepted only when `dayStart`
 * says where a day begins (the business zone's midnight).
 */
export function parseInstant(text: string, dayStart?: (day: string) => number): number | undefined {
  if (text.length === 20 || text.length === 24) {
    const utc = utcInstant(text);
    if (utc !== undefined) return utc;
  }
  const m = INSTANT.exec(text);
  if (!m || !isDay(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  if (m[4] === undefined) return dayStart?.(`${m[1]}-${m[2]}-${m[3]}`);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8]!;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (oh > 14 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + ((h * 60 + mi - offsetMinutes) * 60 + s) * 1000 + ms;
}

/** Digits at text[from, from + count) as a number; NaN if one is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The common forms, 2026-11-20T14:03:00Z and 2026-11-20T14:03:00.000Z (as
 * toISOString writes), read without the regular expression (an import reads
 * a million); undefined for any other text, which parseInstant then reads as
 * before.
 */
function utcInstant(text: string): number | undefined {
  const c = (i: number) => text.charCodeAt(i);
  const millis = text.length === 24;
  // - - T : : then Z, or .sssZ
  if (c(4) !== 45 || c(7) !== 45 || c(10) !== 84 || c(13) !== 58 || c(16) !== 58) return undefined;
  if (millis ? c(19) !== 46 || c(23) !== 90 : c(19) !== 90) return undefined;
  const [y, mo, d, h, mi, s] = [
    digits(text, 0, 4),
    digits(text, 5, 2),
    digits(text, 8, 2),
    digits(text, 11, 2),
    digits(text, 14, 2),
    digits(text, 17, 2),
  ];
  const ms = millis ? digits(text, 20, 3) : 0;
  // NaN fails every comparison: a non-digit is left to the regular expression, which refuses it.
  if (!(h <= 23 && mi <= 59 && s <= 59 && ms >= 0) || !isDay(y, mo, d)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

function toUtc(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** Arithmetic on valid days leaves four-digit years only for absurd counts (`--expiring-within 999999999`). */
function fromUtc(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999))
    throw invalidInput('a date past year 9999 cannot be computed', 'use a smaller number of days or months');
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

/** The business zone when this process runs in it (followProcessZone): Date's local-time getters then read it. */
let processZone: string | undefined;

/**
 * Reads wall clocks in `timeZone` through Date's local-time getters (ICU's
 * zone rules, as Intl's) when the process runs in that zone (TZ: the CLI's
 * entry point sets it to the business zone), instead of an
 * Intl.DateTimeFormat, whose creation loads ICU's locale data and costs
 * ~15 ms, more than the rest of a command. Any other process keeps Intl.
 */
export function followProcessZone(timeZone: string, env: NodeJS.ProcessEnv = process.env): void {
  processZone = env.TZ === timeZone ? timeZone : undefined;
}

/** The default zone is known: checking it would cost the Intl load that followProcessZone avoids. */
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

/**
 * The first instant of a local day. Where DST starts at midnight (America/Santiago,
 * 2026-09-06: 00:00 jumps to 01:00), instantOf(day, 0) lands in the gap, an hour
 * before on the previous day: the day then begins at the change, found by bisection.
 */
export function dayStartInstant(day: string, timeZone: string): number {
  const t = instantOf(day, 0, timeZone);
  const before = localTime(t, timeZone);
  if (before.day === day) return t;
  let [lo, hi] = [t, t + Math.ceil((24 * 60 - before.minuteOfDay) * 60_000)];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) < day) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * When work started, as `time add --at` takes it: `HH:MM` on the day of `now`
 * in the business zone, or an instant with its zone.
 */
export function parseStart(text: string, now: number, timeZone: string): number {
  const clock = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const at = clock
    ? Number(clock[1]) <= 23 && Number(clock[2]) <= 59
      ? instantOf(localDay(now, timeZone), Number(clock[1]) * 60 + Number(clock[2]), timeZone)
      : undefined
    : parseInstant(text.trim());
  if (at === undefined) throw invalidInput(`invalid start '${text}'`, `HH:MM today, or ${INSTANT_FORM}`);
  return at;
}
