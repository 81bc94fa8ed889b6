import { describe, expect, it } from 'vitest';
import { isPlan, licenceEnd } from '../../src/rules/licence-term.js';

describe('an all-inclusive licence lasts 4 years, endsOn inclusive', () => {
  it.each([
    ['2025-01-15', '2029-01-14'], // the README / smoke example
    ['2026-01-01', '2029-12-31'],
    ['2024-02-29', '2028-02-28'], // starts on 29 Feb: the day before 2028-02-29
    ['2024-03-01', '2028-02-29'], // ends on 29 Feb of a leap year
    ['2023-03-01', '2027-02-28'], // no 29 Feb in 2027
    ['2096-02-29', '2100-02-28'], // 2100 is not a leap year: no 29 Feb, so its last day
  ])('starting %s → ends %s', (start, end) => {
    expect(licenceEnd('all-inclusive', start, {})).toBe(end);
  });

  it('refuses a term given by hand', () => {
    expect(() => licenceEnd('all-inclusive', '2026-01-01', { months: 12 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => licenceEnd('all-inclusive', '2026-01-01', { endsOn: '2026-12-31' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe("a term of N months ends the day before the same day N months later, or that month's last day (SPEC examples)", () => {
  it.each([
    ['2025-01-15', 48, '2029-01-14'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-28', 1, '2026-02-27'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2024-01-30', 1, '2024-02-29'],
    ['2026-12-31', 2, '2027-02-28'],
  ])('starting %s for %i months → ends %s', (start, months, end) => {
    expect(licenceEnd('on-demand', start, { months })).toBe(end);
  });
});

describe("an on-demand licence's term is given when it is recorded", () => {
  it.each([
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-01-15', 1, '2026-02-14'],
    ['2026-03-01', 1, '2026-03-31'],
    ['2024-02-01', 1, '2024-02-29'],
    ['2026-01-31', 1, '2026-02-28'], // February has no 31st: its last day, no gap before a renewal from 1 March
    ['2025-06-30', 48, '2029-06-29'],
    ['2026-01-01', 1200, '2125-12-31'], // the longest term accepted: a century
  ])('--months: starting %s for %i months → ends %s', (start, months, end) => {
    expect(licenceEnd('on-demand', start, { months })).toBe(end);
  });

  it.each([
    ['2026-01-01', '2026-06-30'],
    ['2026-01-01', '2026-01-01'], // a one-day licence
  ])('--end: starting %s → ends %s as given', (start, end) => {
    expect(licenceEnd('on-demand', start, { endsOn: end })).toBe(end);
  });

  it.each([
    ['no term', {}],
    ['both --months and --end', { months: 12, endsOn: '2026-12-31' }],
    ['an end before the start', { endsOn: '2025-12-31' }],
    ['0 months', { months: 0 }],
    ['a fraction of a month', { months: 1.5 }],
    ['more than 1200 months (a century)', { months: 1201 }],
    ['100000 months', { months: 100_000 }],
  ])('refuses %s as INVALID_INPUT', (_label, term) => {
    expect(() => licenceEnd('on-demand', '2026-01-01', term)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
  });
});

describe('plans', () => {
  it('knows the two plans only', () => {
    expect(isPlan('all-inclusive')).toBe(true);
    expect(isPlan('on-demand')).toBe(true);
    expect(isPlan('premium')).toBe(false);
    expect(isPlan('All-Inclusive')).toBe(false);
  });
});
