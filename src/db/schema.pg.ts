// The desk's tables on PostgreSQL: the same tables, columns, defaults,
// uniques, foreign keys and indexes as src/db/schema.ts (drizzle has no schema
// shared across dialects; test/integration/pg-schema-drift.test.ts fails when
// the two part). Mapping (docs/postgres.md): ids and instants (integer
// milliseconds) are bigint, read as JS numbers; minutes and counts integer;
// a column SQLite declares boolean is a real boolean; calendar days and the
// rest text. Migrations: db/migrations-pg (`npm run db:generate`).
// drizzle-kit compiles this file as CommonJS: no top-level await here.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** An id: 64-bit, given by the database unless written explicitly (a copied desk keeps its numbers). */
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();
/** A reference to another row's id, or an instant in integer milliseconds. */
const big = (name: string) => bigint(name, { mode: 'number' });

export const clients = pgTable(
  'clients',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    language: text('language').notNull().default('fr'),
    createdAt: big('created_at').notNull(),
  },
  (t) => [uniqueIndex('clients_code_nocase').on(sql`lower(${t.code})`)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    clientId: big('client_id')
      .notNull()
      .references(() => clients.id),
    email: text('email').notNull(),
    name: text('name'),
    language: text('language').notNull().default('fr'),
    createdAt: big('created_at').notNull(),
    removedAt: big('removed_at'),
  },
  (t) => [
    uniqueIndex('contacts_email_nocase')
      .on(sql`lower(${t.email})`)
      .where(sql`${t.removedAt} IS NULL`),
    index('contacts_client').on(t.clientId),
  ],
);

export const signInTokens = pgTable(
  'sign_in_tokens',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    contactId: big('contact_id')
      .notNull()
      .references(() => contacts.id),
    createdAt: big('created_at').notNull(),
    expiresAt: big('expires_at').notNull(),
    usedAt: big('used_at'),
  },
  (t) => [index('sign_in_tokens_expires').on(t.expiresAt)],
);

export const portalSessions = pgTable(
  'portal_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    contactId: big('contact_id')
      .notNull()
      .references(() => contacts.id),
    createdAt: big('created_at').notNull(),
    lastSeenAt: big('last_seen_at').notNull(),
  },
  (t) => [index('portal_sessions_contact').on(t.contactId), index('portal_sessions_last_seen').on(t.lastSeenAt)],
);

export const licences = pgTable(
  'licences',
  {
    id: id(),
    clientId: big('client_id')
      .notNull()
      .references(() => clients.id),
    plan: text('plan').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    createdAt: big('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('licences_client_ends').on(t.clientId, t.endsOn), index('licences_ends').on(t.endsOn)],
);

/** Append-only: triggers refuse UPDATE and DELETE (db/migrations-pg, hand-written). */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: id(),
    clientId: big('client_id')
      .notNull()
      .references(() => clients.id),
    at: big('at').notNull(),
    kind: text('kind').notNull(),
    minutes: integer('minutes').notNull(),
    reference: text('reference'),
    ticketId: big('ticket_id').references(() => tickets.id),
    note: text('note'),
    agent: text('agent').notNull(),
  },
  (t) => [
    index('ledger_client_at').on(t.clientId, t.at, t.minutes),
    index('ledger_ticket').on(t.ticketId),
    uniqueIndex('ledger_forfeit_once')
      .on(t.clientId, t.reference)
      .where(sql`kind = 'forfeit' AND ticket_id IS NULL`),
  ],
);

export const purchases = pgTable('purchases', {
  orderId: text('order_id').primaryKey(),
  clientId: big('client_id')
    .notNull()
    .references(() => clients.id),
  product: text('product').notNull(),
  quantity: integer('quantity').notNull(),
  purchasedAt: big('purchased_at').notNull(),
  minutes: integer('minutes').notNull(),
  ledgerEntryId: big('ledger_entry_id')
    .notNull()
    .references(() => ledgerEntries.id),
  importedAt: big('imported_at').notNull(),
});

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    clientId: big('client_id')
      .notNull()
      .references(() => clients.id),
    subject: text('subject').notNull(),
    body: text('body'),
    status: text('status').notNull(),
    createdAt: big('created_at').notNull(),
    queuedAt: big('queued_at').notNull(),
    takenAt: big('taken_at'),
    takenBy: text('taken_by'),
    resolvedAt: big('resolved_at'),
    resolution: text('resolution'),
    defect: boolean('defect').notNull().default(false),
    chargedMinutes: integer('charged_minutes').notNull().default(0),
    waivedMinutes: integer('waived_minutes').notNull().default(0),
    uncoveredMinutes: integer('uncovered_minutes').notNull().default(0),
    /** 1 when a bill run may change what the ticket owes (an integer in SQLite's schema too) */
    toBill: integer('to_bill').notNull().default(0),
    requesterId: big('requester_id').references(() => contacts.id),
    formKey: text('form_key'),
  },
  (t) => [
    index('tickets_status_queued').on(t.status, t.queuedAt),
    index('tickets_status_taken').on(t.status, t.takenAt),
    index('tickets_status_resolved').on(t.status, t.resolvedAt),
    index('tickets_client_status_resolved').on(t.clientId, t.status, t.resolvedAt),
    index('tickets_client_status_queued').on(t.clientId, t.status, t.queuedAt),
    uniqueIndex('tickets_requester_form')
      .on(t.requesterId, t.formKey)
      .where(sql`${t.formKey} IS NOT NULL`),
    index('tickets_agent_status').on(t.takenBy, t.status),
    index('tickets_to_bill')
      .on(t.id)
      .where(sql`${t.toBill} = 1`),
  ],
);

export const timeEntries = pgTable(
  'time_entries',
  {
    id: id(),
    ticketId: big('ticket_id')
      .notNull()
      .references(() => tickets.id),
    agent: text('agent').notNull(),
    startedAt: big('started_at').notNull(),
    endedAt: big('ended_at'),
    stopsAt: big('stops_at'),
    note: text('note'),
  },
  (t) => [index('time_entries_ticket').on(t.ticketId, t.endedAt), index('time_entries_agent').on(t.agent)],
);

export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: id(),
    ticketId: big('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: big('at').notNull(),
    agent: text('agent').notNull(),
    event: text('event').notNull(),
    detail: text('detail'),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id)],
);

export const bills = pgTable(
  'bills',
  {
    id: id(),
    ticketId: big('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: big('at').notNull(),
    agent: text('agent').notNull(),
    workedSeconds: integer('worked_seconds').notNull(),
    billableMinutes: integer('billable_minutes').notNull(),
    previouslyChargedMinutes: integer('previously_charged_minutes').notNull(),
    chargedMinutes: integer('charged_minutes').notNull(),
    waivedMinutes: integer('waived_minutes').notNull(),
    uncoveredMinutes: integer('uncovered_minutes').notNull(),
    ledgerEntryId: big('ledger_entry_id').references(() => ledgerEntries.id),
  },
  (t) => [index('bills_ticket').on(t.ticketId), index('bills_at').on(t.at)],
);

export const fixes = pgTable(
  'fixes',
  {
    id: id(),
    ticketId: big('ticket_id')
      .notNull()
      .unique()
      .references(() => tickets.id),
    clientId: big('client_id')
      .notNull()
      .references(() => clients.id),
    plan: text('plan'),
    delivery: text('delivery').notNull(),
    status: text('status').notNull(),
    version: text('version'),
    createdAt: big('created_at').notNull(),
    deliveredAt: big('delivered_at'),
  },
  (t) => [index('fixes_status').on(t.status, t.delivery)],
);

export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    ticketId: big('ticket_id').references(() => tickets.id),
    recipient: text('recipient'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    language: text('language').notNull(),
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: big('created_at').notNull(),
    sentAt: big('sent_at'),
    claimedBy: text('claimed_by'),
    claimedUntil: big('claimed_until'),
    kind: text('kind').notNull().default('receipt'),
  },
  (t) => [index('outbox_state').on(t.state, t.id)],
);

export const holidays = pgTable('holidays', {
  day: text('day').primaryKey(),
  name: text('name').notNull(),
});

export const holidayYears = pgTable('holiday_years', {
  year: integer('year').primaryKey(),
});

/** Kept by triggers on tickets (db/migrations-pg, hand-written). */
export const ticketCounts = pgTable('ticket_counts', {
  status: text('status').primaryKey(),
  tickets: integer('tickets').notNull(),
});

/** Each client's tickets in each status, kept by triggers on tickets (db/migrations-pg, hand-written). */
export const clientTicketCounts = pgTable(
  'client_ticket_counts',
  {
    clientId: big('client_id').notNull(),
    status: text('status').notNull(),
    tickets: integer('tickets').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.status] })],
);

/** Each client's balance, the sum of its ledger entries, kept by a trigger on ledger_entries (db/migrations-pg, hand-written). */
export const clientBalances = pgTable('client_balances', {
  clientId: big('client_id').primaryKey(),
  balanceMinutes: integer('balance_minutes').notNull(),
});
