// The holiday cache's statements (services/holidays.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

export const holidaySql = statements({
  /** (from, to) */
  yearsHeld: 'SELECT year FROM holiday_years WHERE year BETWEEN ? AND ?',
  days: 'SELECT day FROM holidays',
  /** (day, name) */
  add: 'INSERT INTO holidays (day, name) VALUES (?, ?) ON CONFLICT DO NOTHING',
  addYear: 'INSERT INTO holiday_years (year) VALUES (?) ON CONFLICT DO NOTHING',
});
