// `credits statement`: a client's ledger with its running balance, including
// the forfeits that are due but not yet written by `licences expire` (marked
// due), so that the statement always ends on the balance `credits balance` shows.
import { invalidInput } from '../errors.js';
import { dayStartInstant, localDay, parseDay } from '../rules/calendar.js';
import { dueForfeitNote } from '../rules/ledger-notes.js';
import { requireClient } from './clients.js';
import { iso, type Ctx } from './context.js';
import { creditState } from './credit.js';

export interface StatementEntry {
  at: string;
  kind: string;
  minutes: number;
  /** the balance after this entry */
  balanceMinutes: number;
  reference: string | null;
  note: string | null;
  /** a forfeit due but not yet written in the ledger by `licences expire` */
  due: boolean;
}

export interface Statement {
  client: string;
  from: string | null;
  to: string | null;
  /** the balance before the first day of the period */
  openingBalanceMinutes: number;
  entries: StatementEntry[];
  /** the balance at the end of the period (without --to: today's balance) */
  balanceMinutes: number;
}

export interface StatementPeriod {
  from?: string;
  to?: string;
}

export function statement(ctx: Ctx, code: string, period: StatementPeriod = {}): Statement {
  const from = period.from === undefined ? null : parseDay(period.from, '--from date');
  const to = period.to === undefined ? null : parseDay(period.to, '--to date');
  if (from !== null && to !== null && from > to) throw invalidInput(`--from ${from} is after --to ${to}`);
  const client = requireClient(ctx, code);
  const rows = ctx.store.ledger.entries(client.id).map(({ ticketId, ...r }) => ({
    ...r,
    reference: r.reference ?? (ticketId === null ? null : String(ticketId)),
    due: false,
    dayForfeit: r.kind === 'forfeit' && ticketId === null,
  }));
  for (const f of creditState(ctx, client.id).dueForfeits)
    rows.push({
      id: Number.MAX_SAFE_INTEGER,
      at: dayStartInstant(f.day, ctx.tz),
      kind: 'forfeit',
      minutes: -f.minutes,
      reference: f.day,
      note: dueForfeitNote,
      due: true,
      dayForfeit: true,
    });
  // A forfeit day's forfeit takes the balance held when that day begins: it goes before anything else of that instant
  // (a forfeit following a reversal goes after it, in ledger order).
  rows.sort((a, b) => a.at - b.at || Number(b.dayForfeit) - Number(a.dayForfeit) || a.id - b.id);

  let running = 0;
  let opening = 0;
  const entries: StatementEntry[] = [];
  for (const r of rows) {
    const day = localDay(r.at, ctx.tz);
    if (to !== null && day > to) break;
    running += r.minutes;
    if (from !== null && day < from) {
      opening = running;
      continue;
    }
    entries.push({
      at: iso(r.at),
      kind: r.kind,
      minutes: r.minutes,
      balanceMinutes: running,
      reference: r.reference,
      note: r.note,
      due: r.due,
    });
  }
  return { client: client.code, from, to, openingBalanceMinutes: opening, entries, balanceMinutes: running };
}
