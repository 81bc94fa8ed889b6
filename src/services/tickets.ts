// The ticket lifecycle: open (red) → take (orange) → close (green), with
// reopen and release back to red, and the time entries counted by rule 5.
// Every change is one BEGIN IMMEDIATE transaction that also writes a history event.
import type { tickets } from '../db/schema.js';
import { conflict, invalidInput, notFound, refused } from '../errors.js';
import { businessMinutesBetween } from '../rules/business-time.js';
import { localTime } from '../rules/calendar.js';
import { isLicensedOn } from '../rules/credit-validity.js';
import { formatMinutes } from '../rules/duration.js';
import { billableMinutes, slicesFor, workedSeconds } from '../rules/slices.js';
import { requireClient } from './clients.js';
import { iso, isoOrNull, today, type Ctx } from './context.js';
import { creditState, termsOf } from './credit.js';
import { fixOf, recordFix, type FixDetails } from './fixes.js';
import { holidayCheck } from './holidays.js';
import { queueReceipt } from './receipts.js';
import { ticketSql } from './sql/tickets.js';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketWithCode = TicketRow & { clientCode: string };

/** A row read through the statements of sql/tickets.ts: SQLite's 0/1 defect as a boolean. */
export function ticketRow<T extends Omit<TicketRow, 'defect'> & { defect: unknown }>(raw: T): T & { defect: boolean } {
  return Object.assign(raw, { defect: raw.defect === 1 });
}
export type Status = 'pending' | 'in_progress' | 'resolved';

export const COLOR: Record<Status, 'red' | 'orange' | 'green'> = { pending: 'red', in_progress: 'orange', resolved: 'green' };
export const STATUS_OF_COLOR = { red: 'pending', orange: 'in_progress', green: 'resolved' } as const;

/** The SPEC's ticket JSON shape. */
export interface TicketView {
  number: number;
  client: string;
  subject: string;
  status: Status;
  color: 'red' | 'orange' | 'green';
  createdAt: string;
  takenAt: string | null;
  takenBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  defect: boolean;
  workedSeconds: number;
  slices: number;
  billableMinutes: number;
  chargedMinutes: number;
  timerRunning: boolean;
  ageBusinessMinutes: number;
}

export interface EntryView {
  agent: string;
  startedAt: string;
  endedAt: string | null;
  seconds: number;
  note: string | null;
}

export interface HistoryView {
  at: string;
  agent: string;
  event: string;
  detail: string | null;
}

export interface BillRecordView {
  at: string;
  agent: string;
  billableMinutes: number;
  previouslyChargedMinutes: number;
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
}

/** What `tickets show` says of a ticket's billing: totals, each bill run, the fix owed for a defect. */
export interface BillingView {
  chargedMinutes: number;
  waivedMinutes: number;
  uncoveredMinutes: number;
  bills: BillRecordView[];
  fix: FixDetails | null;
}

export interface TicketDetails {
  ticket: TicketView;
  body: string | null;
  entries: EntryView[];
  history: HistoryView[];
  billing: BillingView;
}

/** The total the slice rule applies to: every entry, running ones up to now. */
export function workedOf(ctx: Ctx, ticketId: number): { seconds: number; running: boolean } {
  const row = ticketSql(ctx.store.sqlite).worked.get(ctx.now, ticketId) as { ms: number; running: number };
  return { seconds: workedSeconds(row.ms), running: row.running > 0 };
}

/** Ticket views for rows already read (queue, show); holidays loaded once for all. */
export async function ticketViews(ctx: Ctx, rows: readonly TicketWithCode[]): Promise<TicketView[]> {
  if (rows.length === 0) return [];
  const first = Math.min(...rows.map((r) => r.createdAt));
  const isHoliday = await holidayCheck(ctx, Number(localTime(first, ctx.tz).day.slice(0, 4)), Number(today(ctx).slice(0, 4)));
  return rows.map((r) => {
    const worked = workedOf(ctx, r.id);
    const status = r.status as Status;
    return {
      number: r.id,
      client: r.clientCode,
      subject: r.subject,
      status,
      color: COLOR[status],
      createdAt: iso(r.createdAt),
      takenAt: isoOrNull(r.takenAt),
      takenBy: r.takenBy,
      resolvedAt: isoOrNull(r.resolvedAt),
      resolution: r.resolution,
      defect: r.defect,
      workedSeconds: worked.seconds,
      slices: slicesFor(worked.seconds),
      billableMinutes: billableMinutes(worked.seconds),
      chargedMinutes: r.chargedMinutes,
      timerRunning: worked.running,
      ageBusinessMinutes: businessMinutesBetween(r.createdAt, r.resolvedAt ?? ctx.now, ctx.tz, isHoliday),
    };
  });
}

function readTicket(ctx: Ctx, number: number): TicketWithCode {
  const row = ticketSql(ctx.store.sqlite).ticket.get(number) as TicketWithCode | undefined;
  if (!row) throw notFound('TICKET_NOT_FOUND', `no ticket #${number}`, "see 'alias-support queue --state all'");
  return ticketRow(row);
}

export async function ticketView(ctx: Ctx, number: number): Promise<TicketView> {
  const [view] = await ticketViews(ctx, [readTicket(ctx, number)]);
  return view!;
}

export function entriesOf(ctx: Ctx, number: number): EntryView[] {
  return (ticketSql(ctx.store.sqlite).entries.all(number) as { agent: string; startedAt: number; endedAt: number | null; note: string | null }[]).map(
    (e) => ({
      agent: e.agent,
      startedAt: iso(e.startedAt),
      endedAt: isoOrNull(e.endedAt),
      seconds: workedSeconds((e.endedAt ?? ctx.now) - e.startedAt),
      note: e.note,
    }),
  );
}

export function historyOf(ctx: Ctx, number: number): HistoryView[] {
  return (ticketSql(ctx.store.sqlite).history.all(number) as { at: number; agent: string; event: string; detail: string | null }[]).map((e) => ({
    ...e,
    at: iso(e.at),
  }));
}

export async function showTicket(ctx: Ctx, number: number): Promise<TicketDetails> {
  const row = readTicket(ctx, number);
  const [ticket] = await ticketViews(ctx, [row]);
  return { ticket: ticket!, body: row.body, entries: entriesOf(ctx, number), history: historyOf(ctx, number), billing: billingOf(ctx, row) };
}

function billingOf(ctx: Ctx, row: TicketRow): BillingView {
  const records = ticketSql(ctx.store.sqlite).bills.all(row.id) as (Omit<BillRecordView, 'at'> & { at: number })[];
  return {
    chargedMinutes: row.chargedMinutes,
    waivedMinutes: row.waivedMinutes,
    uncoveredMinutes: row.uncoveredMinutes,
    bills: records.map((b) => ({ ...b, at: iso(b.at) })),
    fix: fixOf(ctx, row.id) ?? null,
  };
}

export function recordEvent(ctx: Ctx, ticketId: number, event: string, detail: string | null = null): void {
  ticketSql(ctx.store.sqlite).addEvent.run(ticketId, ctx.now, ctx.agent, event, detail);
}

function stopTimers(ctx: Ctx, ticketId: number, agent?: string): number {
  const q = ticketSql(ctx.store.sqlite);
  // Never before its start: every change is refused before the ticket's latest event (assertClockNotBehind), a timer's start among them.
  return (agent === undefined ? q.stopTimers.run(ctx.now, ticketId) : q.stopTimersOf.run(ctx.now, ticketId, agent)).changes;
}

/**
 * A change dated before the ticket's latest event (a clock or ALIAS_SUPPORT_NOW
 * set back) would write a history out of order: a take before the opening, a
 * close before the take. Refused, whatever the change.
 */
function assertClockNotBehind(ctx: Ctx, row: TicketRow): void {
  const latest = ticketSql(ctx.store.sqlite).latestEvent.get(row.id) as { at: number; event: string } | undefined;
  if (latest && ctx.now < latest.at)
    throw conflict(
      'CLOCK_BEHIND',
      `#${row.id} cannot change at ${iso(ctx.now)}: its latest event (${latest.event}) is at ${iso(latest.at)}, later`,
      'the clock is behind the ticket\'s history: check the system clock or ALIAS_SUPPORT_NOW',
    );
}

/** Runs a state change on one ticket inside one immediate transaction, then renders it. */
async function change(ctx: Ctx, number: number, apply: (row: TicketWithCode) => void): Promise<TicketView> {
  ctx.store.immediate(() => {
    const row = readTicket(ctx, number);
    assertClockNotBehind(ctx, row);
    apply(row);
  });
  return ticketView(ctx, number);
}

function invalidTransition(row: TicketRow, action: string, hint?: string): never {
  const color = COLOR[row.status as Status];
  throw conflict('INVALID_TRANSITION', `#${row.id} is ${color}: it cannot be ${action}`, hint);
}

// ---------------------------------------------------------------- open

export interface NewTicket {
  client: string;
  subject: string;
  body?: string;
  language?: string;
}

export async function openTicket(ctx: Ctx, input: NewTicket): Promise<TicketView> {
  const subject = input.subject.trim();
  if (!subject) throw invalidInput('a ticket needs a --subject');
  const number = ctx.store.immediate(() => {
    const client = requireClient(ctx, input.client);
    const id = Number(ticketSql(ctx.store.sqlite).open.run(client.id, subject, input.body ?? null, ctx.now, ctx.now).lastInsertRowid);
    // Rule 4: the receipt is queued with the ticket, never without it.
    const receiptProblem = queueReceipt(ctx, { number: id, subject, client, language: input.language });
    recordEvent(ctx, id, 'opened', receiptProblem);
    return id;
  });
  return ticketView(ctx, number);
}

// ---------------------------------------------------------------- take

export interface TakeOptions {
  force?: boolean;
}

/** Why the support terms refuse a take today, or null. */
export function takeRefusal(ctx: Ctx, clientId: number, clientCode: string): ReturnType<typeof refused> | null {
  const day = today(ctx);
  const terms = termsOf(ctx, clientId);
  if (!isLicensedOn(terms, day)) {
    const credit = creditState(ctx, clientId, day, terms);
    return refused(
      'LICENCE_INACTIVE',
      `${clientCode} holds no licence covering ${day} (credit ${credit.validity})`,
      'record a renewal with licences add, or pass --force to take it anyway',
    );
  }
  const credit = creditState(ctx, clientId, day, terms);
  if (credit.balanceMinutes <= 0)
    return refused('NO_CREDIT', `${clientCode} has no assistance credit left`, 'the client must buy AST01/AST02/AST05, or pass --force');
  return null;
}

function takeRow(ctx: Ctx, row: TicketWithCode, options: TakeOptions): void {
  if (row.status === 'in_progress')
    throw conflict('TICKET_ALREADY_TAKEN', `#${row.id} is already taken by ${row.takenBy}`, "see 'alias-support queue' for red tickets");
  if (row.status !== 'pending') invalidTransition(row, 'taken', `reopen it first: alias-support reopen ${row.id}`);
  const refusal = takeRefusal(ctx, row.clientId, row.clientCode);
  if (refusal && !options.force) throw refusal;
  if (refusal) recordEvent(ctx, row.id, 'forced', `${refusal.code}: ${refusal.message}`);
  const q = ticketSql(ctx.store.sqlite);
  q.take.run(ctx.now, ctx.agent, row.id);
  // Rule 5: counting starts at the take.
  q.addEntry.run(row.id, ctx.agent, ctx.now, null, null);
  recordEvent(ctx, row.id, 'taken', null);
}

export function take(ctx: Ctx, number: number, options: TakeOptions = {}): Promise<TicketView> {
  return change(ctx, number, (row) => takeRow(ctx, row, options));
}

/**
 * SPEC: `take --next` takes the oldest red ticket. When the terms refuse it,
 * the refusal names the oldest red ticket they allow, so the agent can take
 * that one by number (or the oldest anyway with --force).
 */
export async function takeNext(ctx: Ctx, options: TakeOptions = {}): Promise<TicketView> {
  const number = ctx.store.immediate(() => {
    const red = (offset: number, limit: number) => (ticketSql(ctx.store.sqlite).red.all(limit, offset) as TicketWithCode[]).map(ticketRow);
    const [oldest] = red(0, 1);
    if (!oldest) throw notFound('TICKET_NOT_FOUND', 'no red ticket waits in the queue');
    const refusal = takeRefusal(ctx, oldest.clientId, oldest.clientCode);
    if (refusal && !options.force) {
      // Look a little further for a ticket the terms allow (each client judged once).
      const verdicts = new Map<number, boolean>([[oldest.clientId, false]]);
      const allowed = red(1, 500).find((row) => {
        if (!verdicts.has(row.clientId)) verdicts.set(row.clientId, takeRefusal(ctx, row.clientId, row.clientCode) === null);
        return verdicts.get(row.clientId);
      });
      const hint = allowed
        ? `the oldest red ticket the terms allow is #${allowed.id}: take ${allowed.id}; or take --next --force`
        : 'pass --force to take it anyway';
      throw refused(refusal.code, `oldest red ticket #${oldest.id}: ${refusal.message}`, hint);
    }
    assertClockNotBehind(ctx, oldest);
    takeRow(ctx, oldest, options);
    return oldest.id;
  });
  return ticketView(ctx, number);
}

// ---------------------------------------------------------------- time

export interface TimeDetails {
  ticket: TicketView;
  entries: EntryView[];
}

async function withEntries(ctx: Ctx, number: number, ticket?: TicketView): Promise<TimeDetails> {
  return { ticket: ticket ?? (await ticketView(ctx, number)), entries: entriesOf(ctx, number) };
}

export function timeShow(ctx: Ctx, number: number): Promise<TimeDetails> {
  return withEntries(ctx, number);
}

export async function timerStart(ctx: Ctx, number: number): Promise<TimeDetails> {
  const ticket = await change(ctx, number, (row) => {
    if (row.status !== 'in_progress') invalidTransition(row, 'timed (take it first)');
    const q = ticketSql(ctx.store.sqlite);
    if (q.runningTimer.get(row.id, ctx.agent)) throw conflict('TIMER_RUNNING', `your timer on #${row.id} is already running`);
    q.addEntry.run(row.id, ctx.agent, ctx.now, null, null);
    recordEvent(ctx, row.id, 'timer-started');
  });
  return withEntries(ctx, number, ticket);
}

export async function timerStop(ctx: Ctx, number: number): Promise<TimeDetails> {
  const ticket = await change(ctx, number, (row) => {
    if (stopTimers(ctx, row.id, ctx.agent) === 0) throw conflict('TIMER_NOT_RUNNING', `you have no timer running on #${row.id}`);
    recordEvent(ctx, row.id, 'timer-stopped');
  });
  return withEntries(ctx, number, ticket);
}

/** One `time add` at most: a day. More is a typo (minutes typed as seconds), or belongs in one entry per day. */
export const MAX_TIME_ADD_MINUTES = 24 * 60;

/**
 * Time done off the clock (a phone call), ending now. Rule 5: on an orange
 * ticket, or a green one that was taken (it has time entries); a ticket closed
 * from red (duplicate, spam) was never counted and stays at zero.
 */
export async function timeAdd(ctx: Ctx, number: number, minutes: number, note?: string): Promise<TimeDetails> {
  if (minutes <= 0) throw invalidInput('the time to add must be positive', 'e.g. time 1042 add 25m');
  if (minutes > MAX_TIME_ADD_MINUTES)
    throw invalidInput(`at most ${formatMinutes(MAX_TIME_ADD_MINUTES)} can be added at once, not ${formatMinutes(minutes)}`, 'add longer work as one entry per day');
  const ticket = await change(ctx, number, (row) => {
    if (row.status === 'pending') invalidTransition(row, 'timed (counting starts when it is taken)');
    const q = ticketSql(ctx.store.sqlite);
    if (row.status === 'resolved' && !q.anyEntry.get(row.id))
      throw conflict(
        'INVALID_TRANSITION',
        `#${row.id} is green and was never taken: no time can be added (counting starts at the take)`,
        `to work on it: alias-support reopen ${row.id}, then take ${row.id}`,
      );
    q.addEntry.run(row.id, ctx.agent, ctx.now - minutes * 60_000, ctx.now, note ?? null);
    if (row.status === 'resolved') q.markToBill.run(row.id); // more to bill
    recordEvent(ctx, row.id, 'time-added', `${formatMinutes(minutes)}${note ? ` — ${note}` : ''}`);
  });
  return withEntries(ctx, number, ticket);
}

// ---------------------------------------------------------------- close, reopen, release

export interface CloseOptions {
  resolution: string;
  defect?: boolean;
}

export function close(ctx: Ctx, number: number, options: CloseOptions): Promise<TicketView> {
  const resolution = options.resolution.trim();
  if (!resolution) throw invalidInput('closing needs a --resolution');
  return change(ctx, number, (row) => {
    if (row.status === 'resolved') invalidTransition(row, 'closed again (reopen it first)');
    stopTimers(ctx, row.id);
    const defect = options.defect ?? false;
    ticketSql(ctx.store.sqlite).close.run(ctx.now, resolution, defect ? 1 : 0, row.id);
    recordEvent(ctx, row.id, 'closed', defect ? `software defect: ${resolution}` : resolution);
    // Rule 6: the fix owed, by the plan held today (hotfix or next release).
    if (defect) recordFix(ctx, row.id, row.clientId, today(ctx));
  });
}

export function reopen(ctx: Ctx, number: number, reason?: string): Promise<TicketView> {
  return change(ctx, number, (row) => {
    if (row.status !== 'resolved') invalidTransition(row, 'reopened (only green tickets are)');
    ticketSql(ctx.store.sqlite).reopen.run(ctx.now, row.id);
    recordEvent(ctx, row.id, 'reopened', reason?.trim() || null);
  });
}

export function release(ctx: Ctx, number: number, reason?: string): Promise<TicketView> {
  return change(ctx, number, (row) => {
    if (row.status !== 'in_progress') invalidTransition(row, 'released (only orange tickets are)');
    stopTimers(ctx, row.id);
    ticketSql(ctx.store.sqlite).release.run(ctx.now, row.id);
    recordEvent(ctx, row.id, 'released', reason?.trim() || null);
  });
}
