import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  autoStopAt,
  BUSINESS_DAY_MINUTES,
  CLOSE_MINUTE,
  OPEN_MINUTE,
  businessMinutesBetween,
  formatBusinessAge,
  holidaysFrom,
  isWorkingDay,
  type HolidayCheck,
} from '../../src/rules/business-time.js';
import { addDays, instantOf, localTime } from '../../src/rules/calendar.js';

// The French public holidays as the service caches them: from date-holidays, type 'public'.
const hd = new Holidays('FR');
const FR: HolidayCheck = holidaysFrom(
  Array.from({ length: 16 }, (_, i) => 2016 + i).flatMap((y) =>
    hd
      .getHolidays(y)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10)),
  ),
);
const NONE = holidaysFrom([]);
const PARIS = 'Europe/Paris';
const at = (iso: string) => Date.parse(iso);

describe('the holiday library gives the French public holidays', () => {
  it.each([
    ['2026-01-01', "New Year's Day"],
    ['2026-04-06', 'Easter Monday'],
    ['2026-05-01', 'Labour Day'],
    ['2026-05-08', 'Victory in Europe Day'],
    ['2026-05-14', 'Ascension'],
    ['2026-05-25', 'Whit Monday'],
    ['2026-07-14', 'Bastille Day'],
    ['2026-08-15', 'Assumption'],
    ['2026-11-01', "All Saints' Day"],
    ['2026-11-11', 'Armistice'],
    ['2026-12-25', 'Christmas'],
    ['2027-03-29', 'Easter Monday 2027'],
  ])('%s (%s) is a holiday', (day) => expect(FR.has(day)).toBe(true));

  it('ordinary days and observances are not holidays', () => {
    for (const day of [
      '2026-11-26',
      '2026-12-24',
      '2026-12-26',
      '2026-05-24' /* Pentecost Sunday: observance */,
      '2026-05-31' /* Mothers' Day */,
    ])
      expect(FR.has(day)).toBe(false);
  });

  it('counts the holidays falling on weekdays in a range', () => {
    // 2026: Jan 1 Thu, Apr 6 Mon, May 1 Fri, May 8 Fri, May 14 Thu, May 25 Mon, Jul 14 Tue, Aug 15 Sat, Nov 1 Sun, Nov 11 Wed, Dec 25 Fri.
    expect(FR.weekdaysIn('2026-01-01', '2027-01-01')).toBe(9);
    expect(FR.weekdaysIn('2026-05-01', '2026-05-08')).toBe(1); // [from, to)
    expect(FR.weekdaysIn('2026-12-26', '2026-12-31')).toBe(0);
    expect(FR.weekdaysIn('2026-12-31', '2026-01-01')).toBe(0);
  });

  it('a working day is Monday–Friday and not a holiday', () => {
    expect(isWorkingDay('2026-11-27', 5, FR)).toBe(true);
    expect(isWorkingDay('2026-11-28', 6, FR)).toBe(false);
    expect(isWorkingDay('2026-12-25', 5, FR)).toBe(false);
  });
});

describe('rule 9: queue ages in business time (Mon–Fri 09:00–17:00 Europe/Paris, French holidays off)', () => {
  // Instants in UTC; Paris is UTC+1 in winter, UTC+2 in summer.
  it.each([
    [
      'arrived Friday 16:55, seen Monday 09:30: 35 min, not a weekend',
      '2026-11-27T15:55:00Z',
      '2026-11-30T08:30:00Z',
      35,
    ],
    ['same day within the hours', '2026-11-26T09:00:00Z', '2026-11-26T11:10:00Z', 130],
    ['arrived before opening counts from 09:00', '2026-11-26T06:00:00Z', '2026-11-26T08:30:00Z', 30],
    ['arrived after closing counts from the next morning', '2026-11-23T17:00:00Z', '2026-11-24T08:15:00Z', 15],
    ['arrived on Saturday counts from Monday 09:00', '2026-11-28T09:00:00Z', '2026-11-30T09:00:00Z', 60],
    ['seen on Sunday: Friday 15:00–17:00 only', '2026-11-27T14:00:00Z', '2026-11-29T12:00:00Z', 120],
    ['a whole week is five business days', '2026-11-23T08:00:00Z', '2026-11-30T08:00:00Z', 5 * 480],
    ['seen after closing: the whole day', '2026-11-26T08:00:00Z', '2026-11-26T20:00:00Z', 480],
    ['Christmas (Friday 25 December) is off', '2026-12-24T15:00:00Z', '2026-12-28T09:00:00Z', 60 + 60],
    ['Easter Monday is off', '2026-04-03T14:00:00Z', '2026-04-07T07:30:00Z', 60 + 30],
    ['arrived on Ascension Thursday counts from Friday', '2026-05-14T08:00:00Z', '2026-05-15T08:00:00Z', 60],
    [
      '1 May on a Friday: Thursday evening to Monday morning is nothing',
      '2026-04-30T15:00:00Z',
      '2026-05-04T07:00:00Z',
      0,
    ],
    ['New Year: 31 Dec 16:00 to 2 Jan 10:00', '2025-12-31T15:00:00Z', '2026-01-02T09:00:00Z', 60 + 60],
    ['seconds are rounded down', '2026-11-26T08:00:00Z', '2026-11-26T08:00:59Z', 0],
    ['seconds add up across days', '2026-11-27T15:55:20Z', '2026-11-30T08:30:40Z', 35],
    ['the end before the start is 0', '2026-11-26T10:00:00Z', '2026-11-26T09:00:00Z', 0],
  ])('%s', (_label, from, to, minutes) => {
    expect(businessMinutesBetween(at(from), at(to), PARIS, FR)).toBe(minutes);
  });

  describe('a week with a daylight-saving change', () => {
    it.each([
      // Sunday 29 March 2026, 02:00 CET → 03:00 CEST.
      ['spring: Friday 16:00 CET to Monday 10:00 CEST', '2026-03-27T15:00:00Z', '2026-03-30T08:00:00Z', 120],
      [
        'spring: Monday 09:00 CET to Monday 09:00 CEST is five days',
        '2026-03-23T08:00:00Z',
        '2026-03-30T07:00:00Z',
        5 * 480,
      ],
      ['spring: the Monday after, 09:00–17:00 CEST, is 8 h', '2026-03-30T07:00:00Z', '2026-03-30T15:00:00Z', 480],
      // Sunday 25 October 2026, 03:00 CEST → 02:00 CET.
      ['autumn: Friday 16:00 CEST to Monday 10:00 CET', '2026-10-23T14:00:00Z', '2026-10-26T09:00:00Z', 120],
      [
        'autumn: Monday 09:00 CEST to Monday 09:00 CET is five days',
        '2026-10-19T07:00:00Z',
        '2026-10-26T08:00:00Z',
        5 * 480,
      ],
      ['autumn: Saturday to Monday 09:00 CET is nothing', '2026-10-24T10:00:00Z', '2026-10-26T08:00:00Z', 0],
    ])('%s', (_label, from, to, minutes) => {
      expect(businessMinutesBetween(at(from), at(to), PARIS, FR)).toBe(minutes);
    });
  });

  describe('ALIAS_SUPPORT_TZ: another business zone', () => {
    it('the same instants give New York hours', () => {
      // Friday 15:00 EST → Monday 09:30 EST: 120 + 30; in Paris Friday 21:00 → Monday 15:30: 0 + 390.
      expect(
        businessMinutesBetween(at('2026-11-27T20:00:00Z'), at('2026-11-30T14:30:00Z'), 'America/New_York', FR),
      ).toBe(150);
      expect(businessMinutesBetween(at('2026-11-27T20:00:00Z'), at('2026-11-30T14:30:00Z'), PARIS, FR)).toBe(390);
    });

    it('follows the zone’s own DST change (US: 8 March 2026)', () => {
      expect(
        businessMinutesBetween(at('2026-03-06T21:00:00Z'), at('2026-03-09T14:00:00Z'), 'America/New_York', FR),
      ).toBe(120);
    });

    it('the day changes at local midnight (Tokyo Friday 16:00 = 07:00Z)', () => {
      expect(businessMinutesBetween(at('2026-11-27T07:00:00Z'), at('2026-11-30T00:30:00Z'), 'Asia/Tokyo', FR)).toBe(
        60 + 30,
      );
    });
  });

  it('a ticket years old: every working day of 2019–2025 counted, holidays off', () => {
    // 2019-01-01 Tue (holiday) 09:00 Paris → 2026-01-01 Thu (holiday) 09:00.
    const days = [] as string[];
    for (let d = '2019-01-01'; d < '2026-01-01'; d = addDays(d, 1)) days.push(d);
    const working = days.filter((d) => isWorkingDay(d, new Date(`${d}T00:00:00Z`).getUTCDay(), FR)).length;
    expect(working).toBeGreaterThan(1700);
    expect(businessMinutesBetween(at('2019-01-01T08:00:00Z'), at('2026-01-01T08:00:00Z'), PARIS, FR)).toBe(
      working * BUSINESS_DAY_MINUTES,
    );
  });

  it('a ticket years old costs what a fresh one does (no walk over the days)', () => {
    let calls = 0;
    const counting: HolidayCheck = {
      has: (d) => (calls++, FR.has(d)),
      weekdaysIn: (f, t) => (calls++, FR.weekdaysIn(f, t)),
    };
    businessMinutesBetween(at('2016-01-04T08:00:00Z'), at('2026-11-26T09:00:00Z'), PARIS, counting);
    expect(calls).toBeLessThanOrEqual(3);
  });

  // An independent reference: walk the days and intersect with each day's 09:00–17:00 instants.
  function reference(startMs: number, endMs: number, tz: string, holidays: HolidayCheck): number {
    if (endMs <= startMs) return 0;
    let ms = 0;
    const last = localTime(endMs, tz).day;
    for (let d = localTime(startMs, tz).day; d <= last; d = addDays(d, 1)) {
      if (!isWorkingDay(d, new Date(`${d}T00:00:00Z`).getUTCDay(), holidays)) continue;
      const open = instantOf(d, OPEN_MINUTE, tz);
      const close = instantOf(d, CLOSE_MINUTE, tz);
      ms += Math.max(0, Math.min(endMs, close) - Math.max(startMs, open));
    }
    return Math.floor(ms / 60_000);
  }

  it('agrees with a day-by-day reference on random spans, zones and DST changes', () => {
    const second = 1000;
    fc.assert(
      fc.property(
        fc.integer({ min: at('2017-01-01T00:00:00Z') / second, max: at('2030-06-01T00:00:00Z') / second }),
        fc.integer({ min: 0, max: 40 * 86_400 }),
        fc.constantFrom(PARIS, 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'),
        fc.boolean(),
        (startS, spanS, tz, withHolidays) => {
          const [start, end] = [startS * second, (startS + spanS) * second];
          const holidays = withHolidays ? FR : NONE;
          expect(businessMinutesBetween(start, end, tz, holidays)).toBe(reference(start, end, tz, holidays));
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe('ages as people read them (a business day = 8 h)', () => {
  it.each([
    [0, '0h00'],
    [25, '0h25'],
    [130, '2h10'],
    [479, '7h59'],
    [480, '1d 0h'],
    [480 + 3 * 60 + 59, '1d 3h'],
    [2 * 480 + 40, '2d 0h'],
    [57 * 480 + 7 * 60, '57d 7h'],
  ])('%i min → %s', (minutes, text) => expect(formatBusinessAge(minutes)).toBe(text));
});

describe('a timer stops by itself (autoStopAt)', () => {
  const stop = (start: string) => new Date(autoStopAt(Date.parse(start), 'Europe/Paris', FR)).toISOString();
  it.each([
    ['2026-11-27T15:00:00Z', '2026-11-27T16:00:00.000Z'], // Friday 16:00 → 17:00
    ['2026-11-27T07:00:00Z', '2026-11-27T16:00:00.000Z'], // Friday 08:00, before opening → 17:00
    ['2026-11-27T16:00:00Z', '2026-11-27T23:00:00.000Z'], // Friday 17:00 → midnight
    ['2026-11-28T09:00:00Z', '2026-11-28T23:00:00.000Z'], // Saturday → midnight
    ['2026-12-25T09:00:00Z', '2026-12-25T23:00:00.000Z'], // Christmas → midnight
    ['2026-07-14T08:00:00Z', '2026-07-14T22:00:00.000Z'], // Bastille Day, summer time → midnight
    ['2026-07-15T08:00:00Z', '2026-07-15T15:00:00.000Z'], // summer time: 17:00 is 15:00 UTC
    ['2026-03-29T08:00:00Z', '2026-03-29T22:00:00.000Z'], // the Sunday summer time starts: midnight is 22:00 UTC
  ])('started %s: stops %s', (start, expected) => expect(stop(start)).toBe(expected));

  it('always after the start, within the same business day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }),
        (start) => {
          const end = autoStopAt(start, 'Europe/Paris', FR);
          expect(end).toBeGreaterThan(start);
          expect(localTime(end - 1, 'Europe/Paris').day).toBe(localTime(start, 'Europe/Paris').day);
        },
      ),
    );
  });
});
