// The storage of public holidays cached per year (holidays, holiday_years): the interface every engine implements
// (src/store/sqlite/holidays.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface HolidayStore {}
