import { describe, expect, it } from 'vitest';
import {
  apportion,
  billTicket,
  changesNothing,
  fixDelivery,
  planHeldOn,
  type BillInput,
} from '../../src/rules/billing.js';

const fresh = { chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0, defect: false };

describe('billTicket: billable − already settled, covered by the balance, never below zero', () => {
  it.each<
    [
      string,
      BillInput,
      { previouslyChargedMinutes: number; chargedMinutes: number; waivedMinutes: number; uncoveredMinutes: number },
    ]
  >([
    [
      'nothing worked',
      { ...fresh, billableMinutes: 0, balanceMinutes: 60 },
      { previouslyChargedMinutes: 0, chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
    [
      'one slice, enough credit',
      { ...fresh, billableMinutes: 15, balanceMinutes: 60 },
      { previouslyChargedMinutes: 0, chargedMinutes: 15, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
    [
      'the SPEC uncovered case: 1h10 on 60 min',
      { ...fresh, billableMinutes: 75, balanceMinutes: 60 },
      { previouslyChargedMinutes: 0, chargedMinutes: 60, waivedMinutes: 0, uncoveredMinutes: 15 },
    ],
    [
      'no credit at all',
      { ...fresh, billableMinutes: 30, balanceMinutes: 0 },
      { previouslyChargedMinutes: 0, chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 30 },
    ],
    [
      'a negative balance is no credit',
      { ...fresh, billableMinutes: 30, balanceMinutes: -10 },
      { previouslyChargedMinutes: 0, chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 30 },
    ],
    [
      'billed twice charges once',
      { ...fresh, chargedMinutes: 30, billableMinutes: 30, balanceMinutes: 90 },
      { previouslyChargedMinutes: 30, chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
    [
      'reopened 10 + 10 min: 15 more',
      { ...fresh, chargedMinutes: 15, billableMinutes: 30, balanceMinutes: 90 },
      { previouslyChargedMinutes: 15, chargedMinutes: 15, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
    [
      'uncovered minutes are not reported twice, even once credit is bought',
      { ...fresh, chargedMinutes: 60, uncoveredMinutes: 15, billableMinutes: 75, balanceMinutes: 300 },
      { previouslyChargedMinutes: 75, chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
    [
      'reopened after an uncovered bill: only the extra slice',
      { ...fresh, chargedMinutes: 60, uncoveredMinutes: 15, billableMinutes: 90, balanceMinutes: 300 },
      { previouslyChargedMinutes: 75, chargedMinutes: 15, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
    [
      'a defect charges nothing and waives the would-be minutes',
      { ...fresh, defect: true, billableMinutes: 45, balanceMinutes: 60 },
      { previouslyChargedMinutes: 0, chargedMinutes: 0, waivedMinutes: 45, uncoveredMinutes: 0 },
    ],
    [
      'a defect billed twice waives once',
      { ...fresh, defect: true, waivedMinutes: 45, billableMinutes: 45, balanceMinutes: 60 },
      { previouslyChargedMinutes: 45, chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
    [
      'a defect reopened waives the extra slices',
      { ...fresh, defect: true, waivedMinutes: 15, billableMinutes: 30, balanceMinutes: 60 },
      { previouslyChargedMinutes: 15, chargedMinutes: 0, waivedMinutes: 15, uncoveredMinutes: 0 },
    ],
    [
      'a defect found after billing gives the charge back and waives the uncovered part',
      { ...fresh, defect: true, chargedMinutes: 60, uncoveredMinutes: 15, billableMinutes: 75, balanceMinutes: 0 },
      { previouslyChargedMinutes: 75, chargedMinutes: -60, waivedMinutes: 75, uncoveredMinutes: -15 },
    ],
    [
      'a waiver is final: minutes once waived are not charged after a close without --defect',
      { ...fresh, waivedMinutes: 15, billableMinutes: 30, balanceMinutes: 60 },
      { previouslyChargedMinutes: 15, chargedMinutes: 15, waivedMinutes: 0, uncoveredMinutes: 0 },
    ],
  ])('%s', (_label, input, expected) => {
    const outcome = billTicket(input);
    expect(outcome).toEqual(expected);
    // The ticket's totals after the bill always settle its billable minutes exactly.
    const after =
      input.chargedMinutes +
      input.waivedMinutes +
      input.uncoveredMinutes +
      outcome.chargedMinutes +
      outcome.waivedMinutes +
      outcome.uncoveredMinutes;
    expect(after).toBe(input.billableMinutes);
    expect(input.balanceMinutes - outcome.chargedMinutes).toBeGreaterThanOrEqual(Math.min(0, input.balanceMinutes));
  });

  it('changesNothing tells a bill that settles nothing', () => {
    expect(changesNothing({ chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 0 })).toBe(true);
    expect(changesNothing({ chargedMinutes: 0, waivedMinutes: 0, uncoveredMinutes: 15 })).toBe(false);
    expect(changesNothing({ chargedMinutes: -15, waivedMinutes: 15, uncoveredMinutes: 0 })).toBe(false);
  });
});

describe('rule 6: the fix owed by the plan held on the closing day', () => {
  const ai = { plan: 'all-inclusive', startsOn: '2024-01-01', endsOn: '2027-12-31' };
  const od = { plan: 'on-demand', startsOn: '2026-01-01', endsOn: '2026-12-31' };
  it.each([
    ['all-inclusive held', [ai], '2026-11-26', 'all-inclusive', 'hotfix'],
    ['on-demand held', [od], '2026-11-26', 'on-demand', 'next-release'],
    ['both held: all-inclusive wins', [od, ai], '2026-11-26', 'all-inclusive', 'hotfix'],
    ['on-demand lapsed the day before', [od], '2027-01-01', null, 'next-release'],
    ['all-inclusive on its last day', [ai], '2027-12-31', 'all-inclusive', 'hotfix'],
    ['never licensed', [], '2026-11-26', null, 'next-release'],
  ] as const)('%s', (_label, licences, day, plan, delivery) => {
    expect(planHeldOn(licences, day)).toBe(plan);
    expect(fixDelivery(planHeldOn(licences, day))).toBe(delivery);
  });
});

describe('apportion: largest remainder, parts add up to the total', () => {
  it.each([
    [75, [1, 1], [38, 37]],
    [30, [600_000, 300_000], [20, 10]],
    [15, [1, 1, 1], [5, 5, 5]],
    [15, [1, 1, 1, 1], [4, 4, 4, 3]],
    [100, [1, 2, 3], [17, 33, 50]],
    [0, [5, 7], [0, 0]],
    [45, [0, 0], [45, 0]],
    [45, [], []],
  ])('%i over %j → %j', (total, weights, parts) => {
    expect(apportion(total, weights)).toEqual(parts);
  });

  it('always sums to the total', () => {
    for (let total = 0; total < 200; total += 7)
      for (const weights of [
        [3, 5, 11],
        [1_234_567, 89, 4_000_000],
        [1, 1, 1, 1, 1, 1, 1],
      ]) {
        const parts = apportion(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every((p) => p >= 0)).toBe(true);
      }
  });
});
