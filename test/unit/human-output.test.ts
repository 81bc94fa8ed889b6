// The conventions every human (non --json) output shares: instants in the
// business time zone, flagged credit, borderless tables, 80 columns.
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/render/maintenance.js';
import { creditText, makeChalk, validityText } from '../../src/render/style.js';
import { renderTable } from '../../src/render/table.js';
import { localInstant } from '../../src/render/time.js';

const plain = makeChalk(0);

describe('instants are the business zone’s wall clock, never UTC with a Z', () => {
  it.each([
    ['2026-11-26T09:00:00.000Z', 'Europe/Paris', '2026-11-26 10:00'], // winter: UTC+1
    ['2026-07-14T09:00:00.000Z', 'Europe/Paris', '2026-07-14 11:00'], // summer: UTC+2
    ['2026-03-29T00:59:00.000Z', 'Europe/Paris', '2026-03-29 01:59'], // the minute before the change
    ['2026-03-29T01:00:00.000Z', 'Europe/Paris', '2026-03-29 03:00'],
    ['2026-11-26T23:30:00.000Z', 'Europe/Paris', '2026-11-27 00:30'], // the next local day
    ['2026-11-26T09:00:00.000Z', 'America/Montreal', '2026-11-26 04:00'],
    [Date.UTC(2026, 10, 26, 9, 5), 'UTC', '2026-11-26 09:05'],
    [null, 'Europe/Paris', '—'],
  ])('%s in %s → %s', (instant, zone, shown) => expect(localInstant(instant, zone)).toBe(shown));
});

describe('credit reads as a duration, flagged when a take is at risk', () => {
  it.each([
    [300, '5h00'],
    [30, '0h30'],
    [29, '0h29 low'],
    [15, '0h15 low'],
    [0, 'none'],
  ])('%i min → %j', (minutes, shown) => expect(creditText(plain, minutes)).toBe(shown));

  it('validity as a word with its last day; a forfeit has none', () => {
    expect(validityText(plain, 'frozen', '2027-06-30')).toBe('frozen until 2027-06-30');
    // An active client's validUntil is not its licence's end: not shown.
    expect(validityText(plain, 'active', '2031-01-14')).toBe('active');
    expect(validityText(plain, 'forfeited', '2025-10-31')).toBe('forfeited');
    expect(validityText(plain, 'unlicensed', null)).toBe('unlicensed');
  });

  it('colour when asked: low in yellow, none in red', () => {
    const c = makeChalk(1);
    expect(creditText(c, 15)).toBe(`0h15 ${c.yellow('low')}`);
    expect(creditText(c, 0)).toBe(c.red('none'));
  });
});

describe('tables', () => {
  it('no borders: columns two spaces apart, right-aligned figures, no trailing spaces', () => {
    const out = renderTable(
      plain,
      [{ head: 'client' }, { head: 'credit', align: 'right' }],
      [
        ['C042', '4h15'],
        ['C1', '10h00'],
      ],
    );
    expect(out).toBe(['client  credit', 'C042      4h15', 'C1       10h00'].join('\n'));
  });

  it('the table adds no colour of its own; chalk bolds the heads only when asked', () => {
    expect(renderTable(plain, [{ head: 'a' }], [['x']])).not.toContain('\u001b');
    expect(renderTable(makeChalk(1), [{ head: 'a' }], [['x']])).toContain('\u001b[1ma\u001b[22m');
  });
});

describe('db check fits 80 columns', () => {
  it('long descriptions wrap under themselves', () => {
    const description =
      'each ticket’s charged minutes equal its ledger charges less reversals, and its totals equal the sums of its bills';
    const out = checkReport(
      {
        database: '/srv/desk.db',
        quick: false,
        ok: true,
        checks: [{ name: 'ticket-charges', description, findings: 0 }],
        findings: [],
      },
      plain,
    );
    const lines = out.split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^ {2}✓ ok {3}ticket-charges {2}each ticket’s/);
    expect(lines[2]).toMatch(/^ {25}\S/);
    expect(lines.slice(1, -2).join(' ').replace(/\s+/g, ' ')).toContain(description);
  });
});

describe('db check --quick says what it ran', () => {
  it('the integrity line names quick_check and what it leaves out', () => {
    const report = {
      database: '/srv/desk.db',
      quick: true,
      ok: true,
      checks: [
        { name: 'integrity', description: 'SQLite integrity_check: pages, indexes and records are sound', findings: 0 },
      ],
      findings: [],
    };
    const out = checkReport(report, plain);
    expect(out.split('\n')[0]).toBe('Quick check of /srv/desk.db');
    expect(out).toMatch(/integrity +SQLite quick_check: pages and records are sound/);
    expect(out).toContain('quick_check');
    expect(out).not.toContain('integrity_check');
    expect(checkReport({ ...report, quick: false }, plain).split('\n')[0]).toBe('Checking /srv/desk.db');
  });
});
