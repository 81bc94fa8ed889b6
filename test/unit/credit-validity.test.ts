import { describe, expect, it } from 'vitest';
import {
  creditOn,
  forfeitDays,
  frozenUntil,
  isLicensedOn,
  validityOn,
  type LedgerLine,
} from '../../src/rules/credit-validity.js';

const L2020 = { startsOn: '2020-01-01', endsOn: '2023-12-31' };

describe('licensed on day D: startsOn ≤ D ≤ endsOn', () => {
  it.each([
    ['2019-12-31', false],
    ['2020-01-01', true],
    ['2023-12-31', true],
    ['2024-01-01', false],
  ])('%s → %s', (day, licensed) => {
    expect(isLicensedOn([L2020], day)).toBe(licensed);
  });

  it('any one licence is enough', () => {
    const renewal = { startsOn: '2026-03-01', endsOn: '2030-02-28' };
    expect(isLicensedOn([L2020, renewal], '2027-06-01')).toBe(true);
    expect(isLicensedOn([L2020, renewal], '2025-06-01')).toBe(false);
    expect(isLicensedOn([], '2025-06-01')).toBe(false);
  });
});

describe('credit validity: active, frozen for 24 calendar months, then forfeited', () => {
  it.each([
    ['2023-12-31', 'active'], // last day covered
    ['2024-01-01', 'frozen'], // the day after endsOn
    ['2025-12-31', 'frozen'], // endsOn + 24 months: last day of validity
    ['2026-01-01', 'forfeited'],
  ])('licence ending 2023-12-31, on %s → %s', (day, validity) => {
    expect(validityOn([L2020], day)).toEqual({ validity, validUntil: '2025-12-31' });
  });

  it.each([
    ['2024-03-31', '2026-03-31'],
    ['2024-02-29', '2026-02-28'],
  ])('SPEC: endsOn %s → valid through %s', (endsOn, through) => {
    expect(frozenUntil(endsOn)).toBe(through);
    const licence = { startsOn: '2022-01-01', endsOn };
    expect(validityOn([licence], through).validity).toBe('frozen');
    const dayAfter = new Date(Date.parse(`${through}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(validityOn([licence], dayAfter).validity).toBe('forfeited');
  });

  it('a client without any licence is unlicensed, with no end of validity', () => {
    expect(validityOn([], '2026-11-26')).toEqual({ validity: 'unlicensed', validUntil: null });
  });

  it('validUntil follows the latest endsOn, also for an active client', () => {
    const renewal = { startsOn: '2024-01-01', endsOn: '2027-12-31' };
    expect(validityOn([L2020, renewal], '2026-11-26')).toEqual({ validity: 'active', validUntil: '2029-12-31' });
  });

  it('a reactivation within the 24 months makes frozen credit usable again', () => {
    const reactivation = { startsOn: '2025-06-01', endsOn: '2026-05-31' };
    expect(validityOn([L2020, reactivation], '2025-06-01').validity).toBe('active');
    expect(forfeitDays([L2020, reactivation])).toEqual(['2028-06-01']);
  });
});

describe('forfeits, derived from the data', () => {
  const purchase = (day: string, minutes: number): LedgerLine => ({ day, minutes, kind: 'purchase', reference: null });

  it('SPEC example: 120 min of 2023 forfeited on 2026-01-01; 60 min bought on 2026-03-05 are kept', () => {
    const licences = [L2020, { startsOn: '2026-03-01', endsOn: '2027-02-28' }];
    const entries = [purchase('2023-05-10', 120), purchase('2026-03-05', 60)];
    expect(forfeitDays(licences)).toContain('2026-01-01');
    const state = creditOn(licences, entries, '2026-03-05');
    expect(state.dueForfeits).toEqual([{ day: '2026-01-01', minutes: 120 }]);
    expect(state.balanceMinutes).toBe(60);
    expect(state.validity).toBe('active');
  });

  it('the reactivation recorded after the 24 months does not bring the credit back', () => {
    const late = [L2020, { startsOn: '2026-01-01', endsOn: '2026-12-31' }];
    expect(creditOn(late, [purchase('2023-05-10', 120)], '2026-01-01').balanceMinutes).toBe(0);
    const inTime = [L2020, { startsOn: '2025-12-31', endsOn: '2026-12-31' }];
    expect(creditOn(inTime, [purchase('2023-05-10', 120)], '2026-01-01').balanceMinutes).toBe(120);
  });

  it('nothing is forfeited before its day, and a written forfeit is not counted twice', () => {
    const entries = [purchase('2023-05-10', 120)];
    expect(creditOn([L2020], entries, '2025-12-31')).toMatchObject({
      balanceMinutes: 120,
      validity: 'frozen',
      dueForfeits: [],
    });
    const written = [...entries, { day: '2026-01-01', minutes: -120, kind: 'forfeit', reference: '2026-01-01' }];
    expect(creditOn([L2020], written, '2026-02-01')).toMatchObject({
      balanceMinutes: 0,
      validity: 'forfeited',
      dueForfeits: [],
    });
  });
});
