// The client space's read models and its one write (a request), always for
// the signed-in contact's own client: the contact is the tenant.
import type { Contact } from './contacts.js';
import type { Statement } from './credit-statement.js';
import type { Ctx } from './context.js';

export const PAGE_SIZE = 50;

const todo = (): never => {
  throw new Error('portal: not implemented yet');
};

export interface PortalTicket {
  number: number;
  subject: string;
  state: 'red' | 'orange' | 'green';
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
    /** the forfeit day, when it is within 60 days */
    forfeitOn: string | null;
  };
  licences: { plan: 'all-inclusive' | 'on-demand'; startsOn: string; endsOn: string }[];
  /** red then orange (all of them, on every page) */
  open: PortalTicket[];
  /** newest first, PAGE_SIZE per page */
  resolved: PortalTicket[];
  page: number;
  pages: number;
}

export function dashboard(ctx: Ctx, contact: Contact, page: number): Dashboard {
  void ctx, contact, page;
  return todo();
}

export interface RequestDetail {
  ticket: PortalTicket & { body: string | null; resolution: string | null; requester: string | null };
  timeline: { at: string; event: 'received' | 'taken' | 'released' | 'resolved' | 'reopened' }[];
  time: { workedSeconds: number; slices: number; billableMinutes: number; chargedMinutes: number; waivedMinutes: number };
  fix: { delivery: 'hotfix' | 'next-release'; status: 'pending' | 'delivered'; version: string | null } | null;
}

/** undefined for a missing ticket AND for another client's ticket. */
export function requestDetail(ctx: Ctx, contact: Contact, number: number): RequestDetail | undefined {
  void ctx, contact, number;
  return todo();
}

/** One transaction: the ticket (red, requester = contact) and its receipt; idempotent per formKey. */
export function submitRequest(ctx: Ctx, contact: Contact, o: { subject: string; body: string; formKey: string }): { number: number; created: boolean } {
  void ctx, contact, o;
  return todo();
}

/** The credits statement of the contact's client (the same shape as `credits statement`). */
export function statement(ctx: Ctx, contact: Contact): Statement {
  void ctx, contact;
  return todo();
}
