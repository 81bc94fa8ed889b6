// Rules 5 and 6 at billing time: what one bill of a resolved ticket changes,
// and which fix a software defect is owed. Pure: no I/O.
//
// A ticket's billable minutes are settled once each: charged to the credit,
// waived (software defect) or reported uncovered (invoiced separately). A bill
// settles only what earlier bills did not, so billing twice charges once, a
// reopened ticket pays only its extra slices, and uncovered minutes are never
// reported twice. The invariant after every bill:
//   billable = charged + waived + uncovered  (the ticket's totals)
import type { Plan } from './licence-term.js';

export interface Settled {
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
}

export interface BillInput extends Settled {
  /** 15 × slices of the ticket's total worked time, now */
  billableMinutes: number;
  defect: boolean;
  /** the client's balance before this bill (net of forfeits due) */
  balanceMinutes: number;
}

/** What one bill adds to the ticket's totals (signed: a defect found after billing gives back). */
export interface BillOutcome extends Settled {
  /** minutes settled by earlier bills: charged + waived + uncovered */
  previouslyChargedMinutes: number;
}

export function billTicket(input: BillInput): BillOutcome {
  const previouslyChargedMinutes = input.chargedMinutes + input.waivedMinutes + input.uncoveredMinutes;
  if (input.defect) {
    // docs/terms.md §6: the whole ticket is free, whatever earlier bills did.
    return {
      previouslyChargedMinutes,
      chargedMinutes: 0 - input.chargedMinutes, // 0 - x: never -0
      waivedMinutes: input.billableMinutes - input.waivedMinutes,
      uncoveredMinutes: 0 - input.uncoveredMinutes,
    };
  }
  // A waiver is final: minutes once waived are never charged later.
  const due = Math.max(0, input.billableMinutes - previouslyChargedMinutes);
  const chargedMinutes = Math.min(due, Math.max(0, input.balanceMinutes));
  return { previouslyChargedMinutes, chargedMinutes, waivedMinutes: 0, uncoveredMinutes: due - chargedMinutes };
}

export function changesNothing(outcome: Settled): boolean {
  return outcome.chargedMinutes === 0 && outcome.waivedMinutes === 0 && outcome.uncoveredMinutes === 0;
}

// ---------------------------------------------------------------- docs/terms.md §6: the fix owed

export type Delivery = 'hotfix' | 'next-release';

export interface HeldLicence {
  plan: string;
  startsOn: string;
  endsOn: string;
}

/**
 * The plan held on a day: the licence covering it (all-inclusive wins when two
 * overlap); null when none covers the day (never licensed, or lapsed).
 */
export function planHeldOn(licences: readonly HeldLicence[], day: string): Plan | null {
  const covering = licences.filter((l) => l.startsOn <= day && day <= l.endsOn).map((l) => l.plan);
  if (covering.includes('all-inclusive')) return 'all-inclusive';
  return covering.includes('on-demand') ? 'on-demand' : null;
}

/** Hotfix "as soon as possible" for all-inclusive holders; the next patch release otherwise. */
export function fixDelivery(plan: Plan | null): Delivery {
  return plan === 'all-inclusive' ? 'hotfix' : 'next-release';
}

// ---------------------------------------------------------------- usage per agent

/**
 * Splits a whole number of minutes (or seconds) in proportion to weights, by
 * largest remainder: the parts add up to the total exactly; ties go to the
 * earlier weight. Used to share a ticket's figures among the agents who worked
 * on it, in proportion to their own time.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  // Integer arithmetic: total × weight stays far below 2^53 for minutes × milliseconds.
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  const remainders = weights.map((w, i) => total * w - parts[i]! * sum);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = remainders.map((r, i) => ({ r, i })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) parts[order[k]!.i]!++;
  return parts;
}
