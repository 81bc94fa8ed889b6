// The aggregates ported to PostgreSQL give what their SQLite implementations
// give, on the same rows: each case runs both stores and compares.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { PostgresStore } from '../../src/store/postgres/store.js';
import type { Store } from '../../src/store/store.js';
import { freshPgDatabase, noPg, PG_HOOK_TIMEOUT } from '../helpers/pg.js';
import { tempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const HOUR = 3_600_000;

/** The same desk in a store, written through the store's own methods (the client with its engine's SQL). */
function seed(store: Store, run: (sql: string) => void): void {
  run(`INSERT INTO clients (code, name, created_at) VALUES ('C001', 'Acme', ${NOW - 99 * HOUR})`);
  const t = store.tickets;
  const open = (subject: string, at: number) =>
    t.open({ clientId: 1, subject, body: null, at, requesterId: null, formKey: null });
  for (const [n, at] of [
    [1, NOW - 9 * HOUR],
    [2, NOW - 9 * HOUR],
    [3, NOW - 8 * HOUR],
    [4, NOW - 7 * HOUR],
    [5, NOW - 7 * HOUR],
  ] as const)
    open(`s${n}`, at);
  t.take(1, NOW - 8.5 * HOUR, 'alice');
  t.take(2, NOW - 8 * HOUR, 'bob');
  t.take(3, NOW - 1.5 * HOUR, 'alice');
  t.close(1, NOW - 2 * HOUR, 'done', false);
  t.close(2, NOW - HOUR, 'fixed', true);
  store.bills.settle([2]);
  for (const e of [
    { ticketId: 1, agent: 'alice', startedAt: NOW - 8 * HOUR, endedAt: NOW - 7 * HOUR, stopsAt: null },
    { ticketId: 1, agent: 'bob', startedAt: NOW - 6 * HOUR, endedAt: NOW - 5.5 * HOUR, stopsAt: null },
    { ticketId: 3, agent: 'alice', startedAt: NOW - HOUR, endedAt: null, stopsAt: NOW + HOUR },
    { ticketId: 3, agent: 'bob', startedAt: NOW - 3 * HOUR, endedAt: null, stopsAt: NOW - 2.5 * HOUR },
    { ticketId: 2, agent: 'alice', startedAt: NOW - 3 * HOUR, endedAt: null, stopsAt: NOW - 2.5 * HOUR },
  ])
    t.addEntry({ ...e, note: null });
  t.addEvent(1, NOW - 8.5 * HOUR, 'alice', 'taken', null);
  t.addEvent(1, NOW - 2 * HOUR, 'alice', 'closed', 'done');
  t.addEvent(2, NOW - HOUR, 'bob', 'closed', null);
  const entry = {
    clientId: 1,
    at: NOW - 50 * HOUR,
    kind: 'purchase',
    minutes: 600,
    reference: 'O-1',
    ticketId: null,
    note: null,
    agent: 'shop',
  } as const;
  store.ledger.append(entry);
  store.ledger.append({ ...entry, at: NOW - 2 * HOUR, kind: 'consumption', minutes: -75, reference: '1', ticketId: 1 });
  store.ledger.append({ ...entry, at: NOW - HOUR, kind: 'forfeit', minutes: -25, reference: '2026-11-25' });
  store.bills.record({
    ticketId: 1,
    at: NOW - 2 * HOUR,
    agent: 'alice',
    workedSeconds: 5400,
    billableMinutes: 90,
    previouslyChargedMinutes: 0,
    chargedMinutes: 75,
    waivedMinutes: 15,
    uncoveredMinutes: 0,
    ledgerEntryId: 2,
  });
  store.bills.markDefect(2, true);
  store.fixes.record({ ticketId: 2, clientId: 1, plan: 'on-demand', delivery: 'next-release', at: NOW });
  store.fixes.record({ ticketId: 1, clientId: 1, plan: null, delivery: 'hotfix', at: NOW });
  store.holidays.add(
    [
      { day: '2026-12-25', name: 'Noël' },
      { day: '2026-11-11', name: 'Armistice' },
    ],
    [2026],
  );
  const beta = store.clients.add({
    code: 'b002',
    name: 'Beta',
    email: ' Ops@Beta.example ',
    language: 'en',
    at: NOW - 10 * HOUR,
  });
  store.clients.addContact({
    clientId: beta.id,
    email: 'dev@beta.example',
    name: 'Dev',
    language: 'fr',
    at: NOW - 9 * HOUR,
  });
  store.clients.addContact({ clientId: 1, email: 'gone@acme.example', name: null, language: 'fr', at: NOW - 8 * HOUR });
  store.clients.removeContact(3, NOW - 7 * HOUR);
  const licence = { plan: 'on-demand', createdAt: NOW - 9 * HOUR, createdBy: 'alice' };
  store.clients.addLicence({ ...licence, clientId: 1, startsOn: '2025-12-01', endsOn: '2026-11-30' });
  store.clients.addLicence({ ...licence, clientId: beta.id, startsOn: '2025-11-26', endsOn: '2026-11-25' });
  store.clients.addLicence({ ...licence, clientId: 1, startsOn: '2026-12-01', endsOn: '2027-11-30' });
  store.outbox.queue({
    ticketId: 1,
    recipient: 'ops@acme.example',
    subject: 'R',
    body: 'B',
    language: 'fr',
    state: 'queued',
    lastError: null,
    at: NOW,
    kind: 'receipt',
  });
  store.outbox.queue({
    ticketId: null,
    recipient: null,
    subject: 'S',
    body: 'B',
    language: 'en',
    state: 'failed',
    lastError: 'no address',
    at: NOW,
    kind: 'sign-in',
  });
}

/** What each ported aggregate reads back, and writes, in one document. */
function readAll(store: Store) {
  const claimed = store.outbox.claimNext(0, NOW, false, 'sender-1', NOW + 60_000);
  const t = store.tickets;
  return {
    ticket: t.ticket(2),
    noTicket: t.ticket(99),
    history: t.history(1),
    latestEvent: t.latestEvent(1),
    firstTake: [t.firstTake(1), t.firstTake(3)],
    timeEntries: t.entries(3, NOW),
    worked: [t.worked(1, NOW), t.worked(3, NOW), t.worked(5, NOW)],
    hasEntries: [t.hasEntries(1), t.hasEntries(4)],
    timerRunning: [t.timerRunning(3, 'alice', NOW), t.timerRunning(3, 'bob', NOW)],
    overlapping: [
      t.overlapping(3, 'alice', NOW - 2 * HOUR, NOW - 0.5 * HOUR, NOW),
      t.overlapping(1, 'bob', NOW, NOW + HOUR, NOW),
    ],
    red: t.redCandidates(undefined, [], 10),
    redAfter: t.redCandidates({ queuedAt: NOW - 7 * HOUR, id: 4 }, [], 10),
    redSkipping: t.redCandidates(undefined, [1], 10),
    queue: t.queue(['pending', 'in_progress', 'resolved'], {}, 10),
    queueOfClient: t.queue(['in_progress', 'resolved'], { clientId: 1 }, 2),
    queueOfAgent: t.queue(['in_progress', 'resolved'], { agent: 'alice' }, 10),
    changed:
      (t.stopTimers(3, NOW, 'bob'),
      t.release(3, NOW),
      t.reopen(1, NOW),
      t.markToBill(2),
      [t.ticket(1), t.ticket(3), t.entries(3, NOW)]),
    portal: (() => {
      const p = store.portal;
      p.addSignInToken('hash-1', 1, NOW, NOW + HOUR);
      p.openSession('session-1', 2, NOW);
      p.touchSession('session-1', NOW + 1);
      p.queueSignInMail({ recipient: 'dev@beta.example', subject: 'Sign in', body: 'link', language: 'fr' }, NOW);
      p.healthCheck();
      return {
        token: p.signInToken('hash-1'),
        used: [p.useSignInToken(1, NOW + 2), p.useSignInToken(1, NOW + 3)],
        session: p.session('session-1'),
        counts: p.ticketCounts(1),
        open: p.openTickets(1, 2, 3, 1),
        resolved: p.resolvedTickets(1, 5, 0),
        ticket: p.ticket(2, 1),
        otherClients: p.ticket(2, 2),
        timeline: p.timeline(1),
        licences: p.licences(1),
        form: p.ticketOfForm(1, 'nope'),
        purged:
          (p.endSession('session-1'),
          p.purgeSignInTokens(NOW + 2 * HOUR),
          [p.session('session-1'), p.signInToken('hash-1')]),
      };
    })(),
    client: store.clients.byCode('B002'),
    clients: store.clients.all(),
    openTickets: store.clients.openTickets(1),
    contactByEmail: store.clients.contactByEmail('DEV@beta.example'),
    removed: store.clients.contactByEmail('gone@acme.example'),
    contactById: store.clients.contactById(3),
    firstContact: store.clients.firstContact(2),
    contactsOf: store.clients.contactsOf(2),
    contacts: store.clients.contacts(),
    licencesOf: store.clients.licencesOf(1),
    licences: store.clients.licences(),
    licencesOf1: store.clients.licences(1),
    expiring: store.clients.licences(undefined, { from: '2026-11-26', to: '2026-12-31' }),
    expiringOf2: store.clients.licences(2, { from: '2026-11-01', to: '2026-12-31' }),
    ended: store.clients.endedLicences('2026-11-25', '2026-11-26'),
    terms: store.clients.termsOf(1),
    allTerms: [...store.clients.allTerms()],
    balance: store.ledger.balance(1),
    balances: [...store.ledger.balances()],
    entries: store.ledger.entries(1),
    entriesUntil: store.ledger.entries(1, NOW - 2 * HOUR),
    latestAt: store.ledger.latestAt(1),
    noLatest: store.ledger.latestAt(99),
    forfeits: store.ledger.forfeitDaysWritten(1),
    allForfeits: [...store.ledger.allForfeitDaysWritten()],
    charges: store.ledger.ticketCharges(1),
    bills: store.bills.ofTicket(1),
    totalsOf: store.bills.totalsOf([3, 1, 42], NOW),
    toBill: store.bills.toBill(NOW),
    resolved: store.bills.resolved({ from: NOW - 90 * 60_000 }, NOW),
    agentTime: store.bills.agentTime({}, NOW),
    settled: (store.bills.settle('all'), store.bills.toBill(NOW).map((t) => t.id)),
    fixes: store.fixes.list({ pending: false }),
    due: store.fixes.dueAtRelease(),
    again: store.fixes.record({ ticketId: 2, clientId: 1, plan: null, delivery: 'hotfix', at: NOW }),
    released: store.fixes.release('2.1.0', NOW + 1),
    fixOf2: store.fixes.ofTicket(2),
    years: store.holidays.yearsHeld(2025, 2027),
    days: store.holidays.days().sort(),
    claimed,
    claimedAgain: store.outbox.claimNext(0, NOW, false, 'sender-2', NOW + 60_000),
    notMine: store.outbox.markSent(claimed!.id, 'sender-2', { attempts: 1, at: NOW, body: 'sent' }),
    sent: store.outbox.markSent(claimed!.id, 'sender-1', { attempts: 1, at: NOW, body: 'sent' }),
    failed: store.outbox.list(['failed']),
    waiting: store.outbox.waiting(),
  };
}

describe.skipIf(noPg)('the aggregates ported to PostgreSQL', () => {
  let pg: PostgresStore;
  let sqlite: Store;
  beforeAll(() => {
    pg = openPostgresStore(freshPgDatabase());
    sqlite = openStore(join(tempDir(), 'desk.db'));
    seed(pg, (sql) => pg.db.exec(sql));
    seed(sqlite, (sql) => sqliteOf(sqlite).exec(sql));
  }, PG_HOOK_TIMEOUT);
  afterAll(() => {
    pg?.close();
    sqlite?.close();
  });

  it('read and write as the SQLite store does: tickets, clients, client space, ledger, bills, fixes, holidays, outbox', () => {
    const fromPg = readAll(pg);
    expect(fromPg.totalsOf.map((t) => t.id)).toEqual([1, 3]);
    expect([fromPg.red.length, fromPg.queue.tickets.length, fromPg.timeEntries.length]).toEqual([2, 5, 2]);
    expect([fromPg.portal.open.length, fromPg.portal.used, fromPg.portal.session?.clientCode]).toEqual([
      3,
      [true, false],
      'b002',
    ]);
    expect([fromPg.contacts.length, fromPg.expiring.length, fromPg.ended.length, fromPg.removed]).toEqual([
      2,
      1,
      1,
      undefined,
    ]);
    expect(fromPg).toEqual(readAll(sqlite));
  });
});

describe.skipIf(noPg)('two agents on one PostgreSQL desk at once', () => {
  let url: string;
  let a: PostgresStore;
  let b: PostgresStore;
  beforeAll(() => {
    url = freshPgDatabase();
    a = openPostgresStore(url);
    b = openPostgresStore(url);
    a.db.exec(`INSERT INTO clients (code, name, created_at) VALUES ('C001', 'Acme', ${NOW})`);
    for (let i = 0; i < 3; i++)
      a.tickets.open({ clientId: 1, subject: `s${i}`, body: null, at: NOW + i, requesterId: null, formKey: null });
  }, PG_HOOK_TIMEOUT);
  afterAll(() => {
    a?.close();
    b?.close();
  });

  it('take --next: each gets a different red ticket (FOR UPDATE SKIP LOCKED)', () => {
    // The first claimable candidate of each: alice holds #1 while bob looks, so bob's is #2.
    const claim = (store: PostgresStore) =>
      store.tickets.redCandidates(undefined, [], 10).find((c) => store.tickets.claimRed(c.id))?.id;
    a.immediate(() => {
      const first = claim(a);
      const other = b.immediate(() => claim(b));
      expect([first, other]).toEqual([1, 2]);
    });
  });

  it('take N: the second to commit runs again and finds the ticket taken', () => {
    const taken: string[] = [];
    const take = (store: PostgresStore, agent: string, before?: () => void) =>
      store.immediate(() => {
        const ticket = store.tickets.ticket(3)!;
        before?.();
        if (ticket.status !== 'pending') return `${agent}: already taken by ${ticket.takenBy}`;
        store.tickets.take(3, NOW, agent);
        return `${agent}: took it`;
      });
    // alice reads the red ticket; bob takes it and commits before alice writes.
    taken.push(take(a, 'alice', () => taken.length === 0 && taken.push(take(b, 'bob'))));
    expect(taken).toEqual(['bob: took it', 'alice: already taken by bob']);
    expect(a.tickets.ticket(3)).toMatchObject({ status: 'in_progress', takenBy: 'bob' });
  });
});
