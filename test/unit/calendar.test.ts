import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { addDays, addMonths, assertTimeZone, daysBetween, dayStartInstant, instantOf, localDay, localTime, parseDay } from '../../src/rules/calendar.js';

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
  it.each(['2024-02-29', '2026-12-31', ' 2026-01-01 '])('%s is a date', (text) => {
    expect(parseDay(text)).toBe(text.trim());
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026/01/01', '2026-1-1', 'tomorrow', ''])(
    "'%s' is refused as INVALID_INPUT",
    (text) => {
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
    },
  );
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
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }));
  });
});
