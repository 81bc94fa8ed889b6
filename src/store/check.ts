// The storage of the invariants db check verifies; the backup: the interface every engine implements
// (src/store/sqlite/check.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface CheckStore {}
