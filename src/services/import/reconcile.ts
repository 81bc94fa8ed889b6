// Pass 2 of an import: what depends on the desk, checked over the spool
// (unknown clients, orders repeated with other content, orders imported
// before, credit a forfeit already took), then, when nothing is wrong, every
// order written at once. Runs inside one transaction (the write transaction
// when it writes): a killed import leaves all of the file or none of it. Every
// step is a set-based statement of the store over the whole spool, so memory
// does not grow with the file.
import { dayStartInstant } from '../../rules/calendar.js';
import { forfeitDays, type Term } from '../../rules/credit-validity.js';
import { today, type Ctx } from '../context.js';
import { termOf } from '../credit.js';
import type { Spool } from './spool.js';

export interface Reconciled {
  imported: number;
  skipped: number;
  minutesAdded: number;
  /** codes of the clients the file creates (a dry run: would create), as the file spells them */
  createdClients: string[];
}

type Fail = (line: number, message: string) => void;

/** Clients whose licences are read at once for the forfeit check. */
const CLIENTS_PER_READ = 1000;

/**
 * The desk's clients by code (without regard to case); those it lacks are
 * created by the file when some line names them (client_name).
 */
function findClients(ctx: Ctx, fail: Fail): void {
  const { imports } = ctx.store;
  imports.matchClients();
  for (const r of imports.unknownClientLines())
    fail(r.line, `unknown client '${r.code}' (give client_name, and client_email, to create it)`);
  for (const r of imports.renamedNewClients())
    fail(r.line, `new client '${r.code}' is named differently on line ${r.first}`);
}

/** An order repeated in the file: the same content is skipped, other content is an error. Returns the rows skipped. */
function checkRepeats(ctx: Ctx, fail: Fail): number {
  for (const r of ctx.store.imports.differingRepeats())
    fail(r.line, `order ${r.orderId} is already on line ${r.first} with different content`);
  return ctx.store.imports.skipRepeats();
}

function reportImportedBefore(ctx: Ctx, fail: Fail): void {
  for (const r of ctx.store.imports.differingImports())
    fail(
      r.line,
      `order ${r.orderId} was imported before with different content (${r.client}, ${r.quantity} × ${r.product}, purchased ${new Date(r.purchasedAt).toISOString()})`,
    );
}

/**
 * Credit bought before a forfeit that has already happened would revive forfeited credit.
 * Each client's licences are read in batches of clients, its last forfeit so far noted.
 */
function checkForfeits(ctx: Ctx, fail: Fail): void {
  const { imports } = ctx.store;
  const day = today(ctx);
  const lastKey = imports.lastClientKey();
  let forfeits = 0;
  for (let from = 1; from <= lastKey; from += CLIENTS_PER_READ) {
    const terms = new Map<number, Term[]>();
    for (const r of imports.termsOfClients(from, from + CLIENTS_PER_READ - 1)) {
      if (!terms.has(r.key)) terms.set(r.key, []);
      terms.get(r.key)!.push(termOf(ctx, r));
    }
    const noted: { key: number; start: number; day: string }[] = [];
    for (const [key, own] of terms) {
      const last = forfeitDays(own)
        .filter((d) => d <= day)
        .pop();
      if (last !== undefined) noted.push({ key, start: dayStartInstant(last, ctx.tz), day: last });
    }
    imports.noteForfeits(noted);
    forfeits += noted.length;
  }
  if (forfeits > 0)
    for (const r of imports.ordersBeforeForfeits())
      fail(
        r.line,
        `order ${r.orderId} is dated before ${r.code}'s credit was forfeited on ${r.day}: importing it would revive forfeited credit (if it is owed, record it with credits adjust)`,
      );
}

/** Checks against the desk, counts, and writes when asked and nothing is wrong. Runs inside a transaction. */
export function reconcile(ctx: Ctx, spool: Spool, write: boolean): Reconciled {
  const fail: Fail = (line, message) => spool.error(line, message);
  findClients(ctx, fail);
  let marked = spool.noRepeats ? 0 : checkRepeats(ctx, fail);
  marked += ctx.store.imports.markImportedBefore();
  // Only read when some order left the state to import.
  const { skipped, differing } =
    marked > 0 ? ctx.store.imports.countMarked() : { skipped: { rows: 0, minutes: 0 }, differing: 0 };
  if (differing > 0) reportImportedBefore(ctx, fail);
  checkForfeits(ctx, fail);
  const createdClients = ctx.store.imports.newClientCodes();
  const result = {
    imported: spool.totals.orders - skipped.rows,
    skipped: skipped.rows,
    minutesAdded: spool.totals.minutes - skipped.minutes,
    createdClients,
  };
  if (spool.errors.length === 0 && write) {
    // New clients first, then each order's ledger entry and purchase.
    ctx.store.imports.createClients(ctx.now);
    ctx.store.ledger.appendSpooledPurchases(ctx.now, ctx.agent);
  }
  return result;
}
