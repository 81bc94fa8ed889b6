// followProcessZone: the CLI's entry point runs its process in the business
// zone (TZ), so that the wall clock of an instant comes from Date's local-time
// getters instead of an Intl formatter (~15 ms to create). Both must read every
// instant alike: every hour of forty years, and every minute around each
// daylight-saving change. Anywhere else (TZ another zone) Intl is used.
import { afterAll, describe, expect, it } from 'vitest';
import { followProcessZone, localTime, type LocalTime } from '../../src/rules/calendar.js';

const ZONE = 'Europe/Paris';
const HOUR = 3_600_000;
const zoneBefore = process.env.TZ;
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
  followProcessZone(ZONE);
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
    followProcessZone(ZONE, { TZ: 'UTC' });
    const byIntl: LocalTime[] = all.map((t) => localTime(t, ZONE));
    process.env.TZ = ZONE; // as bin/alias-support.js sets it
    followProcessZone(ZONE);
    const byDate = all.map((t) => localTime(t, ZONE));
    const differ = all.filter((_, i) => JSON.stringify(byDate[i]) !== JSON.stringify(byIntl[i]));
    expect(differ.map((t) => new Date(t).toISOString()).slice(0, 5)).toEqual([]);
    expect(all.length).toBeGreaterThan(350_000);
  });

  it('the process zone is read through Date, another zone through Intl', () => {
    process.env.TZ = ZONE;
    followProcessZone(ZONE);
    // Proof that Date is used: the process's zone changed under it changes the answer.
    process.env.TZ = 'UTC';
    expect(localTime(Date.UTC(2026, 6, 1, 12), ZONE).minuteOfDay).toBe(12 * 60);
    process.env.TZ = ZONE;
    expect(localTime(Date.UTC(2026, 6, 1, 12), ZONE).minuteOfDay).toBe(14 * 60);
    expect(localTime(Date.UTC(2026, 6, 1, 12), 'America/New_York')).toEqual({
      day: '2026-07-01',
      minuteOfDay: 8 * 60,
      weekday: 3,
    });
  });

  it('a process running in another zone reads the business zone through Intl, and sets nothing', () => {
    process.env.TZ = 'UTC';
    followProcessZone(ZONE);
    expect(process.env.TZ).toBe('UTC');
    expect(localTime(Date.UTC(2026, 6, 1, 12), ZONE).minuteOfDay).toBe(14 * 60);
  });
});
