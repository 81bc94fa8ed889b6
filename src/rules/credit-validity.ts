// docs/terms.md §8: credit validity on a day, the
// forfeits that fall due 24 months after a licence gap begins, and the
// balance net of forfeits due but not yet written by `licences expire`.
// Pure: days are 'YYYY-MM-DD' in the business time zone.
import { addDays, addMonths } from './calendar.js';

export const FROZEN_MONTHS = 24;

export type Validity = 'active' | 'frozen' | 'forfeited' | 'unlicensed';

export interface Term {
  startsOn: string;
  endsOn: string;
  /** business day the licence was recorded (absent: recorded in time for every rule) */
  recordedOn?: string;
}

export interface LedgerLine {
  /** business day of the entry */
  day: string;
  minutes: number;
  kind: string;
  reference: string | null;
}

export function isLicensedOn(licences: readonly Term[], day: string): boolean {
  return licences.some((l) => l.startsOn <= day && day <= l.endsOn);
}

/** The days a licence's end leads to, by end day: pure calendar arithmetic, asked again on every credit read. */
interface EndDays {
  /** the day after the end */
  gapStart: string;
  /** the last day of validity: end + 24 months */
  lastValid: string;
  /** the day after lastValid: a forfeit's day */
  forfeitDay: string;
}
const endDays = new Map<string, EndDays>();

function daysAfterEnd(endsOn: string): EndDays {
  let days = endDays.get(endsOn);
  if (days === undefined) {
    const lastValid = addMonths(endsOn, FROZEN_MONTHS);
    days = { gapStart: addDays(endsOn, 1), lastValid, forfeitDay: addDays(lastValid, 1) };
    // A few thousand end days at most on a desk; the bound is for a process that would meet more.
    if (endDays.size >= 10_000) endDays.clear();
    endDays.set(endsOn, days);
  }
  return days;
}

/** Last day credit kept after a licence ending on endsOn stays valid. */
export function frozenUntil(endsOn: string): string {
  return daysAfterEnd(endsOn).lastValid;
}

export interface ValidityState {
  validity: Validity;
  /** last day of validity without a renewal: latest endsOn + 24 months (null without licence) */
  validUntil: string | null;
}

const latestEnd = (terms: readonly Term[]): string =>
  terms.reduce((max, l) => (l.endsOn > max ? l.endsOn : max), terms[0]!.endsOn);

/**
 * A licence recorded ahead of its start has not ended yet: frozen or
 * forfeited is judged on the licences started by `day` (so a reactivation
 * booked after the 24 months cannot show lapsed credit as frozen), while
 * validUntil counts every licence.
 */
export function validityOn(licences: readonly Term[], day: string): ValidityState {
  if (licences.length === 0) return { validity: 'unlicensed', validUntil: null };
  const validUntil = frozenUntil(latestEnd(licences));
  if (isLicensedOn(licences, day)) return { validity: 'active', validUntil };
  const started = licences.filter((l) => l.startsOn <= day);
  if (started.length === 0) return { validity: 'unlicensed', validUntil };
  return { validity: frozenUntil(latestEnd(started)) >= day ? 'frozen' : 'forfeited', validUntil };
}

/**
 * Days on which a forfeit happens: the day after endsOn + 24 months, for each
 * licence end not followed by a licence covering some day from endsOn + 1
 * through endsOn + 24 months. A licence recorded after those 24 months does
 * not count for that gap even if its dates cover it: the forfeit is decided by
 * what was known on its day, so the outcome never depends on whether
 * `licences expire` ran before the late reactivation was recorded.
 */
export function forfeitDays(licences: readonly Term[]): string[] {
  const days = new Set<string>();
  for (const l of licences) {
    const { gapStart, lastValid, forfeitDay } = daysAfterEnd(l.endsOn);
    const covered = licences.some(
      (o) =>
        o !== l &&
        o.startsOn <= lastValid &&
        o.endsOn >= gapStart &&
        (o.recordedOn === undefined || o.recordedOn <= lastValid),
    );
    if (!covered) days.add(forfeitDay);
  }
  return [...days].sort();
}

export interface Forfeit {
  day: string;
  minutes: number;
}

/**
 * Forfeits due by `today` that the ledger does not hold yet. A forfeit takes
 * the whole balance held when its day begins (entries of earlier days,
 * earlier forfeits included), so the cron job writes the same amount whatever
 * hour it runs; credit added on or after that day is not touched.
 */
export function unwrittenForfeits(licences: readonly Term[], entries: readonly LedgerLine[], today: string): Forfeit[] {
  const written = new Set(entries.filter((e) => e.kind === 'forfeit').map((e) => e.reference));
  const due: Forfeit[] = [];
  for (const day of forfeitDays(licences)) {
    if (day > today || written.has(day)) continue;
    let held = 0;
    for (const e of entries) if (e.day < day) held += e.minutes;
    for (const f of due) held -= f.minutes;
    if (held > 0) due.push({ day, minutes: held });
  }
  return due;
}

export interface CreditState extends ValidityState {
  balanceMinutes: number;
  /** forfeits due but not yet written by the cron job (already deducted from the balance) */
  dueForfeits: Forfeit[];
}

export function creditOn(licences: readonly Term[], entries: readonly LedgerLine[], today: string): CreditState {
  const dueForfeits = unwrittenForfeits(licences, entries, today);
  const total = entries.reduce((s, e) => s + e.minutes, 0);
  const balanceMinutes = total - dueForfeits.reduce((s, f) => s + f.minutes, 0);
  return { ...validityOn(licences, today), balanceMinutes, dueForfeits };
}

/**
 * The part of a charge given back on `day` that a forfeit already took: a
 * reversal returns minutes to the credit they came from, and what the ticket
 * was charged (net) before the latest forfeit day on or before `day` belonged
 * to credit that forfeit took. `charges` are the ticket's consumptions (−) and
 * reversals (+). A forfeit takes what is held when its day begins, so a charge
 * made on the forfeit day itself came from credit held after it.
 */
export function forfeitedPartOfReversal(
  licences: readonly Term[],
  charges: readonly LedgerLine[],
  day: string,
  givenBack: number,
): number {
  const lastForfeit = forfeitDays(licences)
    .filter((d) => d <= day)
    .pop();
  if (lastForfeit === undefined) return 0;
  const chargedBefore = -charges.filter((c) => c.day < lastForfeit).reduce((s, c) => s + c.minutes, 0);
  return Math.max(0, Math.min(givenBack, chargedBefore));
}
