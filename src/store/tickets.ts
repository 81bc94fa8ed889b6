// The storage of tickets, time entries, ticket events, ticket counts, the queue's reads: the interface every engine implements
// (src/store/sqlite/tickets.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface TicketStore {}
