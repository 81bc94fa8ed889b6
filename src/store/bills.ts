// The storage of bill runs' records (bills): the interface every engine implements
// (src/store/sqlite/bills.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface BillStore {}
