// The storage of a credit import's spool and reconciliation (purchases, temporary tables): the interface every engine implements
// (src/store/sqlite/imports.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface ImportStore {}
