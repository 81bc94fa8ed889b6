import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/render/csv.js';

describe('CSV writer', () => {
  it('neutralises text cells a spreadsheet would run as formulas, not numbers', () => {
    const csv = toCsv(
      ['note', 'minutes'],
      [
        ['=HYPERLINK("http://x")', -15],
        ['+33 1 23', 30],
        ['-rm', 0],
        ['@SUM(A1)', 1],
        ['ok', 2],
      ],
    );
    const rows = parse(csv);
    expect(rows.slice(1)).toEqual([
      [`'=HYPERLINK("http://x")`, '-15'],
      [`'+33 1 23`, '30'],
      [`'-rm`, '0'],
      [`'@SUM(A1)`, '1'],
      ['ok', '2'],
    ]);
  });

  it('quotes commas, quotes and newlines', () => {
    const rows = parse(toCsv(['a'], [['x, "y"\nz']]));
    expect(rows[1]).toEqual(['x, "y"\nz']);
  });
});
