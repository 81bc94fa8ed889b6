// The client space's read models and its one write (a request), always for
// the signed-in contact's own client: the contact is the tenant, and every
// read filters by its client id (ctx.store.portal), so another client's
// ticket reads as one that does not exist.
//
// Interface agreed with the web layer (src/web): the signatures below. Changes
// are agreed and written here first. Written so far: `statement` returns the
// credits statement's own type; `dashboard` pages one list, the open requests
// then the resolved ones (PAGE_SIZE a page, split into `open` and `resolved`),
// and brings a page out of range back within 1..pages (the page it shows).
import { invalidInput } from '../errors.js';
import { addDays } from '../rules/calendar.js';
import { forfeitDays } from '../rules/credit-validity.js';
import { billableMinutes, slicesFor } from '../rules/slices.js';
import { requireClient } from './clients.js';
import type { Contact } from './contacts.js';
import { iso, isoOrNull, today, type Ctx } from './context.js';
import { creditState, termOf } from './credit.js';
import { statement as creditStatement, type Statement } from './credit-statement.js';
import { fixOf } from './fixes.js';
import { COLOR, insertTicket, workedOf, type Status } from './tickets.js';
import type { TicketColor } from '../rules/ticket-states.js';
import { THRESHOLDS } from '../rules/thresholds.js';
import type { PortalTicketRow } from '../store/portal.js';

export const PAGE_SIZE = 50;
export const MAX_SUBJECT = 200;
export const MAX_BODY = 20_000;
const MAX_FORM_KEY = 128;

export interface PortalTicket {
  number: number;
  subject: string;
  state: TicketColor;
  createdAt: string;
  takenAt: string | null;
  resolvedAt: string | null;
  defect: boolean;
}

export interface Dashboard {
  credit: {
    balanceMinutes: number;
    validity: 'active' | 'frozen' | 'forfeited' | 'unlicensed';
    validUntil: string | null;
    low: boolean;
    /** the day a forfeit takes the credit, when it is within 60 days and there is credit to lose */
    forfeitOn: string | null;
  };
  licences: { plan: 'all-inclusive' | 'on-demand'; startsOn: string; endsOn: string }[];
  /** red then orange: the page's part of them (one list with `resolved`, PAGE_SIZE a page, open ones first) */
  open: PortalTicket[];
  /** newest first: the rest of the page once the open requests are all shown */
  resolved: PortalTicket[];
  /** the page shown: the one asked, brought within 1..pages */
  page: number;
  pages: number;
}

const portalTicket = (r: PortalTicketRow): PortalTicket => ({
  number: r.number,
  subject: r.subject,
  state: COLOR[r.status as Status],
  createdAt: iso(r.createdAt),
  takenAt: isoOrNull(r.takenAt),
  resolvedAt: isoOrNull(r.resolvedAt),
  defect: r.defect,
});

export function dashboard(ctx: Ctx, contact: Contact, page: number): Dashboard {
  const portal = ctx.store.portal;
  const day = today(ctx);
  // One read of the client's licences: the list shown, and the terms the validity rule reads (order aside, the same rows).
  const licences = portal.licences(contact.clientId);
  const terms = licences.map((l) => termOf(ctx, l));
  const forfeits = forfeitDays(terms);
  const credit = creditState(ctx, contact.clientId, day, terms, forfeits);
  const nextForfeit = forfeits.find((d) => d > day);
  const counts = portal.ticketCounts(contact.clientId);
  const openCount = counts.pending + counts.inProgress;
  const pages = Math.max(1, Math.ceil((openCount + counts.resolved) / PAGE_SIZE));
  const shown = Math.min(Math.max(1, Number.isInteger(page) ? page : 1), pages);
  const from = (shown - 1) * PAGE_SIZE;
  const open = from < openCount ? portal.openTickets(contact.clientId, counts.pending, PAGE_SIZE, from) : [];
  const resolved =
    open.length < PAGE_SIZE
      ? portal.resolvedTickets(contact.clientId, PAGE_SIZE - open.length, Math.max(0, from - openCount))
      : [];
  return {
    credit: {
      balanceMinutes: credit.balanceMinutes,
      validity: credit.validity,
      validUntil: credit.validUntil,
      low: credit.balanceMinutes < THRESHOLDS.clientLowCreditMinutes,
      forfeitOn:
        nextForfeit !== undefined &&
        nextForfeit <= addDays(day, THRESHOLDS.forfeitNoticeDays) &&
        credit.balanceMinutes > 0
          ? nextForfeit
          : null,
    },
    licences: licences.map((l) => ({
      plan: l.plan === 'all-inclusive' ? 'all-inclusive' : 'on-demand',
      startsOn: l.startsOn,
      endsOn: l.endsOn,
    })),
    open: open.map(portalTicket),
    resolved: resolved.map(portalTicket),
    page: shown,
    pages,
  };
}

export interface RequestDetail {
  ticket: PortalTicket & { body: string | null; resolution: string | null; requester: string | null };
  timeline: { at: string; event: 'received' | 'taken' | 'released' | 'resolved' | 'reopened' }[];
  time: {
    workedSeconds: number;
    slices: number;
    billableMinutes: number;
    chargedMinutes: number;
    waivedMinutes: number;
  };
  fix: { delivery: 'hotfix' | 'next-release'; status: 'pending' | 'delivered'; version: string | null } | null;
}

const CLIENT_EVENT = {
  opened: 'received',
  taken: 'taken',
  released: 'released',
  closed: 'resolved',
  reopened: 'reopened',
} as const;

/** undefined for a missing ticket AND for another client's ticket. */
export function requestDetail(ctx: Ctx, contact: Contact, number: number): RequestDetail | undefined {
  const row = ctx.store.portal.ticket(number, contact.clientId);
  if (!row) return undefined;
  const worked = workedOf(ctx, row.number).seconds;
  const billable = billableMinutes(worked);
  const fix = fixOf(ctx, row.number);
  return {
    ticket: { ...portalTicket(row), body: row.body, resolution: row.resolution, requester: row.requester },
    timeline: ctx.store.portal.timeline(row.number).map((e) => ({ at: iso(e.at), event: CLIENT_EVENT[e.event] })),
    time: {
      workedSeconds: worked,
      slices: slicesFor(worked),
      billableMinutes: billable,
      chargedMinutes: row.chargedMinutes,
      // docs/terms.md §6: a defect is never deducted; before its bill runs, all its time is what will be waived.
      waivedMinutes: row.defect ? Math.max(row.waivedMinutes, billable - row.chargedMinutes) : row.waivedMinutes,
    },
    fix: fix ? { delivery: fix.delivery, status: fix.status, version: fix.version } : null,
  };
}

/**
 * A request from the client space: one transaction makes the ticket (red,
 * requester = contact) and queues its receipt. Idempotent per form: the same
 * formKey sent again by the same contact finds the ticket it made.
 */
export function submitRequest(
  ctx: Ctx,
  contact: Contact,
  o: { subject: string; body: string; formKey: string },
): { number: number; created: boolean } {
  const subject = o.subject.trim();
  if (subject.length < 1 || subject.length > MAX_SUBJECT)
    throw invalidInput(`a request needs a subject of 1 to ${MAX_SUBJECT} characters`);
  if (o.body.length > MAX_BODY) throw invalidInput(`a request's description holds at most ${MAX_BODY} characters`);
  const formKey = o.formKey.trim();
  if (formKey.length < 1 || formKey.length > MAX_FORM_KEY) throw invalidInput('a request needs its form key');
  // The history names who sent it.
  const as: Ctx = { ...ctx, agent: contact.email };
  return ctx.store.immediate(() => {
    const done = ctx.store.portal.ticketOfForm(contact.id, formKey);
    if (done !== undefined) return { number: done, created: false };
    const client = requireClient(ctx, contact.clientCode);
    const body = o.body.trim() === '' ? null : o.body;
    return { number: insertTicket(as, client, { subject, body, requester: contact, formKey }), created: true };
  });
}

export interface SentRequest {
  ctx: Ctx;
  contact: Contact;
  request: { subject: string; body: string; formKey: string };
}

/**
 * Several requests written in one transaction, each as submitRequest writes
 * it (its own savepoint inside: one refused leaves the others written): the
 * desk syncs its file once for all of them. What each gave, or the error it
 * met; a desk too busy to start the transaction throws for all.
 */
export function submitRequests(
  ctx: Ctx,
  sent: readonly SentRequest[],
): ({ number: number; created: boolean } | { error: unknown })[] {
  return ctx.store.immediate(() =>
    sent.map((r) => {
      try {
        return submitRequest(r.ctx, r.contact, r.request);
      } catch (error) {
        return { error };
      }
    }),
  );
}

/** The credits statement of the contact's client (the shape `credits statement` gives). */
export function statement(ctx: Ctx, contact: Contact): Statement {
  return creditStatement(ctx, contact.clientCode);
}
