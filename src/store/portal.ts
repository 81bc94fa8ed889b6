// The storage of sign-in tokens, sessions, the client space's read models: the interface every engine implements
// (src/store/sqlite/portal.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface PortalStore {}
