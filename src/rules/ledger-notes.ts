// The notes written on ledger entries: stated once, for `bill`, `tickets defect`,
// `licences expire`, statements and the demo desk alike.

/** A charge: the ticket's slices and billable minutes, and what earlier bills charged. */
export function chargeNote(line: {
  ticket: number;
  slices: number;
  billableMinutes: number;
  previouslyChargedMinutes: number;
}): string {
  const before = line.previouslyChargedMinutes > 0 ? `, ${line.previouslyChargedMinutes} billed before` : '';
  return `#${line.ticket}: ${line.slices} slice${line.slices === 1 ? '' : 's'}, ${line.billableMinutes} min billable${before}`;
}

/** A charge given back: the ticket turned out to be a software defect. */
export const givenBackNote = (ticket: number): string => `#${ticket}: software defect, charge given back`;

/** The part of a charge given back that a forfeit took since it was charged. */
export const reversalForfeitNote = (ticket: number, minutes: number): string =>
  `#${ticket}: ${minutes} min given back to credit a forfeit took since they were charged: forfeited again`;

/** A forfeit day's forfeit, written by `licences expire`; `ended`: the last day of the licence it follows, when known. */
export const forfeitNote = (ended: string | undefined): string =>
  `credit kept 24 months after the licence ended${ended ? ` on ${ended}` : ''}, then forfeited`;

/** A forfeit day's forfeit that statements show before `licences expire` writes it. */
export const dueForfeitNote = "due 24 months after the licence ended, not yet written by 'licences expire'";
