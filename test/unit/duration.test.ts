import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { formatMinutes, formatSeconds, parseDuration } from '../../src/rules/duration.js';

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('durations as the SPEC writes them', () => {
  it.each([
    ['25m', 25],
    ['1h', 60],
    ['1h30m', 90],
    ['1h30', 90],
    ['1:30', 90],
    ['90', 90],
    ['1h05', 65],
    ['1h5m', 65],
    ['0:45', 45],
    ['2H', 120],
    [' 45m ', 45],
    ['0', 0],
  ])('%s → %i min', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each([
    '',
    '1.5h',
    '1h 30m',
    'abc',
    '30s',
    '1h60',
    '1h75m',
    '1:60',
    '1:5',
    ':30',
    'h30',
    '-5',
    '+30m',
    '1d',
    '90 min',
    '1,5h',
  ])("'%s' is refused as INVALID_INPUT (exit 6)", (text) => {
    const err = failure(() => parseDuration(text));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain(`'${text}'`);
    expect(err.hint).toMatch(/25m.*1h30/);
  });

  it.each([
    ['+30m', 30],
    ['-1h', -60],
    ['-1:30', -90],
    ['45', 45],
  ])('signed (credit adjustments): %s → %i', (text, minutes) => {
    expect(parseDuration(text, { signed: true })).toBe(minutes);
  });

  it.each(['--30m', '+-1h', '+'])("signed '%s' is refused", (text) => {
    expect(failure(() => parseDuration(text, { signed: true })).code).toBe('INVALID_INPUT');
  });

  it.each([
    [90, '1h30'],
    [25, '0h25'],
    [0, '0h00'],
    [60, '1h00'],
    [255, '4h15'],
    [6000, '100h00'],
    [-15, '-0h15'],
    [-90, '-1h30'],
  ])('%i min is shown as %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });

  it('formatting round-trips through parsing', () => {
    for (const minutes of [0, 1, 25, 59, 60, 61, 90, 255, 6000])
      expect(parseDuration(formatMinutes(minutes))).toBe(minutes);
  });

  it.each([
    [0, '0h00'],
    [1, '1s'],
    [59, '59s'],
    [60, '0h01'],
    [1260, '0h21'],
    [5399, '1h29'],
  ])('%i worked seconds are shown as %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
