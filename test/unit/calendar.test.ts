import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  addDays,
  addMonths,
  assertTimeZone,
  daysBetween,
  dayStartInstant,
  instantOf,
  localDay,
  localTime,
  parseDay,
  parseInstant,
} from '../../src/rules/calendar.js';

const PARIS = 'Europe/Paris';

describe('calendar months', () => {
  it.each([
    // the SPEC's 24-month examples
    ['2024-03-31', 24, '2026-03-31'],
    ['2024-02-29', 24, '2026-02-28'],
    // a day missing in the target month becomes its last day
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    // plain cases, year rollover, going back
    ['2025-01-15', 48, '2029-01-15'],
    ['2024-12-15', 2, '2025-02-15'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-01-01', 0, '2026-01-01'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2029-01-15', -1, '2029-01-14'],
    ['2026-03-28', 2, '2026-03-30'], // across the spring DST change
  ])('%s + %i days = %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });

  it('counts days between two days', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-01-02', '2026-01-01')).toBe(-1);
  });
});

describe('dates typed by a user', () => {
  it('accepts exactly the real days of 1970–2199 (as a Date round trip says, 2000 and 2100 included)', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const refused: string[] = [];
    const wrong: string[] = [];
    for (let y = 1970; y <= 2199; y++)
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === text;
          let accepted = true;
          try {
            parseDay(text);
          } catch {
            accepted = false;
          }
          if (accepted !== real) (real ? refused : wrong).push(text);
        }
    expect({ refused, wrong }).toEqual({ refused: [], wrong: [] });
  });

  it.each(['2024-02-29', '2026-12-31', ' 2026-01-01 '])('%s is a date', (text) => {
    expect(parseDay(text)).toBe(text.trim());
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '26-01-01',
    '2026/01/01',
    '2026-1-1',
    'tomorrow',
    '',
  ])("'%s' is refused as INVALID_INPUT", (text) => {
    let error: unknown;
    try {
      parseDay(text, 'start date');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect((error as AppError).exitCode).toBe(6);
    expect((error as AppError).message).toContain('start date');
  });
});

describe('the business time zone', () => {
  it.each([
    ['2026-11-26T22:59:59Z', '2026-11-26'], // winter: UTC+1
    ['2026-11-26T23:00:00Z', '2026-11-27'],
    ['2026-07-01T21:59:59Z', '2026-07-01'], // summer: UTC+2
    ['2026-07-01T22:00:00Z', '2026-07-02'],
    ['2025-12-31T23:30:00Z', '2026-01-01'],
  ])('%s is on %s in Paris', (instant, day) => {
    expect(localDay(Date.parse(instant), PARIS)).toBe(day);
  });

  it('gives the local minute of the day and the weekday', () => {
    const t = localTime(Date.parse('2026-11-26T08:12:30Z'), PARIS);
    expect(t).toEqual({ day: '2026-11-26', minuteOfDay: 9 * 60 + 12.5, weekday: 4 });
  });

  it('finds the instant of a local time, across DST changes', () => {
    expect(new Date(instantOf('2026-11-26', 9 * 60, PARIS)).toISOString()).toBe('2026-11-26T08:00:00.000Z');
    expect(new Date(instantOf('2026-07-01', 9 * 60, PARIS)).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(new Date(instantOf('2026-03-29', 12 * 60, PARIS)).toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(new Date(instantOf('2026-10-25', 12 * 60, PARIS)).toISOString()).toBe('2026-10-25T11:00:00.000Z');
    expect(new Date(dayStartInstant('2026-03-29', PARIS)).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(dayStartInstant('2026-10-26', PARIS)).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('refuses an unknown zone as INVALID_INPUT', () => {
    expect(assertTimeZone('America/New_York')).toBe('America/New_York');
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
  });
});

describe('the years the desk handles (1970–2199)', () => {
  it.each(['1970-01-01', '2199-12-31'])('%s, at an end of the range, is a date', (text) => {
    expect(parseDay(text)).toBe(text);
  });

  it.each(['1969-12-31', '2200-01-01', '9999-12-31', '0001-01-01'])(
    "'%s' is refused as INVALID_INPUT, naming the range",
    (text) => {
      expect(() => parseDay(text, 'end date')).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6, hint: expect.stringContaining('1970–2199') }),
      );
    },
  );

  it('date arithmetic past year 9999 is INVALID_INPUT, not a crash', () => {
    expect(() => addDays('2026-11-26', 999_999_999)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(() => addMonths('2026-11-26', 100_000)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(addMonths('2199-12-31', 1200 + 24)).toBe('2301-12-31'); // the longest term and its frozen credit still compute
  });
});

describe('instants typed by a user', () => {
  it.each([
    ['2026-11-26T09:00:00Z', '2026-11-26T09:00:00.000Z'],
    ['2026-11-26T09:00Z', '2026-11-26T09:00:00.000Z'],
    ['2026-11-26T10:00:00.5+01:00', '2026-11-26T09:00:00.500Z'],
    ['2026-11-26T04:00:00-05:00', '2026-11-26T09:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(new Date(parseInstant(text)!).toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-30T10:00:00Z', // no 30 February (Date.parse rolls it over to 2 March)
    '2026-11-26T10:00:00', // no zone: it would follow the host's TZ
    '2026-11-26T24:00:00Z',
    '2026-11-26T10:60:00Z',
    '2026-11-26T10:00:00+15:00',
    '2026-11-26', // a day is not an instant unless the caller says where it starts
    '2999-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    'tomorrow',
  ])('%s is refused', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  it('reads 2026-11-20T14:03:00Z and …00.000Z (their quick path) exactly as with a t (the regular expression)', () => {
    const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const millis = fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 999 }).map((n) => `.${String(n).padStart(3, '0')}`),
    );
    const noise = fc.constantFrom('', 'x', '-', ' ', '9', '.');
    const text = fc
      .tuple(
        fc.integer({ min: 1900, max: 2300 }),
        twoDigits,
        twoDigits,
        twoDigits,
        twoDigits,
        twoDigits,
        millis,
        noise,
        fc.nat(23),
      )
      .map(([y, mo, d, h, mi, s, ms, junk, at]) => {
        const t = `${y}-${mo}-${d}T${h}:${mi}:${s}${ms}Z`;
        return junk ? t.slice(0, at) + junk + t.slice(at + junk.length) : t; // sometimes a character replaced
      });
    fc.assert(
      fc.property(text, (t) => parseInstant(t) === parseInstant(t.replace('T', 't'))),
      { numRuns: 5000 },
    );
  });

  it('a bare day is its start in the zone when the caller gives one', () => {
    expect(new Date(parseInstant('2026-11-26', (d) => dayStartInstant(d, PARIS))!).toISOString()).toBe(
      '2026-11-25T23:00:00.000Z',
    );
  });
});

describe('a day whose midnight does not exist (DST starting at 00:00)', () => {
  const SANTIAGO = 'America/Santiago';

  it('starts at its first instant, 01:00 local, not at 23:00 the day before', () => {
    // 2026-09-06 00:00 -04 jumps to 01:00 -03: the day begins at 04:00Z.
    const start = dayStartInstant('2026-09-06', SANTIAGO);
    expect(new Date(start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(localDay(start, SANTIAGO)).toBe('2026-09-06');
    expect(localDay(start - 1, SANTIAGO)).toBe('2026-09-05');
  });

  it('leaves ordinary days alone', () => {
    expect(new Date(dayStartInstant('2026-09-05', SANTIAGO)).toISOString()).toBe('2026-09-05T04:00:00.000Z');
    expect(new Date(dayStartInstant('2026-09-07', SANTIAGO)).toISOString()).toBe('2026-09-07T03:00:00.000Z');
  });
});
