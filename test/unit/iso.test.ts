// iso(): the text of Date's toISOString, counted instead of asked of Date.
import { describe, expect, it } from 'vitest';
import { iso, isoOrNull } from '../../src/services/context.js';

describe('iso', () => {
  it("is Date's toISOString for any instant: ms, day ends, leap days, fractions, years 1970 to 9999", () => {
    const edges = [
      0, -0, 1, 999, 1000, 59_999, 60_000, 3_599_999, 86_399_999, 86_400_000, 951_782_400_000 /* 2000-02-29 */,
      1_764_151_200_000, 1_764_151_200_000.9, 253_402_300_799_999,
    ];
    for (const ms of edges) expect(iso(ms)).toBe(new Date(ms).toISOString());
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const ms = i % 2 ? Math.floor(random() * 253_402_300_800_000) : 1.7e12 + Math.floor(random() * 1e11);
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("leaves Date's own text outside years 1970 to 9999, and its RangeError for an invalid instant", () => {
    for (const ms of [-1, -86_400_001, 253_402_300_800_000, 8.64e15, -8.64e15])
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    expect(() => iso(Number.NaN)).toThrow(RangeError);
    expect(isoOrNull(null)).toBeNull();
  });
});
