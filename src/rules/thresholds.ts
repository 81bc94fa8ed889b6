// The credit thresholds, stated once: what counts as low credit for whom, and
// how early a coming forfeit is announced. The desk and the client space read
// this table; docs/client-space.md and docs/terms.md give the reasons.
export const THRESHOLDS = {
  /** The desk (CLI) flags a balance as low under two 15-minute slices. */
  deskLowCreditMinutes: 30,
  /** The client space asks to buy more below 1 h: a client buys by the hour (docs/client-space.md). */
  clientLowCreditMinutes: 60,
  /** A forfeit this many days away or less is announced in the client space. */
  forfeitNoticeDays: 60,
} as const;
