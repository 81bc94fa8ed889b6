// `db copy --to TARGET`: the whole desk into an empty desk of the other engine
// (a SQLite file into a PostgreSQL database, or back), in one transaction on
// the target. The source must pass db check first; inside the transaction the
// target's row counts, ticket counts and balances must equal the source's, or
// nothing is written; after the commit the target passes db check too.
import { appError, conflict, usageError } from '../errors.js';
import { COPIED_TABLES, DERIVED_TABLES, TRIGGER_MADE, type CopyRow, type CopyStore } from '../store/copy.js';
import { openDesk } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { Ctx } from './context.js';
import { checkDatabase, type CheckReport } from './db-check.js';

export interface CopyReport {
  from: string;
  to: string;
  tables: { table: string; rows: number }[];
  /** clients whose balance was compared */
  balances: number;
}

const failedChecks = (report: CheckReport) =>
  report.checks
    .filter((k) => k.findings > 0)
    .map((k) => k.name)
    .join(', ');

/** A derived table's rows that say something: a count of zero is the same as no row. */
const counted = (rows: CopyRow[]) => JSON.stringify(rows.filter((r) => r.tickets !== 0));

function verify(source: CopyStore, target: CopyStore, where: string): void {
  const differs = (what: string) =>
    appError('INTEGRITY', `the copy differs from the desk in ${what}: nothing was written to ${where}`);
  for (const table of COPIED_TABLES)
    if (source.count(table) !== target.count(table)) throw differs(`the rows of ${table}`);
  for (const table of DERIVED_TABLES)
    if (counted(source.derived(table)) !== counted(target.derived(table))) throw differs(table);
  if (JSON.stringify(source.balances()) !== JSON.stringify(target.balances())) throw differs("the clients' balances");
}

/** Copies the desk of ctx into the empty desk `to` (a file path or a postgres:// URL). */
export async function copyDesk(ctx: Ctx, to: string): Promise<CopyReport> {
  const sourceCheck = checkDatabase(ctx);
  if (!sourceCheck.ok)
    throw appError(
      'INTEGRITY',
      `${ctx.store.path} fails db check (${failedChecks(sourceCheck)}): nothing copied`,
      "run 'alias-support db check' and repair the desk first",
    );
  const target: Store = await openDesk(to, { create: true });
  try {
    if (target.path === ctx.store.path)
      throw usageError('db copy --to names the desk itself', 'give another file or database');
    const source = ctx.store.copy;
    const into = target.copy;
    const tables = ctx.store.snapshot(() =>
      target.bulk(() => {
        if (COPIED_TABLES.some((table) => into.count(table) > 0))
          throw conflict(
            'FILE_EXISTS',
            `${target.path} already holds a desk's data: db copy writes only into an empty desk`,
            'give a new file, or an empty database (createdb)',
          );
        for (const table of COPIED_TABLES) {
          source.read(table, (rows) => into.write(table, rows));
          const madeByTrigger = TRIGGER_MADE[table];
          if (madeByTrigger) into.discard(madeByTrigger);
        }
        into.finish();
        verify(source, into, target.path);
        return COPIED_TABLES.map((table) => ({ table, rows: into.count(table) }));
      }),
    );
    const targetCheck = checkDatabase({ ...ctx, store: target });
    if (!targetCheck.ok)
      throw appError(
        'INTEGRITY',
        `the copy ${target.path} fails db check (${failedChecks(targetCheck)})`,
        "run 'alias-support db check' on it",
      );
    return { from: ctx.store.path, to: target.path, tables, balances: source.balances().length };
  } finally {
    target.close();
  }
}
