// The storage of bulk loading of a generated demo desk: the interface every engine implements
// (src/store/sqlite/demo.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface DemoStore {}
