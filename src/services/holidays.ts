// French public holidays from the date-holidays library, cached per year in
// the database: loading the library costs ~80 ms, more than a whole command.
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
  ctx.store.immediate(() => ctx.store.holidays.add(rows, years));
}

/**
 * Per desk, the last check read and the years it was read for: a year's holidays never change once held (a year
 * is added whole, from the library, and nothing removes one), so a later call within those years needs no read
 * (`take` asks twice; serve on every page).
 */
const lastRead = new WeakMap<Ctx['store'], { from: number; to: number; check: HolidayCheck }>();

/**
 * The holidays of every year from `fromYear` to `toYear`, loaded into the cache
 * when missing; only years the desk handles (an instant written before they
 * were checked could lie centuries ahead: each year costs a library call and rows).
 */
export async function holidayCheck(ctx: Ctx, fromYear: number, toYear: number): Promise<HolidayCheck> {
  const [from, to] = [Math.max(fromYear, MIN_YEAR), Math.min(toYear, MAX_YEAR)];
  const last = lastRead.get(ctx.store);
  if (last && last.from <= from && to <= last.to) return last.check;
  const have = new Set(ctx.store.holidays.yearsHeld(from, to));
  const missing: number[] = [];
  for (let y = from; y <= to; y++) if (!have.has(y)) missing.push(y);
  if (missing.length > 0) await loadYears(ctx, missing);
  const check = holidaysFrom(ctx.store.holidays.days());
  lastRead.set(ctx.store, { from, to, check });
  return check;
}
