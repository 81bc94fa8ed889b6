// French public holidays from the date-holidays library, cached per year in
// the database: loading the library costs ~80 ms, more than a whole command.
import { inArray } from 'drizzle-orm';
import { holidayYears, holidays } from '../db/schema.js';
import { holidaysFrom, type HolidayCheck } from '../rules/business-time.js';
import { MAX_YEAR, MIN_YEAR } from '../rules/calendar.js';
import type { Ctx } from './context.js';

async function loadYears(ctx: Ctx, years: number[]): Promise<void> {
  const { default: Holidays } = await import('date-holidays');
  const hd = new Holidays('FR');
  const rows = years.flatMap((year) =>
    hd
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => ({ day: h.date.slice(0, 10), name: h.name })),
  );
  ctx.store.immediate(() => {
    for (const row of rows) ctx.store.orm.insert(holidays).values(row).onConflictDoNothing().run();
    for (const year of years) ctx.store.orm.insert(holidayYears).values({ year }).onConflictDoNothing().run();
  });
}

/**
 * The holidays of every year from `fromYear` to `toYear`, loaded into the cache
 * when missing; only years the desk handles (an instant written before they
 * were checked could lie centuries ahead: each year costs a library call and rows).
 */
export async function holidayCheck(ctx: Ctx, fromYear: number, toYear: number): Promise<HolidayCheck> {
  const wanted: number[] = [];
  for (let y = Math.max(fromYear, MIN_YEAR); y <= Math.min(toYear, MAX_YEAR); y++) wanted.push(y);
  const { orm } = ctx.store;
  const have = new Set(orm.select().from(holidayYears).where(inArray(holidayYears.year, wanted)).all().map((r) => r.year));
  const missing = wanted.filter((y) => !have.has(y));
  if (missing.length > 0) await loadYears(ctx, missing);
  return holidaysFrom(orm.select({ day: holidays.day }).from(holidays).all().map((r) => r.day));
}
