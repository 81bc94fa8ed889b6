// The desk's tables. Instants are integer milliseconds since the epoch (UTC);
// calendar days are 'YYYY-MM-DD' text in the business time zone; every
// money-like figure is an integer number of minutes.
// drizzle-kit compiles this file as CommonJS: no top-level await here.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const clients = sqliteTable(
  'clients',
  {
    id: integer('id').primaryKey(),
    /** shown as first recorded; unique and looked up without regard to case (`lower(code) = lower(?)`) */
    code: text('code').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    /** language of the e-mails sent to the client: 'fr' | 'en' */
    language: text('language').notNull().default('fr'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('clients_code_nocase').on(sql`lower(${t.code})`)],
);

/**
 * A client's users (docs/client-space.md): who may sign in to the client space and who
 * receives the e-mails. A removed contact is kept (tickets name their
 * requester) but can no longer sign in, and its address is free again.
 */
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    /** as given; unique across the desk without regard to case among contacts not removed */
    email: text('email').notNull(),
    name: text('name'),
    /** 'fr' | 'en': the language of the e-mails and pages for this contact */
    language: text('language').notNull().default('fr'),
    createdAt: integer('created_at').notNull(),
    removedAt: integer('removed_at'),
  },
  (t) => [
    uniqueIndex('contacts_email_nocase').on(sql`lower(${t.email})`).where(sql`${t.removedAt} IS NULL`),
    index('contacts_client').on(t.clientId),
  ],
);

/** Single-use sign-in links: only the SHA-256 of the token is kept. */
export const signInTokens = sqliteTable(
  'sign_in_tokens',
  {
    id: integer('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    contactId: integer('contact_id').notNull().references(() => contacts.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('sign_in_tokens_expires').on(t.expiresAt)],
);

/** Client-space sessions: only the SHA-256 of the session id is kept; ended by deleting the row. */
export const portalSessions = sqliteTable(
  'portal_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    contactId: integer('contact_id').notNull().references(() => contacts.id),
    createdAt: integer('created_at').notNull(),
    /** refreshed at most every few minutes: a session ends after 30 days without use */
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('portal_sessions_contact').on(t.contactId), index('portal_sessions_last_seen').on(t.lastSeenAt)],
);

export const licences = sqliteTable(
  'licences',
  {
    id: integer('id').primaryKey(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    /** 'all-inclusive' | 'on-demand' */
    plan: text('plan').notNull(),
    startsOn: text('starts_on').notNull(),
    /** inclusive: the last day covered */
    endsOn: text('ends_on').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('licences_client_ends').on(t.clientId, t.endsOn), index('licences_ends').on(t.endsOn)],
);

/** The credit ledger: append-only (triggers refuse UPDATE and DELETE). */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: integer('id').primaryKey(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    at: integer('at').notNull(),
    /** 'purchase' | 'consumption' | 'reversal' | 'forfeit' | 'adjustment' */
    kind: text('kind').notNull(),
    /** signed minutes: + adds credit, − takes it */
    minutes: integer('minutes').notNull(),
    /** order id, ticket number or forfeit day */
    reference: text('reference'),
    ticketId: integer('ticket_id').references(() => tickets.id),
    note: text('note'),
    agent: text('agent').notNull(),
  },
  (t) => [
    index('ledger_client_at').on(t.clientId, t.at, t.minutes),
    index('ledger_ticket').on(t.ticketId),
    // One forfeit per forfeit day; a forfeit of a charge given back (ticket_id set) follows its reversal.
    uniqueIndex('ledger_forfeit_once').on(t.clientId, t.reference).where(sql`kind = 'forfeit' AND ticket_id IS NULL`),
  ],
);

/** Shop orders already imported: order_id is the idempotency key. */
export const purchases = sqliteTable('purchases', {
  orderId: text('order_id').primaryKey(),
  clientId: integer('client_id').notNull().references(() => clients.id),
  product: text('product').notNull(),
  quantity: integer('quantity').notNull(),
  purchasedAt: integer('purchased_at').notNull(),
  minutes: integer('minutes').notNull(),
  ledgerEntryId: integer('ledger_entry_id').notNull().references(() => ledgerEntries.id),
  importedAt: integer('imported_at').notNull(),
});

export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    subject: text('subject').notNull(),
    body: text('body'),
    /** 'pending' (red) | 'in_progress' (orange) | 'resolved' (green) */
    status: text('status').notNull(),
    createdAt: integer('created_at').notNull(),
    /** when the ticket last entered the red queue (creation, reopen, release) */
    queuedAt: integer('queued_at').notNull(),
    takenAt: integer('taken_at'),
    takenBy: text('taken_by'),
    resolvedAt: integer('resolved_at'),
    resolution: text('resolution'),
    defect: integer('defect', { mode: 'boolean' }).notNull().default(false),
    /** totals of the ticket's bills, kept with them in the same transaction */
    chargedMinutes: integer('charged_minutes').notNull().default(0),
    waivedMinutes: integer('waived_minutes').notNull().default(0),
    uncoveredMinutes: integer('uncovered_minutes').notNull().default(0),
    /**
     * 1 when a bill run may change what the ticket owes: set when it is closed,
     * when time is added to it once green, when it is declared a defect;
     * cleared by the bill run that settles it. `bill --all` reads only these
     * (the partial index), not every green ticket of the desk's history.
     */
    toBill: integer('to_bill').notNull().default(0),
    /** the contact who sent the request (null: recorded by staff without one) */
    requesterId: integer('requester_id').references(() => contacts.id),
    /** the client-space form it came from: the same form sent twice makes one ticket */
    formKey: text('form_key'),
  },
  (t) => [
    index('tickets_status_queued').on(t.status, t.queuedAt),
    index('tickets_status_taken').on(t.status, t.takenAt),
    index('tickets_status_resolved').on(t.status, t.resolvedAt),
    // the client space lists a client's resolved tickets newest first
    index('tickets_client_status_resolved').on(t.clientId, t.status, t.resolvedAt),
    // and its open ones, red then orange, in queue order: a page of them without sorting them all
    index('tickets_client_status_queued').on(t.clientId, t.status, t.queuedAt),
    uniqueIndex('tickets_requester_form').on(t.requesterId, t.formKey).where(sql`${t.formKey} IS NOT NULL`),
    index('tickets_agent_status').on(t.takenBy, t.status),
    index('tickets_to_bill').on(t.id).where(sql`${t.toBill} = 1`),
  ],
);

export const timeEntries = sqliteTable(
  'time_entries',
  {
    id: integer('id').primaryKey(),
    ticketId: integer('ticket_id').notNull().references(() => tickets.id),
    agent: text('agent').notNull(),
    startedAt: integer('started_at').notNull(),
    /** null while the timer runs */
    endedAt: integer('ended_at'),
    /**
     * A timer (an entry started with ended_at null) stops by itself here: 17:00 of
     * its day, or the end of that day (rules/business-time.ts autoStopAt). Readers
     * take min(now, stops_at) for an entry still open; null for entries added ended.
     */
    stopsAt: integer('stops_at'),
    note: text('note'),
  },
  (t) => [index('time_entries_ticket').on(t.ticketId, t.endedAt), index('time_entries_agent').on(t.agent)],
);

export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: integer('id').primaryKey(),
    ticketId: integer('ticket_id').notNull().references(() => tickets.id),
    at: integer('at').notNull(),
    agent: text('agent').notNull(),
    /** opened | taken | forced | timer-started | timer-stopped | time-added | closed | reopened | released | billed | defect … */
    event: text('event').notNull(),
    detail: text('detail'),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id)],
);

/** One row per `bill` run that changed what a ticket owes. */
export const bills = sqliteTable(
  'bills',
  {
    id: integer('id').primaryKey(),
    ticketId: integer('ticket_id').notNull().references(() => tickets.id),
    at: integer('at').notNull(),
    agent: text('agent').notNull(),
    workedSeconds: integer('worked_seconds').notNull(),
    billableMinutes: integer('billable_minutes').notNull(),
    previouslyChargedMinutes: integer('previously_charged_minutes').notNull(),
    chargedMinutes: integer('charged_minutes').notNull(),
    waivedMinutes: integer('waived_minutes').notNull(),
    uncoveredMinutes: integer('uncovered_minutes').notNull(),
    ledgerEntryId: integer('ledger_entry_id').references(() => ledgerEntries.id),
  },
  (t) => [index('bills_ticket').on(t.ticketId), index('bills_at').on(t.at)],
);

/** Software defects: the fix owed to the client (docs/terms.md §6). */
export const fixes = sqliteTable(
  'fixes',
  {
    id: integer('id').primaryKey(),
    ticketId: integer('ticket_id').notNull().unique().references(() => tickets.id),
    clientId: integer('client_id').notNull().references(() => clients.id),
    /** plan held when the defect was recorded: 'all-inclusive' | 'on-demand' | null (no licence) */
    plan: text('plan'),
    /** 'hotfix' | 'next-release' */
    delivery: text('delivery').notNull(),
    /** 'pending' | 'delivered' */
    status: text('status').notNull(),
    version: text('version'),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [index('fixes_status').on(t.status, t.delivery)],
);

/** E-mails waiting to be sent (receipt confirmations). */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(),
    ticketId: integer('ticket_id').references(() => tickets.id),
    recipient: text('recipient'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    language: text('language').notNull(),
    /** 'queued' | 'sending' | 'sent' | 'failed' */
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** a sender's claim on the row, so two senders never send it twice */
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until'),
    /** 'receipt' | 'sign-in' */
    kind: text('kind').notNull().default('receipt'),
  },
  (t) => [index('outbox_state').on(t.state, t.id)],
);

/** French public holidays, cached per year from the holiday library (loading it costs ~80 ms). */
export const holidays = sqliteTable('holidays', {
  day: text('day').primaryKey(),
  name: text('name').notNull(),
});

export const holidayYears = sqliteTable('holiday_years', {
  year: integer('year').primaryKey(),
});

/**
 * How many tickets are in each status, kept by triggers on tickets (migration
 * 0003): the queue shows these counts on every call, and counting a million
 * tickets through an index costs tens of milliseconds.
 */
export const ticketCounts = sqliteTable('ticket_counts', {
  /** 'pending' | 'in_progress' | 'resolved' */
  status: text('status').primaryKey(),
  tickets: integer('tickets').notNull(),
});

/**
 * How many tickets each client has in each status, kept by triggers on
 * tickets (migration 0011): the client space pages a client's requests on
 * every view, and counting thousands of them through an index costs more than
 * the rest of the page.
 */
export const clientTicketCounts = sqliteTable(
  'client_ticket_counts',
  {
    clientId: integer('client_id').notNull(),
    /** 'pending' | 'in_progress' | 'resolved' */
    status: text('status').notNull(),
    tickets: integer('tickets').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.status] })],
);

/**
 * Each client's balance, the sum of its ledger entries, kept by a trigger on
 * ledger_entries (migration 0012; the ledger is append-only, so inserts are
 * all it follows): the client space shows the balance on every view, and
 * summing thousands of entries costs more than the rest of the page.
 */
export const clientBalances = sqliteTable('client_balances', {
  clientId: integer('client_id').primaryKey(),
  balanceMinutes: integer('balance_minutes').notNull(),
});
