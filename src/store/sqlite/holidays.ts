// SQLite's HolidayStore (src/store/holidays.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { HolidayStore } from '../holidays.js';
import { statements } from './statements.js';

const holidaySql = statements({
  /** (from, to) */
  yearsHeld: 'SELECT year FROM holiday_years WHERE year BETWEEN ? AND ?',
  days: 'SELECT day FROM holidays',
  /** (day, name) */
  add: 'INSERT INTO holidays (day, name) VALUES (?, ?) ON CONFLICT DO NOTHING',
  addYear: 'INSERT INTO holiday_years (year) VALUES (?) ON CONFLICT DO NOTHING',
});

export function sqliteHoliday(db: Database.Database): HolidayStore {
  const q = () => holidaySql(db);
  return {
    yearsHeld: (from, to) => q().yearsHeld.pluck().all(from, to) as number[],
    days: () => q().days.pluck().all() as string[],
    add(days, years) {
      for (const { day, name } of days) q().add.run(day, name);
      for (const year of years) q().addYear.run(year);
    },
  };
}
