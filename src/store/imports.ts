// The storage of a credit import (`credits import`): the spool of pass 1 (the
// file's valid orders, its clients, its invalid and renaming lines, kept in
// temporary tables of the connection: constant memory, and stdin cannot be
// read twice) and the set-based checks of pass 2 over it. The interface every
// engine implements (src/store/sqlite/imports.ts); the orders themselves are
// written by the ledger (LedgerStore.appendSpooledPurchases).
import type { ShopOrder } from '../rules/shop-order.js';
import type { TermRow } from './clients.js';

/** A client code the file names, as spooled: its key, and the first line naming it (client_name), if any. */
export interface SpooledClient {
  key: number;
  named: { line: number; name: string; email: string | null } | null;
}

/** Pass 1: lines written as they come; the writes since the last flush are one batch. */
export interface ImportSpool {
  /** The file's client with this code (without regard to case), or undefined. */
  client(code: string): SpooledClient | undefined;
  /** A code the file names for the first time: its key. */
  addClient(code: string): number;
  /** The first line naming the client (client_name, client_email). */
  nameClient(key: number, line: number, name: string, email: string | null): void;
  /** A valid order, to import unless pass 2 finds it imported before or repeated. */
  addOrder(line: number, clientKey: number, order: ShopOrder): void;
  /** An invalid line's client (an unknown client is reported on it too). */
  addInvalid(line: number, clientKey: number): void;
  /** A line naming a client otherwise than `first` did. */
  addRename(line: number, clientKey: number, first: number): void;
  /** Makes the lines written so far durable in the spool. */
  flush(): void;
  /** All lines are in; `repeatsPossible`: order ids may repeat (pass 2 then looks for them). */
  finish(repeatsPossible: boolean): void;
  /** Drops the spool (whatever the import's outcome). */
  drop(): void;
}

/** Pass 2: checks over the whole spool; nothing grows with the file in memory. */
export interface ImportStore {
  /** A new, empty spool (replacing what a failed import left on the connection). */
  spool(): ImportSpool;

  /** Finds the desk's client of each code the file names (without regard to case). */
  matchClients(): void;
  /** The lines naming a client neither the desk nor the file (client_name) knows. */
  unknownClientLines(): Iterable<{ line: number; code: string }>;
  /** The lines naming a new client otherwise than its first naming line. */
  renamedNewClients(): Iterable<{ line: number; code: string; first: number }>;
  /** Orders repeated in the file with content other than their first line's. */
  differingRepeats(): Iterable<{ line: number; orderId: string; first: number }>;
  /** Marks the repeats of an order with its first line's content skipped: how many. */
  skipRepeats(): number;
  /** Marks the orders imported before: skipped when alike, differing otherwise. How many. */
  markImportedBefore(): number;
  /** The orders imported before with other content, with what was imported. */
  differingImports(): Iterable<{
    line: number;
    orderId: string;
    client: string;
    product: string;
    quantity: number;
    purchasedAt: number;
  }>;
  /** The orders marked skipped (their count and minutes), and how many were found differing from an earlier import. */
  countMarked(): { skipped: { rows: number; minutes: number }; differing: number };

  /** The largest client key (keys run from 1). */
  lastClientKey(): number;
  /** The licence terms of the file's clients with keys in [from, to], by key. */
  termsOfClients(from: number, to: number): (TermRow & { key: number })[];
  /** Notes clients' latest forfeit day so far (and the instant it starts). */
  noteForfeits(forfeits: readonly { key: number; start: number; day: string }[]): void;
  /** The orders to import dated before their client's noted forfeit. */
  ordersBeforeForfeits(): Iterable<{ line: number; orderId: string; code: string; day: string }>;

  /** Codes of the clients the file creates, by code, as it spells them. */
  newClientCodes(): string[];
  /** Creates them (language fr) at `at`. */
  createClients(at: number): void;
}
