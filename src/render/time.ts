// Instants for people: the wall clock of the business time zone
// (ALIAS_SUPPORT_TZ, default Europe/Paris), `2026-11-26 10:00`, never UTC with
// a Z. JSON keeps ISO-8601 UTC; a person at a French desk reads Paris time.
import { localTime } from '../rules/calendar.js';

const two = (n: number): string => String(Math.floor(n)).padStart(2, '0');

/** `YYYY-MM-DD HH:MM` in `timeZone`; `—` for no instant. */
export function localInstant(instant: string | number | null, timeZone: string): string {
  if (instant === null) return '—';
  const t = localTime(typeof instant === 'number' ? instant : Date.parse(instant), timeZone);
  return `${t.day} ${two(t.minuteOfDay / 60)}:${two(t.minuteOfDay % 60)}`;
}
