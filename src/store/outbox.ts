// The storage of queued mail (outbox): the interface every engine implements
// (src/store/sqlite/outbox.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface OutboxStore {}
