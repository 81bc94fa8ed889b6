// `db check`: the engine's own checks, then the desk's invariants (ledger,
// bills, timers, history). Everything is read in one snapshot, so a check run
// while agents work sees one consistent state. The store finds the rows that
// break each invariant (CheckStore, one pass each: linear on a desk with a
// million tickets); this service judges them by the rules and words them.
import { localDay } from '../rules/calendar.js';
import { forfeitedPartOfReversal } from '../rules/credit-validity.js';
import { STATE_EVENTS, statusAfter } from '../rules/ticket-states.js';
import type { Ctx } from './context.js';
import { creditStates, termsOf } from './credit.js';

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

type Found = Omit<Finding, 'check'>;

interface Check {
  name: string;
  description: string;
  run(ctx: Ctx, options: CheckOptions): Iterable<Found>;
}

const ticket = (id: number) => `ticket #${id}`;
const instant = (ms: number) => new Date(ms).toISOString();

// Each state-changing history event and the status it leaves the ticket in (rules/ticket-states.ts).
const STATUS_AFTER_EVENT: ReadonlyMap<string, string> = new Map(STATE_EVENTS.map((e) => [e, statusAfter(e)]));

export const CHECKS: readonly Check[] = [
  {
    name: 'integrity',
    description: 'SQLite integrity_check: pages, indexes and records are sound',
    *run(ctx, options) {
      for (const problem of ctx.store.check.integrityProblems(Boolean(options.quick)))
        yield { subject: 'database', message: problem };
    },
  },
  {
    name: 'foreign-keys',
    description: 'every reference points at an existing row',
    *run(ctx) {
      for (const r of ctx.store.check.danglingReferences())
        yield { subject: `${r.table} row ${r.row}`, message: `refers to a missing row of ${r.parent}` };
    },
  },
  {
    name: 'ledger-entries',
    description:
      'each entry has a known kind with the right sign; charges and reversals belong to a ticket of the same client',
    *run(ctx) {
      for (const r of ctx.store.check.oddLedgerEntries())
        yield {
          subject: `ledger entry #${r.id}`,
          message:
            r.kind === 'consumption' || r.kind === 'reversal'
              ? r.ticketId === null
                ? `${r.kind} of ${r.minutes} min without a ticket`
                : r.ticketClientId !== r.clientId
                  ? `${r.kind} for ticket #${r.ticketId} of another client`
                  : `${r.kind} of ${r.minutes} min has the wrong sign`
              : `${String(r.kind)} of ${r.minutes} min: unknown kind or wrong sign`,
        };
    },
  },
  {
    name: 'balances',
    description:
      'no balance ever below zero: the running balance in date order (as statements show it), and today net of forfeits due',
    *run(ctx) {
      for (const r of ctx.store.check.negativeRunningBalances())
        yield {
          subject: `client ${String(r.code)}`,
          message: `the balance falls below zero (lowest ${r.lowest} min) from ledger entry #${r.firstNegativeEntry}`,
        };
      for (const c of creditStates(ctx))
        if (c.balanceMinutes < 0)
          yield {
            subject: `client ${c.code}`,
            message: `the balance today, net of forfeits due, is ${c.balanceMinutes} min`,
          };
    },
  },
  {
    name: 'kept-balances',
    description: "each client's balance kept for quick reading (client_balances) equals the sum of its ledger entries",
    *run(ctx) {
      for (const r of ctx.store.check.keptBalanceMismatches())
        yield {
          subject: r.code === null ? `ledger client #${r.clientId}` : `client ${r.code}`,
          message:
            r.kept === null
              ? `no kept balance, the ledger sums to ${r.ledger} min`
              : `the kept balance is ${r.kept} min, the ledger sums to ${r.ledger} min`,
        };
    },
  },
  {
    name: 'reversal-forfeits',
    description:
      'a charge given back after a forfeit day comes with a forfeit of the part that forfeit took: forfeited credit never comes back',
    *run(ctx) {
      // Reversals are rare (software defects found after billing): each is judged with the rule billing applies.
      for (const r of ctx.store.check.reversals()) {
        const day = localDay(r.at, ctx.tz);
        const terms = termsOf(ctx, r.clientId).filter((t) => t.recordedOn === undefined || t.recordedOn <= day);
        const before = ctx.store.check
          .chargesBefore(r.ticketId, r.id)
          .map((c) => ({ day: localDay(c.at, ctx.tz), minutes: c.minutes, kind: c.kind, reference: null }));
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
    description:
      'each imported order has its purchase entry (same client, same minutes) and each purchase entry its order',
    *run(ctx) {
      for (const r of ctx.store.check.unmatchedPurchases())
        yield {
          subject: `order ${r.orderId}`,
          message:
            r.entryId === null
              ? 'its ledger entry is missing'
              : `its ledger entry #${r.entryId} is a ${String(r.entryKind)} of ${r.entryMinutes} min${r.sameClient ? '' : ' of another client'}, the order is worth ${r.minutes} min`,
        };
      for (const r of ctx.store.check.purchaseEntriesWithoutOrder())
        yield { subject: `ledger entry #${r.id}`, message: `purchase of ${r.minutes} min without an imported order` };
    },
  },
  {
    name: 'ticket-charges',
    description:
      "each ticket's charged minutes equal its ledger charges less reversals, and its totals equal the sums of its bills",
    *run(ctx) {
      for (const r of ctx.store.check.ticketTotalsMismatches())
        yield {
          subject: ticket(r.id),
          message:
            `charged ${r.charged} min, waived ${r.waived}, uncovered ${r.uncovered}; ` +
            `the ledger holds ${r.ledgerCharged} min of charges, its bills ${r.billsCharged}/${r.billsWaived}/${r.billsUncovered}`,
        };
      for (const r of ctx.store.check.unmatchedBills())
        yield {
          subject: ticket(r.ticketId),
          message:
            r.entryId === null
              ? `bill #${r.id} charged ${r.charged} min without a ledger entry`
              : `bill #${r.id} charged ${r.charged} min but its ledger entry #${r.entryId} is ${r.entryMinutes} min${r.entryTicketId === r.ticketId ? '' : ' for another ticket'}`,
        };
    },
  },
  {
    name: 'ticket-billing',
    description: 'bills follow the slice rule, and charged + waived + uncovered = billable at the last bill',
    *run(ctx) {
      for (const r of ctx.store.check.billsAgainstSliceRule())
        yield {
          subject: ticket(r.ticketId),
          message: `bill #${r.id}: ${r.workedSeconds} s worked cannot be ${r.billableMinutes} billable minutes`,
        };
      for (const r of ctx.store.check.totalsAgainstLastBill())
        yield {
          subject: ticket(r.id),
          message: `charged + waived + uncovered = ${r.accounted} min, but ${r.billableMinutes} min were billable at its last bill`,
        };
    },
  },
  {
    name: 'to-bill',
    description:
      'every green ticket whose billable minutes grew since its last bill (or never billed) is marked to bill (tickets.to_bill), so that bill --all reads it',
    *run(ctx) {
      // A defect is owed a bill while they differ at all (the waiver follows them), other tickets while they grew.
      for (const r of ctx.store.check.unmarkedToBill())
        yield {
          subject: ticket(r.id),
          message: `green with ${r.billable} min billable, ${r.billed} at its last bill, but not marked to bill: bill --all would skip it`,
        };
    },
  },
  {
    name: 'timers',
    description:
      'timers run only on orange tickets and stop by themselves at the end of the support day; no time entry ends before it starts',
    *run(ctx) {
      for (const r of ctx.store.check.timersOffOrange())
        yield {
          subject: ticket(r.id),
          message: `${r.running} timer(s) running on a ${r.status === 'resolved' ? 'resolved (green)' : r.status} ticket`,
        };
      for (const r of ctx.store.check.entriesEndingBeforeStart())
        yield { subject: ticket(r.ticketId), message: `time entry #${r.id} ends before it starts` };
      for (const r of ctx.store.check.timersWithoutStop())
        yield {
          subject: ticket(r.ticketId),
          message: `timer #${r.id} has no valid instant to stop by itself: it would count nights and weekends`,
        };
    },
  },
  {
    name: 'time-entries',
    description:
      "worked time is real work: no entry starts before the ticket's first take, and one agent's entries on a ticket never overlap",
    *run(ctx) {
      for (const r of ctx.store.check.entriesBeforeTake())
        yield {
          subject: ticket(r.ticketId),
          message:
            r.takenAt === null
              ? `time entry #${r.id} on a ticket never taken`
              : `time entry #${r.id} starts at ${instant(r.startedAt)}, before the ticket was taken (${instant(r.takenAt)})`,
        };
      for (const r of ctx.store.check.overlappingEntries(ctx.now))
        yield {
          subject: ticket(r.ticketId),
          message: `time entry #${r.id} of ${r.agent} starts at ${instant(r.startedAt)}, within the agent's earlier time on it (until ${instant(r.previousEnd)}): counted twice`,
        };
    },
  },
  {
    name: 'ticket-history',
    description:
      "each ticket's status is the one its last state event (opened, taken, released, closed, reopened) leaves it in",
    *run(ctx) {
      for (const r of ctx.store.check.statusBehindHistory(STATUS_AFTER_EVENT))
        yield {
          subject: ticket(r.id),
          message:
            r.event === null
              ? `status ${r.status} but no state event in its history`
              : `status ${r.status} but its last state event (#${r.eventId}) is '${r.event}'`,
        };
    },
  },
];

export function checkDatabase(ctx: Ctx, options: CheckOptions = {}): CheckReport {
  // One snapshot of the whole desk, writers not blocked.
  return ctx.store.check.snapshot(() => {
    const checks: CheckSummary[] = [];
    const findings: Finding[] = [];
    for (const check of CHECKS) {
      let count = 0;
      const keep = (f: Found) => {
        if (count++ < LISTED_PER_CHECK) findings.push({ check: check.name, ...f });
      };
      try {
        for (const f of check.run(ctx, options)) keep(f);
      } catch (err) {
        // A damaged file can fail a query: that is a finding, not a crash.
        const failure = ctx.store.check.engineFailure(err);
        if (failure === undefined) throw err;
        keep({ subject: 'database', message: `the check could not run: ${failure}` });
      }
      checks.push({ name: check.name, description: check.description, findings: count });
    }
    return { database: ctx.store.path, quick: Boolean(options.quick), ok: findings.length === 0, checks, findings };
  });
}
