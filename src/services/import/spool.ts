// Pass 1 of an import: each line checked on its own, the valid orders, the
// file's clients and the lines pass 2 reports on written to the store's spool
// (ImportStore: on disk, so memory stays constant, and stdin cannot be read twice).
import { crashPoint } from '../../crash-point.js';
import { AppError } from '../../errors.js';
import { dayStartInstant } from '../../rules/calendar.js';
import { checkOrder, type OrderFields } from '../../rules/shop-order.js';
import type { ImportSpool, SpooledClient } from '../../store/imports.js';
import { validateNewClient } from '../clients.js';
import type { Ctx } from '../context.js';
import type { ImportError, ImportFormat, LineSink } from './source.js';

const SPOOL_BATCH = 2000;
/** Client codes kept in memory at once; the rest are read back from the spool (memory stays bounded whatever the file). */
const CLIENTS_IN_MEMORY = 10_000;

export interface Spool extends LineSink {
  readonly errors: ImportError[];
  /** valid orders spooled, and their minutes */
  readonly totals: { orders: number; minutes: number };
  /** no order id is repeated in the file (known without an index when they increase) */
  readonly noRepeats: boolean;
  readonly rows: number;
  /** all lines are in: builds what pass 2 needs */
  finish(): void;
  drop(): void;
}

/** The file's clients by code as written; each spelling looked up once, in the spool by its case-folded code. */
function fileClients(spool: ImportSpool) {
  // One object per client whatever the spelling, so that a name given under one spelling holds for all.
  const byCode = new Map<string, SpooledClient>();
  const byKey = new Map<number, SpooledClient>();
  return {
    of(code: string): SpooledClient {
      let client = byCode.get(code);
      if (!client) {
        const row = spool.client(code);
        client = row ? (byKey.get(row.key) ?? row) : { key: spool.addClient(code), named: null };
        if (byCode.size >= CLIENTS_IN_MEMORY) {
          byCode.clear();
          byKey.clear();
        }
        byCode.set(code, client);
        byKey.set(client.key, client);
      }
      return client;
    },
    /** The first naming line names the client; false when an earlier line named it otherwise. */
    name(client: SpooledClient, line: number, name: string, email: string | null): boolean {
      if (client.named) return client.named.name === name && client.named.email === email;
      client.named = { line, name, email };
      spool.nameClient(client.key, line, name, email);
      return true;
    },
  };
}

/** A new client's name and e-mail, checked once per code as long as the file repeats them. */
function newClientCheck(): (code: string, name: string, email: string | undefined) => string | null {
  const checked = new Map<string, { name: string; email: string | undefined; problem: string | null }>();
  return (code, name, email) => {
    const known = checked.get(code);
    if (known && known.name === name && known.email === email) return known.problem;
    let problem: string | null = null;
    try {
      validateNewClient({ code, name, email });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problem = err.message;
    }
    if (checked.size >= CLIENTS_IN_MEMORY) checked.clear();
    checked.set(code, { name, email, problem });
    return problem;
  };
}

export function createSpool(ctx: Ctx, format: ImportFormat): Spool {
  const spool = ctx.store.imports.spool();
  const clients = fileClients(spool);
  const newClientProblem = newClientCheck();
  const dayStarts = new Map<string, number>();
  const dayStart = (day: string): number => {
    let ms = dayStarts.get(day);
    if (ms === undefined) dayStarts.set(day, (ms = dayStartInstant(day, ctx.tz)));
    return ms;
  };
  // Lines are written as they come, SPOOL_BATCH to a batch.
  let inBatch = 0;
  const flush = (): void => {
    spool.flush();
    inBatch = 0;
    crashPoint('import-read', rows);
  };
  const errors: ImportError[] = [];
  const totals = { orders: 0, minutes: 0 };
  let rows = 0;
  // Order ids in strictly increasing order (as a shop exports them) cannot repeat: pass 2 then
  // needs no repeat check. Not for JSON, whose escapes may give texts SQLite stores alike (lone surrogates).
  let lastOrderId: string | undefined;
  let increasing = format === 'csv';
  return {
    errors,
    totals,
    get noRepeats() {
      return increasing;
    },
    get rows() {
      return rows;
    },
    add(line: number, fields: OrderFields, problems: string[] = []): void {
      inBatch++;
      rows++;
      const { order, errors: own } = checkOrder(fields, ctx.now, dayStart);
      problems.push(...own);
      const client = fields.client === undefined ? undefined : clients.of(fields.client);
      if (fields.client_name !== undefined) {
        const problem = newClientProblem(fields.client ?? '', fields.client_name, fields.client_email);
        if (problem) problems.push(problem);
        if (client && !clients.name(client, line, fields.client_name, fields.client_email ?? null))
          spool.addRename(line, client.key, client.named!.line);
      }
      for (const message of problems) errors.push({ line, message });
      if (order && problems.length === 0) {
        if (increasing && lastOrderId !== undefined && !(order.orderId > lastOrderId)) increasing = false;
        lastOrderId = order.orderId;
        spool.addOrder(line, client!.key, order);
        totals.orders++;
        totals.minutes += order.minutes;
      } else if (client) spool.addInvalid(line, client.key);
      if (inBatch >= SPOOL_BATCH) flush();
    },
    error(line: number, message: string): void {
      errors.push({ line, message });
    },
    finish(): void {
      flush();
      spool.finish(!increasing);
    },
    drop: () => spool.drop(),
  };
}
