// `db check`: SQLite's own checks, then the desk's invariants (ledger, bills,
// timers, history). Everything is read in one snapshot, so a check run while
// agents work sees one consistent state. Each invariant is one SQL pass, so the
// check stays linear on a desk with a million tickets.
import type Database from 'better-sqlite3';
import { localDay } from '../rules/calendar.js';
import { forfeitedPartOfReversal } from '../rules/credit-validity.js';
import { STATE_EVENTS, statusAfterEventSql } from '../rules/ticket-states.js';
import type { Ctx } from './context.js';
import { creditStates, termsOf } from './credit.js';
import { entryEnd } from './sql/tickets.js';

export interface Finding {
  check: string;
  /** what is wrong: 'client C042', 'ticket #12', 'ledger entry #7', 'database' */
  subject: string;
  message: string;
}

export interface CheckSummary {
  name: string;
  description: string;
  /** every finding of this check, listed or not */
  findings: number;
}

export interface CheckReport {
  database: string;
  /** quick_check ran instead of integrity_check */
  quick: boolean;
  ok: boolean;
  checks: CheckSummary[];
  /** at most LISTED_PER_CHECK per check */
  findings: Finding[];
}

export interface CheckOptions {
  /** PRAGMA quick_check instead of integrity_check (indexes not matched against their tables) */
  quick?: boolean;
}

/** A check reports every problem in its count but lists only the first ones. */
export const LISTED_PER_CHECK = 100;

type Row = Record<string, unknown>;
type Found = Omit<Finding, 'check'>;

interface Check {
  name: string;
  description: string;
  run(ctx: Ctx, db: Database.Database, options: CheckOptions): Iterable<Found>;
}

function* rows(db: Database.Database, sql: string, describe: (r: Row) => Found, ...params: unknown[]): Iterable<Found> {
  for (const r of db.prepare(sql).iterate(...params) as IterableIterator<Row>) yield describe(r);
}

const ticket = (r: Row) => `ticket #${r.id as number}`;

// A state-changing history event and the status it leaves the ticket in (rules/ticket-states.ts).
const STATUS_AFTER_EVENT = statusAfterEventSql('e.event');
const STATE_EVENT_LIST = `(${STATE_EVENTS.map((e) => `'${e}'`).join(', ')})`;

export const CHECKS: readonly Check[] = [
  {
    name: 'integrity',
    description: 'SQLite integrity_check: pages, indexes and records are sound',
    *run(_ctx, db, options) {
      // quick_check skips matching each index against its table: ~8× faster on a large file.
      const pragma = options.quick ? 'quick_check' : 'integrity_check';
      for (const r of db.pragma(pragma) as Record<string, string>[]) if (r[pragma] !== 'ok') yield { subject: 'database', message: r[pragma]! };
    },
  },
  {
    name: 'foreign-keys',
    description: 'every reference points at an existing row',
    *run(_ctx, db) {
      for (const r of db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[])
        yield { subject: `${r.table} row ${r.rowid}`, message: `refers to a missing row of ${r.parent}` };
    },
  },
  {
    name: 'ledger-entries',
    description: 'each entry has a known kind with the right sign; charges and reversals belong to a ticket of the same client',
    run: (_ctx, db) =>
      rows(
        db,
        `SELECT e.id, e.kind, e.minutes, e.ticket_id, t.client_id AS ticket_client, e.client_id
           FROM ledger_entries e LEFT JOIN tickets t ON t.id = e.ticket_id
          WHERE NOT ((e.kind = 'purchase' AND e.minutes > 0) OR (e.kind = 'consumption' AND e.minutes < 0)
                  OR (e.kind = 'reversal' AND e.minutes > 0) OR (e.kind = 'forfeit' AND e.minutes < 0)
                  OR (e.kind = 'adjustment' AND e.minutes <> 0))
             OR (e.kind IN ('consumption', 'reversal') AND (e.ticket_id IS NULL OR t.client_id IS NOT e.client_id))
          ORDER BY e.id`,
        (r) => ({
          subject: `ledger entry #${r.id as number}`,
          message:
            r.kind === 'consumption' || r.kind === 'reversal'
              ? r.ticket_id === null
                ? `${r.kind as string} of ${r.minutes as number} min without a ticket`
                : r.ticket_client !== r.client_id
                  ? `${r.kind as string} for ticket #${r.ticket_id as number} of another client`
                  : `${r.kind as string} of ${r.minutes as number} min has the wrong sign`
              : `${String(r.kind)} of ${r.minutes as number} min: unknown kind or wrong sign`,
        }),
      ),
  },
  {
    name: 'balances',
    description: 'no balance ever below zero: the running balance in date order (as statements show it), and today net of forfeits due',
    *run(ctx, db) {
      // The statement's order: by instant, a forfeit day's forfeit first at its instant (it takes what is held when the day begins).
      yield* rows(
        db,
        `SELECT c.code, r.lowest, r.first_negative
           FROM (SELECT client_id, min(running) AS lowest, min(CASE WHEN running < 0 THEN id END) AS first_negative
                   FROM (SELECT client_id, id, sum(minutes) OVER (PARTITION BY client_id
                                ORDER BY at, (kind = 'forfeit' AND ticket_id IS NULL) DESC, id ROWS UNBOUNDED PRECEDING) AS running
                           FROM ledger_entries)
                  GROUP BY client_id HAVING min(running) < 0) r
           LEFT JOIN clients c ON c.id = r.client_id
          ORDER BY c.code`,
        (r) => ({
          subject: `client ${String(r.code)}`,
          message: `the balance falls below zero (lowest ${r.lowest as number} min) from ledger entry #${r.first_negative as number}`,
        }),
      );
      for (const c of creditStates(ctx))
        if (c.balanceMinutes < 0) yield { subject: `client ${c.code}`, message: `the balance today, net of forfeits due, is ${c.balanceMinutes} min` };
    },
  },
  {
    name: 'reversal-forfeits',
    description: 'a charge given back after a forfeit day comes with a forfeit of the part that forfeit took: forfeited credit never comes back',
    *run(ctx, db) {
      // Reversals are rare (software defects found after billing): each is judged with the rule billing applies.
      const reversals = db
        .prepare(
          `SELECT r.id, r.client_id AS clientId, r.ticket_id AS ticketId, r.at, r.minutes,
                  coalesce((SELECT -sum(f.minutes) FROM ledger_entries f
                             WHERE f.kind = 'forfeit' AND f.ticket_id = r.ticket_id AND f.at = r.at AND f.client_id = r.client_id), 0) AS forfeited
             FROM ledger_entries r WHERE r.kind = 'reversal' AND r.ticket_id IS NOT NULL ORDER BY r.id`,
        )
        .all() as { id: number; clientId: number; ticketId: number; at: number; minutes: number; forfeited: number }[];
      const charges = db.prepare("SELECT at, minutes, kind FROM ledger_entries WHERE ticket_id = ? AND kind IN ('consumption', 'reversal') AND id < ? ORDER BY id");
      for (const r of reversals) {
        const day = localDay(r.at, ctx.tz);
        const terms = termsOf(ctx, r.clientId).filter((t) => t.recordedOn === undefined || t.recordedOn <= day);
        const before = (charges.all(r.ticketId, r.id) as { at: number; minutes: number; kind: string }[]).map((c) => ({
          day: localDay(c.at, ctx.tz),
          minutes: c.minutes,
          kind: c.kind,
          reference: null,
        }));
        const owed = forfeitedPartOfReversal(terms, before, day, r.minutes);
        if (owed !== r.forfeited)
          yield {
            subject: `ledger entry #${r.id}`,
            message:
              owed > r.forfeited
                ? `reversal of ${r.minutes} min for ticket #${r.ticketId} revives ${owed - r.forfeited} min of credit a forfeit took (forfeited with it: ${r.forfeited} min)`
                : `reversal of ${r.minutes} min for ticket #${r.ticketId} is forfeited ${r.forfeited} min, ${owed} min were owed`,
          };
      }
    },
  },
  {
    name: 'purchases',
    description: 'each imported order has its purchase entry (same client, same minutes) and each purchase entry its order',
    *run(_ctx, db) {
      yield* rows(
        db,
        `SELECT p.order_id, p.minutes, e.id AS entry, e.kind, e.minutes AS entry_minutes, e.client_id IS p.client_id AS same_client
           FROM purchases p LEFT JOIN ledger_entries e ON e.id = p.ledger_entry_id
          WHERE e.id IS NULL OR e.kind <> 'purchase' OR e.minutes <> p.minutes OR e.client_id IS NOT p.client_id
          ORDER BY p.order_id`,
        (r) => ({
          subject: `order ${String(r.order_id)}`,
          message:
            r.entry === null
              ? 'its ledger entry is missing'
              : `its ledger entry #${r.entry as number} is a ${String(r.kind)} of ${r.entry_minutes as number} min${r.same_client ? '' : ' of another client'}, the order is worth ${r.minutes as number} min`,
        }),
      );
      yield* rows(
        db,
        `SELECT id, minutes FROM ledger_entries
          WHERE kind = 'purchase' AND id NOT IN (SELECT ledger_entry_id FROM purchases) ORDER BY id`,
        (r) => ({ subject: `ledger entry #${r.id as number}`, message: `purchase of ${r.minutes as number} min without an imported order` }),
      );
    },
  },
  {
    name: 'ticket-charges',
    description: "each ticket's charged minutes equal its ledger charges less reversals, and its totals equal the sums of its bills",
    *run(_ctx, db) {
      yield* rows(
        db,
        `SELECT t.id, t.charged_minutes, t.waived_minutes, t.uncovered_minutes,
                coalesce(l.charged, 0) AS ledger_charged,
                coalesce(b.charged, 0) AS bills_charged, coalesce(b.waived, 0) AS bills_waived, coalesce(b.uncovered, 0) AS bills_uncovered
           FROM tickets t
           LEFT JOIN (SELECT ticket_id, -sum(minutes) AS charged FROM ledger_entries
                       WHERE kind IN ('consumption', 'reversal') AND ticket_id IS NOT NULL GROUP BY ticket_id) l ON l.ticket_id = t.id
           LEFT JOIN (SELECT ticket_id, sum(charged_minutes) AS charged, sum(waived_minutes) AS waived, sum(uncovered_minutes) AS uncovered
                        FROM bills GROUP BY ticket_id) b ON b.ticket_id = t.id
          WHERE t.charged_minutes <> coalesce(l.charged, 0) OR t.charged_minutes <> coalesce(b.charged, 0)
             OR t.waived_minutes <> coalesce(b.waived, 0) OR t.uncovered_minutes <> coalesce(b.uncovered, 0)
          ORDER BY t.id`,
        (r) => ({
          subject: ticket(r),
          message:
            `charged ${r.charged_minutes as number} min, waived ${r.waived_minutes as number}, uncovered ${r.uncovered_minutes as number}; ` +
            `the ledger holds ${r.ledger_charged as number} min of charges, its bills ${r.bills_charged as number}/${r.bills_waived as number}/${r.bills_uncovered as number}`,
        }),
      );
      yield* rows(
        db,
        `SELECT b.id, b.ticket_id, b.charged_minutes, e.id AS entry, e.minutes, e.ticket_id AS entry_ticket
           FROM bills b LEFT JOIN ledger_entries e ON e.id = b.ledger_entry_id
          WHERE (b.ledger_entry_id IS NULL AND b.charged_minutes <> 0)
             OR (b.ledger_entry_id IS NOT NULL AND (e.minutes IS NOT -b.charged_minutes OR e.ticket_id IS NOT b.ticket_id))
          ORDER BY b.id`,
        (r) => ({
          subject: `ticket #${r.ticket_id as number}`,
          message:
            r.entry === null
              ? `bill #${r.id as number} charged ${r.charged_minutes as number} min without a ledger entry`
              : `bill #${r.id as number} charged ${r.charged_minutes as number} min but its ledger entry #${r.entry as number} is ${r.minutes as number} min${r.entry_ticket === r.ticket_id ? '' : ' for another ticket'}`,
        }),
      );
    },
  },
  {
    name: 'ticket-billing',
    description: 'bills follow the slice rule, and charged + waived + uncovered = billable at the last bill',
    *run(_ctx, db) {
      yield* rows(
        db,
        `SELECT id, ticket_id, worked_seconds, billable_minutes FROM bills
          WHERE billable_minutes <> 15 * ((worked_seconds + 899) / 900) ORDER BY id`,
        (r) => ({
          subject: `ticket #${r.ticket_id as number}`,
          message: `bill #${r.id as number}: ${r.worked_seconds as number} s worked cannot be ${r.billable_minutes as number} billable minutes`,
        }),
      );
      yield* rows(
        db,
        `SELECT t.id, t.charged_minutes + t.waived_minutes + t.uncovered_minutes AS accounted, b.billable_minutes
           FROM tickets t
           JOIN (SELECT ticket_id, max(id) AS last FROM bills GROUP BY ticket_id) lb ON lb.ticket_id = t.id
           JOIN bills b ON b.id = lb.last
          WHERE t.charged_minutes + t.waived_minutes + t.uncovered_minutes <> b.billable_minutes
          ORDER BY t.id`,
        (r) => ({
          subject: ticket(r),
          message: `charged + waived + uncovered = ${r.accounted as number} min, but ${r.billable_minutes as number} min were billable at its last bill`,
        }),
      );
    },
  },
  {
    name: 'to-bill',
    description: 'every green ticket whose billable minutes grew since its last bill (or never billed) is marked to bill (tickets.to_bill), so that bill --all reads it',
    run: (_ctx, db) =>
      rows(
        db,
        // The slice rule in SQL over the ended entries (a running timer on a green ticket is the
        // timers check's finding), against the billable minutes of its last bill; a defect is owed
        // a bill while they differ at all (the waiver follows them), other tickets while they grew.
        `SELECT id, billable, billed FROM (
           SELECT t.id, t.defect,
                  15 * ((max(coalesce(sum(e.ended_at - e.started_at), 0), 0) / 1000 + 899) / 900) AS billable,
                  coalesce((SELECT billable_minutes FROM bills b WHERE b.ticket_id = t.id ORDER BY b.id DESC LIMIT 1), 0) AS billed
             FROM tickets t LEFT JOIN time_entries e ON e.ticket_id = t.id AND e.ended_at IS NOT NULL
            WHERE t.status = 'resolved' AND t.to_bill = 0
            GROUP BY t.id)
          WHERE CASE WHEN defect THEN billable <> billed ELSE billable > billed END
          ORDER BY id`,
        (r) => ({
          subject: ticket(r),
          message: `green with ${r.billable as number} min billable, ${r.billed as number} at its last bill, but not marked to bill: bill --all would skip it`,
        }),
      ),
  },
  {
    name: 'timers',
    description: 'timers run only on orange tickets and stop by themselves at the end of the support day; no time entry ends before it starts',
    *run(_ctx, db) {
      yield* rows(
        db,
        `SELECT t.id, t.status, count(*) AS running
           FROM time_entries te JOIN tickets t ON t.id = te.ticket_id
          WHERE te.ended_at IS NULL AND t.status <> 'in_progress'
          GROUP BY t.id ORDER BY t.id`,
        (r) => ({ subject: ticket(r), message: `${r.running as number} timer(s) running on a ${r.status === 'resolved' ? 'resolved (green)' : `${String(r.status)}`} ticket` }),
      );
      yield* rows(
        db,
        `SELECT id, ticket_id FROM time_entries WHERE ended_at < started_at ORDER BY id`,
        (r) => ({ subject: `ticket #${r.ticket_id as number}`, message: `time entry #${r.id as number} ends before it starts` }),
      );
      yield* rows(
        db,
        `SELECT id, ticket_id FROM time_entries WHERE ended_at IS NULL AND (stops_at IS NULL OR stops_at < started_at) ORDER BY id`,
        (r) => ({ subject: `ticket #${r.ticket_id as number}`, message: `timer #${r.id as number} has no valid instant to stop by itself: it would count nights and weekends` }),
      );
    },
  },
  {
    name: 'time-entries',
    description: "worked time is real work: no entry starts before the ticket's first take, and one agent's entries on a ticket never overlap",
    *run(ctx, db) {
      yield* rows(
        db,
        `SELECT te.id, te.ticket_id, te.started_at, f.at AS taken_at
           FROM time_entries te
           LEFT JOIN (SELECT ticket_id, min(at) AS at FROM ticket_events WHERE event = 'taken' GROUP BY ticket_id) f ON f.ticket_id = te.ticket_id
          WHERE f.at IS NULL OR te.started_at < f.at
          ORDER BY te.id`,
        (r) => ({
          subject: `ticket #${r.ticket_id as number}`,
          message:
            r.taken_at === null
              ? `time entry #${r.id as number} on a ticket never taken`
              : `time entry #${r.id as number} starts at ${new Date(r.started_at as number).toISOString()}, before the ticket was taken (${new Date(r.taken_at as number).toISOString()})`,
        }),
      );
      // Each entry against the latest end of the agent's earlier entries on the ticket: one sort, linear.
      yield* rows(
        db,
        `SELECT id, ticket_id, agent, previous_end, started_at FROM (
           SELECT id, ticket_id, agent, started_at,
                  max(${entryEnd('@now')}) OVER (PARTITION BY ticket_id, agent ORDER BY started_at, id
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
             FROM time_entries)
          WHERE started_at < previous_end
          ORDER BY ticket_id, id`,
        (r) => ({
          subject: `ticket #${r.ticket_id as number}`,
          message: `time entry #${r.id as number} of ${String(r.agent)} starts at ${new Date(r.started_at as number).toISOString()}, within the agent's earlier time on it (until ${new Date(r.previous_end as number).toISOString()}): counted twice`,
        }),
        { now: ctx.now },
      );
    },
  },
  {
    name: 'ticket-history',
    description: "each ticket's status is the one its last state event (opened, taken, released, closed, reopened) leaves it in",
    run: (_ctx, db) =>
      rows(
        db,
        // The last state event read backwards on the (ticket_id, id) index: one or two rows per ticket.
        `SELECT t.id, t.status, e.event, e.id AS event_id
           FROM tickets t
           LEFT JOIN ticket_events e
             ON e.id = (SELECT id FROM ticket_events WHERE ticket_id = t.id AND event IN ${STATE_EVENT_LIST} ORDER BY id DESC LIMIT 1)
          WHERE e.id IS NULL OR t.status IS NOT ${STATUS_AFTER_EVENT}
          ORDER BY t.id`,
        (r) => ({
          subject: ticket(r),
          message:
            r.event === null
              ? `status ${String(r.status)} but no state event in its history`
              : `status ${String(r.status)} but its last state event (#${r.event_id as number}) is '${r.event as string}'`,
        }),
      ),
  },
];

function sqliteFailure(err: unknown): string {
  return `the check could not run: ${(err as { code: string }).code}: ${err instanceof Error ? err.message : String(err)}`;
}

export function checkDatabase(ctx: Ctx, options: CheckOptions = {}): CheckReport {
  const db = ctx.store.sqlite;
  // One read transaction: one snapshot of the whole desk, writers not blocked
  // (WAL). Rolled back, not committed: it wrote nothing, and a damaged file
  // can fail a COMMIT as it fails a query.
  db.exec('BEGIN');
  try {
    const checks: CheckSummary[] = [];
    const findings: Finding[] = [];
    for (const check of CHECKS) {
      let count = 0;
      const keep = (f: Found) => {
        if (count++ < LISTED_PER_CHECK) findings.push({ check: check.name, ...f });
      };
      try {
        for (const f of check.run(ctx, db, options)) keep(f);
      } catch (err) {
        // A damaged file can fail a query: that is a finding, not a crash.
        if (!String((err as { code?: unknown }).code).startsWith('SQLITE_')) throw err;
        keep({ subject: 'database', message: sqliteFailure(err) });
      }
      checks.push({ name: check.name, description: check.description, findings: count });
    }
    return { database: ctx.store.path, quick: Boolean(options.quick), ok: findings.length === 0, checks, findings };
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}
