// The ticket lifecycle: open (red) → take (orange) → close (green), with
// reopen and release back to red, and the time entries counted by docs/terms.md §5.
// Every change is one BEGIN IMMEDIATE transaction that also writes a history event.
import { AppError, conflict, invalidInput, notFound, refused } from '../errors.js';
import { autoStopAt, businessMinutesBetween } from '../rules/business-time.js';
import { localTime } from '../rules/calendar.js';
import { isLicensedOn } from '../rules/credit-validity.js';
import { formatMinutes } from '../rules/duration.js';
import { billableMinutes, slicesFor, workedSeconds } from '../rules/slices.js';
import { requireClient, type ClientRow } from './clients.js';
import { requireContactOf, type Contact } from './contacts.js';
import { iso, isoOrNull, today, type Ctx } from './context.js';
import { creditState, termsOf } from './credit.js';
import { fixOf, recordFix, type FixDetails } from './fixes.js';
import { holidayCheck } from './holidays.js';
import { queueReceipt } from './receipts.js';
import { COLOR, STATUS_OF_COLOR, transition, type TicketColor, type TicketStatus } from '../rules/ticket-states.js';
import type { TicketBill } from '../store/bills.js';
import type { RedCandidate, TicketRow, TicketWithCode } from '../store/tickets.js';

export type Status = TicketStatus;
export { COLOR, STATUS_OF_COLOR };

/** The ticket's JSON shape (stable: fields are added, never renamed). */
export interface TicketView {
  number: number;
  client: string;
  subject: string;
  status: Status;
  color: TicketColor;
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
  /** the e-mail of the contact who sent the request (null: none recorded) */
  requester: string | null;
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

/** A bill run's record as `tickets show` shows it: the store's row, its instant in ISO form. */
export type BillRecordView = Omit<TicketBill, 'at'> & { at: string };

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

/** The total the slice rule applies to: every entry, running ones up to now (or where they stopped by themselves). */
export function workedOf(ctx: Ctx, ticketId: number): { seconds: number; running: boolean } {
  const worked = ctx.store.tickets.worked(ticketId, ctx.now);
  return { seconds: workedSeconds(worked.ms), running: worked.running };
}

/** Ticket views for rows already read (queue, show); holidays loaded once for all. */
export async function ticketViews(ctx: Ctx, rows: readonly TicketWithCode[]): Promise<TicketView[]> {
  if (rows.length === 0) return [];
  const first = Math.min(...rows.map((r) => r.createdAt));
  const isHoliday = await holidayCheck(
    ctx,
    Number(localTime(first, ctx.tz).day.slice(0, 4)),
    Number(today(ctx).slice(0, 4)),
  );
  const workedMs = ctx.store.tickets.workedOfEach(
    rows.map((r) => r.id),
    ctx.now,
  );
  return rows.map((r) => {
    const { ms, running } = workedMs.get(r.id)!;
    const worked = { seconds: workedSeconds(ms), running };
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
      requester: r.requester,
    };
  });
}

function readTicket(ctx: Ctx, number: number): TicketWithCode {
  const row = ctx.store.tickets.ticket(number);
  if (!row) throw notFound('TICKET_NOT_FOUND', `no ticket #${number}`, "see 'alias-support queue --state all'");
  return row;
}

export async function ticketView(ctx: Ctx, number: number): Promise<TicketView> {
  const [view] = await ticketViews(ctx, [readTicket(ctx, number)]);
  return view!;
}

export function entriesOf(ctx: Ctx, number: number): EntryView[] {
  return ctx.store.tickets.entries(number, ctx.now).map((e) => ({
    agent: e.agent,
    startedAt: iso(e.startedAt),
    endedAt: e.running ? null : iso(e.endedAt),
    seconds: workedSeconds(e.endedAt - e.startedAt),
    note: e.note,
  }));
}

/**
 * The recorded events, with an `auto-stopped` event where a timer stopped by
 * itself: derived from the entries (like validity from the licences), so it
 * is there whether or not a command ran at that moment.
 */
export function historyOf(ctx: Ctx, number: number): HistoryView[] {
  const recorded = ctx.store.tickets.history(number);
  const stops = ctx.store.tickets
    .entries(number, ctx.now)
    .filter((e) => e.autoStopped)
    .map((e) => ({
      at: e.endedAt,
      agent: e.agent,
      event: 'auto-stopped',
      detail: 'timer stopped at the end of the support day',
    }));
  const events = [...recorded];
  // Each stop before the recorded events of its instant or later (recorded events are in time order: the clock only moves forward).
  for (const stop of stops.sort((a, b) => a.at - b.at)) {
    const i = events.findIndex((e) => e.at >= stop.at && e.event !== 'auto-stopped');
    events.splice(i < 0 ? events.length : i, 0, stop);
  }
  return events.map((e) => ({ ...e, at: iso(e.at) }));
}

export async function showTicket(ctx: Ctx, number: number): Promise<TicketDetails> {
  const row = readTicket(ctx, number);
  const [ticket] = await ticketViews(ctx, [row]);
  return {
    ticket: ticket!,
    body: row.body,
    entries: entriesOf(ctx, number),
    history: historyOf(ctx, number),
    billing: billingOf(ctx, row),
  };
}

function billingOf(ctx: Ctx, row: TicketRow): BillingView {
  const records = ctx.store.bills.ofTicket(row.id);
  return {
    chargedMinutes: row.chargedMinutes,
    waivedMinutes: row.waivedMinutes,
    uncoveredMinutes: row.uncoveredMinutes,
    bills: records.map((b) => ({ ...b, at: iso(b.at) })),
    fix: fixOf(ctx, row.id) ?? null,
  };
}

export function recordEvent(ctx: Ctx, ticketId: number, event: string, detail: string | null = null): void {
  ctx.store.tickets.addEvent(ticketId, ctx.now, ctx.agent, event, detail);
}

/** Ends the timers of a ticket (or of one agent on it) now, or where they stopped by themselves. */
function stopTimers(ctx: Ctx, ticketId: number, agent?: string): void {
  // Never before its start: every change is refused before the ticket's latest event (assertClockNotBehind), a timer's start among them.
  ctx.store.tickets.stopTimers(ticketId, ctx.now, agent);
}

/** Where a timer started now stops by itself; the holidays are read before the transaction (loading a year is async). */
async function timerStops(ctx: Ctx): Promise<number> {
  const year = Number(today(ctx).slice(0, 4));
  return autoStopAt(ctx.now, ctx.tz, await holidayCheck(ctx, year, year));
}

function startTimer(ctx: Ctx, ticketId: number, stopsAt: number): void {
  ctx.store.tickets.addEntry({ ticketId, agent: ctx.agent, startedAt: ctx.now, endedAt: null, note: null, stopsAt });
}

const timerRunning = (ctx: Ctx, ticketId: number): boolean =>
  ctx.store.tickets.timerRunning(ticketId, ctx.agent, ctx.now);

/**
 * A change dated before the ticket's latest event (a clock or ALIAS_SUPPORT_NOW
 * set back) would write a history out of order: a take before the opening, a
 * close before the take. Refused, whatever the change.
 */
export function assertClockNotBehind(
  ctx: Ctx,
  row: { id: number },
  latest: { at: number; event?: string } | undefined = ctx.store.tickets.latestEvent(row.id),
): void {
  if (latest && ctx.now < latest.at)
    throw conflict(
      'CLOCK_BEHIND',
      `#${row.id} cannot change at ${iso(ctx.now)}: its latest event${latest.event ? ` (${latest.event})` : ''} is at ${iso(latest.at)}, later`,
      "the clock is behind the ticket's history: check the system clock or ALIAS_SUPPORT_NOW",
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
  /** the requester's e-mail: one of the client's contacts */
  from?: string;
}

export interface TicketInsert {
  subject: string;
  body: string | null;
  requester?: Contact;
  /** the client-space form it came from (submitted twice, it makes one ticket) */
  formKey?: string;
  language?: string;
}

/** Inside the caller's transaction: a red ticket, its receipt and its first event; the ticket number. */
export function insertTicket(ctx: Ctx, client: ClientRow, t: TicketInsert): number {
  const id = ctx.store.tickets.open({
    clientId: client.id,
    subject: t.subject,
    body: t.body,
    at: ctx.now,
    requesterId: t.requester?.id ?? null,
    formKey: t.formKey ?? null,
  });
  // docs/terms.md §4: the receipt is queued with the ticket, never without it.
  const receiptProblem = queueReceipt(ctx, {
    number: id,
    subject: t.subject,
    client,
    requester: t.requester,
    language: t.language,
  });
  recordEvent(ctx, id, 'opened', receiptProblem);
  return id;
}

export async function openTicket(ctx: Ctx, input: NewTicket): Promise<TicketView> {
  const subject = input.subject.trim();
  if (!subject) throw invalidInput('a ticket needs a --subject');
  const number = ctx.store.immediate(() => {
    const client = requireClient(ctx, input.client);
    const requester = input.from === undefined ? undefined : requireContactOf(ctx, client, input.from);
    return insertTicket(ctx, client, { subject, body: input.body ?? null, requester, language: input.language });
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
    return refused(
      'NO_CREDIT',
      `${clientCode} has no assistance credit left`,
      'the client must buy AST01/AST02/AST05, or pass --force',
    );
  return null;
}

function takeRow(ctx: Ctx, row: TicketWithCode, options: TakeOptions, stopsAt: number): void {
  if (row.status === 'in_progress')
    throw conflict(
      'TICKET_ALREADY_TAKEN',
      `#${row.id} is already taken by ${row.takenBy}`,
      "see 'alias-support queue' for red tickets",
    );
  if (!transition(row.status as Status, 'taken'))
    invalidTransition(row, 'taken', `reopen it first: alias-support reopen ${row.id}`);
  const refusal = takeRefusal(ctx, row.clientId, row.clientCode);
  if (refusal && !options.force) throw refusal;
  if (refusal) recordEvent(ctx, row.id, 'forced', `${refusal.code}: ${refusal.message}`);
  ctx.store.tickets.take(row.id, ctx.now, ctx.agent);
  // docs/terms.md §5: counting starts at the take.
  startTimer(ctx, row.id, stopsAt);
  recordEvent(ctx, row.id, 'taken', null);
}

export async function take(ctx: Ctx, number: number, options: TakeOptions = {}): Promise<TicketView> {
  const stopsAt = await timerStops(ctx);
  return change(ctx, number, (row) => takeRow(ctx, row, options, stopsAt));
}

/** Red tickets of clients not judged yet, read a few at a time: the ticket wanted is usually near the front. */
const CANDIDATES = 16;

/**
 * SPEC: `take --next` takes the oldest red ticket the terms allow: a refused
 * client never blocks the queue for the others. Each client is judged once;
 * the queue is read in order, skipping (in SQL) the tickets of clients
 * already refused, so the cost grows with the clients met, not with their
 * tickets. None allowed: refused with the oldest one's reason. --force takes
 * the oldest whatever the terms.
 */
export async function takeNext(ctx: Ctx, options: TakeOptions = {}): Promise<TicketView> {
  const stopsAt = await timerStops(ctx);
  const number = ctx.store.immediate(() => {
    const candidates = (after: RedCandidate | undefined, refused: number[]) =>
      ctx.store.tickets.redCandidates(after, refused, CANDIDATES);
    const verdicts = new Map<number, ReturnType<typeof takeRefusal>>();
    const refusedClients: number[] = [];
    let oldest: RedCandidate | undefined;
    let chosen: RedCandidate | undefined;
    for (
      let batch = candidates(undefined, []), after: RedCandidate | undefined;
      batch.length > 0 && !chosen;
      batch = candidates(after, refusedClients)
    ) {
      oldest ??= batch[0];
      for (const row of batch) {
        if (chosen) break;
        if (!options.force && !verdicts.has(row.clientId)) {
          const refusal = takeRefusal(ctx, row.clientId, row.clientCode);
          verdicts.set(row.clientId, refusal);
          if (refusal) refusedClients.push(row.clientId);
        }
        // Another agent's take --next may hold this one: the next candidate, then.
        if ((options.force || verdicts.get(row.clientId) === null) && ctx.store.tickets.claimRed(row.id)) chosen = row;
      }
      after = batch.at(-1);
    }
    if (!oldest) throw notFound('TICKET_NOT_FOUND', 'no red ticket waits in the queue');
    if (!chosen) {
      const refusal = verdicts.get(oldest.clientId)!;
      throw new AppError(
        refusal.code,
        `no red ticket can be taken: the oldest, #${oldest.id}: ${refusal.message}`,
        refusal.exitCode,
        'pass --force to take the oldest anyway',
      );
    }
    const row = readTicket(ctx, chosen.id);
    assertClockNotBehind(ctx, row);
    takeRow(ctx, row, options, stopsAt);
    return row.id;
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
  const stopsAt = await timerStops(ctx);
  const ticket = await change(ctx, number, (row) => {
    if (row.status !== 'in_progress') invalidTransition(row, 'timed (take it first)');
    if (timerRunning(ctx, row.id)) throw conflict('TIMER_RUNNING', `your timer on #${row.id} is already running`);
    stopTimers(ctx, row.id, ctx.agent); // a timer that stopped by itself ends where it stopped
    startTimer(ctx, row.id, stopsAt);
    recordEvent(ctx, row.id, 'timer-started');
  });
  return withEntries(ctx, number, ticket);
}

export async function timerStop(ctx: Ctx, number: number): Promise<TimeDetails> {
  const ticket = await change(ctx, number, (row) => {
    if (!timerRunning(ctx, row.id))
      throw conflict(
        'TIMER_NOT_RUNNING',
        `you have no timer running on #${row.id}`,
        'a timer stops by itself at the end of the support day: add later work with time add',
      );
    stopTimers(ctx, row.id, ctx.agent);
    recordEvent(ctx, row.id, 'timer-stopped');
  });
  return withEntries(ctx, number, ticket);
}

/** One `time add` at most: a day. More is a typo (minutes typed as seconds), or belongs in one entry per day. */
export const MAX_TIME_ADD_MINUTES = 24 * 60;

/**
 * Time done off the clock (a phone call), from `startAt` (default: now less
 * the duration) and ended by now. docs/terms.md §5: on an orange ticket, or a green one
 * that was taken (it has time entries); a ticket closed from red (duplicate,
 * spam) was never counted and stays at zero. Worked time is real work: never
 * before the ticket's first take, never over the agent's own time on it (a
 * running timer included), so no minute is counted twice.
 */
export async function timeAdd(
  ctx: Ctx,
  number: number,
  minutes: number,
  note?: string,
  startAt?: number,
): Promise<TimeDetails> {
  if (minutes <= 0) throw invalidInput('the time to add must be positive', 'e.g. time 1042 add 25m');
  if (minutes > MAX_TIME_ADD_MINUTES)
    throw invalidInput(
      `at most ${formatMinutes(MAX_TIME_ADD_MINUTES)} can be added at once, not ${formatMinutes(minutes)}`,
      'add longer work as one entry per day',
    );
  const from = startAt ?? ctx.now - minutes * 60_000;
  const to = from + minutes * 60_000;
  if (to > ctx.now)
    throw invalidInput(
      `${formatMinutes(minutes)} from ${iso(from)} would end after now (${iso(ctx.now)})`,
      'time add records work already done: give an earlier --at',
    );
  const ticket = await change(ctx, number, (row) => {
    if (row.status === 'pending') invalidTransition(row, 'timed (counting starts when it is taken)');
    const store = ctx.store.tickets;
    if (row.status === 'resolved' && !store.hasEntries(row.id))
      throw conflict(
        'INVALID_TRANSITION',
        `#${row.id} is green and was never taken: no time can be added (counting starts at the take)`,
        `to work on it: alias-support reopen ${row.id}, then take ${row.id}`,
      );
    const takenAt = store.firstTake(row.id);
    if (takenAt === null || from < takenAt)
      throw conflict(
        'TIME_BEFORE_TAKE',
        `#${row.id}: ${formatMinutes(minutes)} from ${iso(from)} would start before the ticket was taken${takenAt === null ? '' : ` (${iso(takenAt)})`}: counting starts at the take`,
        'give a shorter duration, or --at START after the take',
      );
    const clash = store.overlapping(row.id, ctx.agent, from, to, ctx.now);
    if (clash)
      throw conflict(
        'TIME_OVERLAP',
        `#${row.id}: ${formatMinutes(minutes)} from ${iso(from)} to ${iso(to)} overlaps your time from ${iso(clash.startedAt)} to ${iso(clash.endedAt)}: those minutes are counted already`,
        `stop your timer first (time ${row.id} stop), or give --at START for work done at another time`,
      );
    store.addEntry({
      ticketId: row.id,
      agent: ctx.agent,
      startedAt: from,
      endedAt: to,
      note: note ?? null,
      stopsAt: null,
    });
    if (row.status === 'resolved') store.markToBill(row.id); // more to bill
    recordEvent(
      ctx,
      row.id,
      'time-added',
      `${formatMinutes(minutes)}${startAt === undefined ? '' : ` from ${iso(from)}`}${note ? ` — ${note}` : ''}`,
    );
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
    if (!transition(row.status as Status, 'closed')) invalidTransition(row, 'closed again (reopen it first)');
    stopTimers(ctx, row.id);
    const defect = options.defect ?? false;
    ctx.store.tickets.close(row.id, ctx.now, resolution, defect);
    recordEvent(ctx, row.id, 'closed', defect ? `software defect: ${resolution}` : resolution);
    // docs/terms.md §6: the fix owed, by the plan held today (hotfix or next release).
    if (defect) recordFix(ctx, row.id, row.clientId, today(ctx));
  });
}

export function reopen(ctx: Ctx, number: number, reason?: string): Promise<TicketView> {
  return change(ctx, number, (row) => {
    if (!transition(row.status as Status, 'reopened')) invalidTransition(row, 'reopened (only green tickets are)');
    ctx.store.tickets.reopen(row.id, ctx.now);
    recordEvent(ctx, row.id, 'reopened', reason?.trim() || null);
  });
}

export function release(ctx: Ctx, number: number, reason?: string): Promise<TicketView> {
  return change(ctx, number, (row) => {
    if (!transition(row.status as Status, 'released')) invalidTransition(row, 'released (only orange tickets are)');
    stopTimers(ctx, row.id);
    ctx.store.tickets.release(row.id, ctx.now);
    recordEvent(ctx, row.id, 'released', reason?.trim() || null);
  });
}
