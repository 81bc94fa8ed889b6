// Durations as people write them: 25m, 1h, 1h30m, 1h30, 1:30, 90 (minutes).
// A closed grammar on purpose: general-purpose parsers (ms, parse-duration)
// read "90" as milliseconds or accept "1.5 weeks", which must be refused here.
import { invalidInput } from '../errors.js';

// The minutes after hours are 0–59 (1h75 is a typo, not 2h15), as after a colon.
const FORMS =
  /^(?:(?<h>\d{1,5})h(?:(?<hm>[0-5]?\d)m?)?|(?<m>\d{1,7})m|(?<ch>\d{1,5}):(?<cm>[0-5]\d)|(?<bare>\d{1,7}))$/;

/** Minutes in a duration; `signed` accepts a leading + or − (credit adjustments). */
export function parseDuration(text: string, options: { signed?: boolean } = {}): number {
  const trimmed = text.trim().toLowerCase();
  let sign = 1;
  let body = trimmed;
  // U+2212 is how the command line passes a negative duration (see negativeDurations in src/cli/main.ts).
  if (options.signed && /^[+\-\u2212]/.test(trimmed)) {
    sign = trimmed.startsWith('+') ? 1 : -1;
    body = trimmed.slice(1);
  }
  const g = FORMS.exec(body)?.groups;
  if (!g) throw invalidInput(`invalid duration '${text}'`, 'use 25m, 1h, 1h30m, 1h30, 1:30 or 90 (minutes)');
  const minutes =
    g.h !== undefined
      ? Number(g.h) * 60 + Number(g.hm ?? 0)
      : g.m !== undefined
        ? Number(g.m)
        : g.ch !== undefined
          ? Number(g.ch) * 60 + Number(g.cm)
          : Number(g.bare);
  return sign * minutes;
}

/** 90 → "1h30", 25 → "0h25", -15 → "-0h15". */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minutes));
  return `${sign}${Math.floor(abs / 60)}h${String(abs % 60).padStart(2, '0')}`;
}

/** Worked seconds as h:mm:ss-free text: whole minutes shown, seconds only under a minute. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60 && seconds > 0) return `${seconds}s`;
  return formatMinutes(Math.floor(seconds / 60));
}
