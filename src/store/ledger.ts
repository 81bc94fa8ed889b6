// The storage of the credit ledger (ledger_entries, append-only): the interface every engine implements
// (src/store/sqlite/ledger.ts). Row types come from src/db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the services move here
export interface LedgerStore {}
