// The storage of public holidays cached per year (holidays, holiday_years): the interface every engine implements
// (src/store/sqlite/holidays.ts). Row types come from src/db/schema.ts.

export interface HolidayStore {
  /** The years from `from` to `to` whose holidays are held. */
  yearsHeld(from: number, to: number): number[];
  /** Every holiday held (YYYY-MM-DD). */
  days(): string[];
  /** Holds the holidays of these years (a day or year already held is kept). */
  add(days: readonly { day: string; name: string }[], years: readonly number[]): void;
}
