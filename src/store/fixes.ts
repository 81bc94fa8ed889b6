// The storage of fixes owed for software defects (fixes): the interface every engine implements
// (src/store/sqlite/fixes.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface FixStore {}
