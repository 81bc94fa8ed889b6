// docs/terms.md §5: counting starts at the take, by slices of 15 minutes, every slice
// started is counted, on the ticket's total worked time (never per session).

export const SLICE_SECONDS = 900;
export const SLICE_MINUTES = 15;

/** Worked seconds of a set of time entries: the sum of their lengths, rounded down to the whole second. */
export function workedSeconds(totalMilliseconds: number): number {
  return Math.floor(Math.max(0, totalMilliseconds) / 1000);
}

export function slicesFor(seconds: number): number {
  return Math.ceil(seconds / SLICE_SECONDS);
}

export function billableMinutes(seconds: number): number {
  return SLICE_MINUTES * slicesFor(seconds);
}
