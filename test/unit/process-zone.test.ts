// useProcessZone: the CLI runs in the business zone so that the wall clock of
// an instant comes from Date's local-time getters instead of an Intl formatter
// (~15 ms to create). Both must read every instant alike: every hour of forty
// years, and every minute around each daylight-saving change.
import { afterAll, describe, expect, it } from 'vitest';
import { localTime, useProcessZone, type LocalTime } from '../../src/rules/calendar.js';

const ZONE = 'Europe/Paris';
const HOUR = 3_600_000;
const zoneBefore = process.env.TZ;
afterAll(() => {
  process.env.TZ = zoneBefore;
});

function instants(): number[] {
  const out: number[] = [];
  for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2040, 0, 1); t += HOUR + 17_000) out.push(t);
  // The last Sundays of March and October, 00:00–03:00 UTC, minute by minute.
  for (let year = 2000; year < 2040; year++)
    for (const month of [2, 9]) {
      const last = new Date(Date.UTC(year, month + 1, 0));
      const sunday = Date.UTC(year, month, last.getUTCDate() - last.getUTCDay());
      for (let t = sunday; t < sunday + 3 * HOUR; t += 60_000) out.push(t, t + 59_999);
    }
  return out;
}

describe('the process zone', () => {
  it('reads every instant as the Intl formatter does', () => {
    const all = instants();
    const byIntl: LocalTime[] = all.map((t) => localTime(t, ZONE));
    useProcessZone(ZONE);
    expect(process.env.TZ).toBe(ZONE);
    const byDate = all.map((t) => localTime(t, ZONE));
    const differ = all.filter((_, i) => JSON.stringify(byDate[i]) !== JSON.stringify(byIntl[i]));
    expect(differ.map((t) => new Date(t).toISOString()).slice(0, 5)).toEqual([]);
    expect(all.length).toBeGreaterThan(350_000);
  });

  it('the process zone is read through Date, another zone through Intl', () => {
    useProcessZone(ZONE);
    // Proof that Date is used: the process's zone changed under it changes the answer.
    process.env.TZ = 'UTC';
    expect(localTime(Date.UTC(2026, 6, 1, 12), ZONE).minuteOfDay).toBe(12 * 60);
    process.env.TZ = ZONE;
    expect(localTime(Date.UTC(2026, 6, 1, 12), ZONE).minuteOfDay).toBe(14 * 60);
    expect(localTime(Date.UTC(2026, 6, 1, 12), 'America/New_York')).toEqual({ day: '2026-07-01', minuteOfDay: 8 * 60, weekday: 3 });
  });
});
