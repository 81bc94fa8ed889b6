// Rule 8 at its edges: calendar months at month ends and in leap years, the
// last day of the 24 months and the day after, reactivations, several gaps.
import { describe, expect, it } from 'vitest';
import {
  creditOn,
  forfeitDays,
  forfeitedPartOfReversal,
  frozenUntil,
  unwrittenForfeits,
  validityOn,
  type LedgerLine,
  type Term,
} from '../../src/rules/credit-validity.js';

const line = (day: string, minutes: number, kind = 'purchase', reference: string | null = null): LedgerLine => ({
  day,
  minutes,
  kind,
  reference,
});
const term = (startsOn: string, endsOn: string): Term => ({ startsOn, endsOn });

describe('24 calendar months after endsOn', () => {
  it.each([
    ['2024-03-31', '2026-03-31'],
    ['2024-02-29', '2026-02-28'], // SPEC: no 29 February in 2026
    ['2024-01-31', '2026-01-31'],
    ['2023-08-31', '2025-08-31'],
    ['2024-04-30', '2026-04-30'],
    ['2026-02-28', '2028-02-28'], // into a leap year: still the 28th
    ['2027-02-28', '2029-02-28'],
    ['2025-12-31', '2027-12-31'],
  ])('endsOn %s → valid through %s', (endsOn, through) => {
    expect(frozenUntil(endsOn)).toBe(through);
  });

  it.each([
    // endsOn, day, validity
    ['2024-02-29', '2024-02-29', 'active'],
    ['2024-02-29', '2024-03-01', 'frozen'],
    ['2024-02-29', '2026-02-28', 'frozen'], // the last day of the 24 months
    ['2024-02-29', '2026-03-01', 'forfeited'], // the day after
    ['2024-03-31', '2026-03-31', 'frozen'],
    ['2024-03-31', '2026-04-01', 'forfeited'],
  ])('licence ending %s, on %s → %s', (endsOn, day, validity) => {
    expect(validityOn([term('2023-01-01', endsOn)], day).validity).toBe(validity);
  });

  it('the forfeit falls on the day after the 24 months', () => {
    expect(forfeitDays([term('2022-03-01', '2024-02-29')])).toEqual(['2026-03-01']);
    expect(forfeitDays([term('2022-04-01', '2024-03-31')])).toEqual(['2026-04-01']);
  });
});

describe('reactivation', () => {
  const lapsed = term('2020-01-01', '2023-12-31');

  it.each([
    ['2024-01-01', []], // a renewal touching the old licence: no gap at all
    ['2025-12-31', []], // on the last day of the 24 months: everything is kept
    ['2026-01-01', ['2026-01-01']], // the day after: too late
  ])('a new licence from %s → forfeits %o before the one after its own end', (startsOn, days) => {
    expect(forfeitDays([lapsed, term(startsOn, '2027-12-31')])).toEqual([...days, '2030-01-01']);
  });

  it('overlapping licences extend coverage to the latest end', () => {
    expect(
      forfeitDays([
        term('2020-01-01', '2023-12-31'),
        term('2021-06-01', '2024-05-31'),
        term('2022-01-01', '2022-12-31'),
      ]),
    ).toEqual(['2026-06-01']);
  });

  it('a reactivation after the forfeit keeps only credit bought from the forfeit day on', () => {
    const licences = [lapsed, term('2026-03-01', '2027-02-28')];
    const entries = [
      line('2023-05-10', 120),
      line('2023-06-01', -30, 'consumption'),
      line('2026-01-01', 60),
      line('2026-03-05', 60),
    ];
    const state = creditOn(licences, entries, '2026-03-05');
    // 90 held when 2026-01-01 began; the 60 bought that very day are not taken.
    expect(state.dueForfeits).toEqual([{ day: '2026-01-01', minutes: 90 }]);
    expect(state).toMatchObject({ balanceMinutes: 120, validity: 'active', validUntil: '2029-02-28' });
  });

  it('two gaps of more than 24 months: the second forfeit takes only what was bought between them', () => {
    const licences = [term('2015-01-01', '2015-12-31'), term('2019-01-01', '2019-12-31')];
    expect(forfeitDays(licences)).toEqual(['2018-01-01', '2022-01-01']);
    const entries = [line('2015-06-01', 300), line('2019-06-01', 60)];
    expect(unwrittenForfeits(licences, entries, '2026-01-01')).toEqual([
      { day: '2018-01-01', minutes: 300 },
      { day: '2022-01-01', minutes: 60 },
    ]);
    // Once the first is written, only the second is due.
    const written = [...entries, line('2018-01-01', -300, 'forfeit', '2018-01-01')];
    expect(unwrittenForfeits(licences, written, '2026-01-01')).toEqual([{ day: '2022-01-01', minutes: 60 }]);
  });

  it('nothing is due when nothing is held', () => {
    expect(
      unwrittenForfeits([lapsed], [line('2023-01-01', 60), line('2023-02-01', -60, 'consumption')], '2026-06-01'),
    ).toEqual([]);
  });
});

describe('licences recorded ahead of their start', () => {
  it('a reactivation booked for after the 24 months does not show lapsed credit as frozen', () => {
    const licences = [term('2018-01-01', '2020-12-31'), term('2027-01-01', '2027-12-31')];
    expect(validityOn(licences, '2026-11-26')).toEqual({ validity: 'forfeited', validUntil: '2029-12-31' });
    expect(creditOn(licences, [line('2020-06-01', 120)], '2026-11-26')).toMatchObject({
      balanceMinutes: 0,
      validity: 'forfeited',
    });
  });

  it('a reactivation booked within the 24 months keeps the credit frozen until it starts', () => {
    const licences = [term('2023-01-01', '2025-06-30'), term('2027-01-01', '2027-12-31')];
    expect(validityOn(licences, '2026-11-26')).toEqual({ validity: 'frozen', validUntil: '2029-12-31' });
    expect(forfeitDays(licences)).toEqual(['2030-01-01']);
  });

  it('only a licence to come: unlicensed, with the end of validity it will give', () => {
    expect(validityOn([term('2027-01-01', '2027-12-31')], '2026-11-26')).toEqual({
      validity: 'unlicensed',
      validUntil: '2029-12-31',
    });
  });
});

describe('licences recorded late (backdated)', () => {
  const lapsed: Term = { startsOn: '2020-01-01', endsOn: '2023-12-31', recordedOn: '2019-12-20' };
  it.each([
    ['recorded within the 24 months', '2025-12-31', []],
    ['recorded the day the forfeit happens', '2026-01-01', ['2026-01-01']],
    ['recorded months after', '2026-06-01', ['2026-01-01']],
  ])('a reactivation covering the gap, %s', (_label, recordedOn, forfeits) => {
    const reactivation: Term = { startsOn: '2025-06-01', endsOn: '2027-05-31', recordedOn };
    expect(forfeitDays([lapsed, reactivation]).filter((d) => d < '2027-06-01')).toEqual(forfeits);
  });
});

describe('a charge given back after a forfeit day (forfeitedPartOfReversal)', () => {
  const terms = [term('2020-01-01', '2023-12-31')]; // forfeit day 2026-01-01
  const charges = [line('2023-06-02', -30, 'consumption'), line('2026-01-01', -15, 'consumption')];
  it.each([
    ['2025-12-31', 45, 0], // before the forfeit day: everything comes back
    ['2026-01-01', 45, 30], // on it: what was charged before it is forfeited again
    ['2026-02-02', 45, 30],
    ['2026-02-02', 20, 20], // never more than what is given back
  ])('given back on %s, %i min: %i forfeited', (day, givenBack, forfeited) =>
    expect(forfeitedPartOfReversal(terms, charges, day, givenBack)).toBe(forfeited),
  );

  it('a reactivation in time means no forfeit; charges given back before count net', () => {
    expect(
      forfeitedPartOfReversal(
        [...terms, { startsOn: '2025-06-01', endsOn: '2026-05-31', recordedOn: '2025-06-01' }],
        charges,
        '2026-02-02',
        45,
      ),
    ).toBe(0);
    expect(forfeitedPartOfReversal(terms, [...charges, line('2024-01-10', 30, 'reversal')], '2026-02-02', 15)).toBe(0);
  });
});
