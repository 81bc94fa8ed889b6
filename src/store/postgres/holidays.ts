// PostgreSQL's HolidayStore (src/store/holidays.ts): the statements of src/store/sqlite/holidays.ts in PostgreSQL's SQL.
import type { HolidayStore } from '../holidays.js';
import type { PgConnection } from './connection.js';

export function pgHoliday(db: PgConnection): HolidayStore {
  return {
    yearsHeld: (from, to) =>
      db
        .query<{ year: number }>('SELECT year FROM holiday_years WHERE year BETWEEN $1 AND $2', [from, to])
        .map((r) => r.year),
    days: () => db.query<{ day: string }>('SELECT day FROM holidays').map((r) => r.day),
    add(days, years) {
      // One statement each: the arrays unnested, a day or year already held kept.
      db.run('INSERT INTO holidays (day, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [
        days.map((d) => d.day),
        days.map((d) => d.name),
      ]);
      db.run('INSERT INTO holiday_years (year) SELECT unnest($1::int[]) ON CONFLICT DO NOTHING', [years]);
    },
  };
}
