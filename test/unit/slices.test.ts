import { describe, expect, it } from 'vitest';
import { billableMinutes, slicesFor, workedSeconds } from '../../src/rules/slices.js';

describe('rule 5: 15-minute slices, every slice started is counted', () => {
  it.each([
    ['0 s', 0, 0, 0],
    ['1 s', 1, 1, 15],
    ['15:00', 15 * 60, 1, 15],
    ['15:01', 15 * 60 + 1, 2, 30],
    ['44:59', 44 * 60 + 59, 3, 45],
    ['2 h', 2 * 3600, 8, 120],
  ])('%s → %i slices, %i min', (_label, seconds, slices, minutes) => {
    expect(slicesFor(seconds)).toBe(slices);
    expect(billableMinutes(seconds)).toBe(minutes);
  });

  it('rounds the total, never per session: two sessions of 5 min bill 15', () => {
    const sessions = [5 * 60_000, 5 * 60_000];
    expect(billableMinutes(workedSeconds(sessions.reduce((a, b) => a + b, 0)))).toBe(15);
    expect(sessions.map((ms) => billableMinutes(workedSeconds(ms))).reduce((a, b) => a + b)).toBe(30);
  });

  it('worked seconds are rounded down to the whole second', () => {
    expect(workedSeconds(900_999)).toBe(900);
    expect(billableMinutes(workedSeconds(900_999))).toBe(15);
    expect(workedSeconds(-5)).toBe(0);
  });
});
