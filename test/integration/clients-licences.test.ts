// The client and licence registers, and the balance, through the services.
import { describe, expect, it } from 'vitest';
import { addClient, listClients, showClient } from '../../src/services/clients.js';
import { adjust, balance } from '../../src/services/credit.js';
import { addLicence, listLicences } from '../../src/services/licences.js';
import { queueClients, queuePage } from '../../src/services/queue.js';
import { openTicket, take } from '../../src/services/tickets.js';
import { fullScans, plansDuring, show } from '../helpers/query-plan.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { BACKEND, tempDesk } from '../helpers/store.js';

describe('clients', () => {
  it('adds, lists in code order, and shows a client with its licences, credit and open tickets', async () => {
    const { ctx, at } = tempDesk('2026-11-26T09:00:00Z');
    const added = addClient(ctx, { code: 'C042', name: '  Dupont SA ', email: 'support@dupont.fr' });
    expect(added).toEqual({
      code: 'C042',
      name: 'Dupont SA',
      email: 'support@dupont.fr',
      language: 'fr',
      balanceMinutes: 0,
      validity: 'unlicensed',
      validUntil: null,
      licences: [],
    });
    addClient(ctx, { code: 'A001', name: 'Atelier Leroy', language: 'en' });
    expect(listClients(ctx).map((c) => c.code)).toEqual(['A001', 'C042']);

    addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, 'C042', 255, 'opening balance');
    const red = await openTicket(at('2026-11-26T08:00:00Z'), { client: 'C042', subject: 'Export PDF plante' });
    const orange = await openTicket(at('2026-11-26T08:05:00Z'), { client: 'C042', subject: 'Lenteur' });
    await take(ctx, orange.number);
    const shown = showClient(ctx, 'C042');
    expect(shown).toMatchObject({ balanceMinutes: 255, validity: 'active', validUntil: '2031-01-14' });
    expect(shown.licences).toEqual([
      { id: 1, client: 'C042', plan: 'all-inclusive', startsOn: '2025-01-15', endsOn: '2029-01-14', active: true },
    ]);
    expect(shown.openTickets).toEqual([
      { number: red.number, subject: 'Export PDF plante', status: 'pending', color: 'red' },
      { number: orange.number, subject: 'Lenteur', status: 'in_progress', color: 'orange' },
    ]);
  });

  it('refuses a duplicate code (DUPLICATE, exit 4) and bad input (exit 6), changing nothing', () => {
    const { ctx } = tempDesk();
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    const before = snapshotRaw(rawOf(ctx.store));
    expect(() => addClient(ctx, { code: 'C042', name: 'Other' })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE', exitCode: 4 }),
    );
    for (const bad of [
      { code: 'C 42', name: 'x' },
      { code: '-C42', name: 'x' },
      { code: 'C43', name: '   ' },
      { code: 'C43', name: 'x', email: 'not-an-address' },
      { code: 'C43', name: 'x', language: 'de' },
    ])
      expect(() => addClient(ctx, bad), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
      );
    expect(snapshotRaw(rawOf(ctx.store))).toEqual(before);
  });

  it('an unknown client is CLIENT_NOT_FOUND (exit 3)', () => {
    const { ctx } = tempDesk();
    expect(() => showClient(ctx, 'C404')).toThrow(expect.objectContaining({ code: 'CLIENT_NOT_FOUND', exitCode: 3 }));
    expect(() => balance(ctx, 'C404')).toThrow(expect.objectContaining({ code: 'CLIENT_NOT_FOUND', exitCode: 3 }));
  });
});

describe('client codes match without regard to case, shown as first recorded', () => {
  it('adding c042 next to C042 is DUPLICATE (exit 4), naming the code recorded', () => {
    const { ctx } = tempDesk();
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    const before = snapshotRaw(rawOf(ctx.store));
    expect(() => addClient(ctx, { code: 'c042', name: 'Other' })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE', exitCode: 4, message: 'client C042 already exists' }),
    );
    expect(snapshotRaw(rawOf(ctx.store))).toEqual(before);
  });

  it('every lookup by code finds the client in any case, through an index', async () => {
    const { ctx } = tempDesk();
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    addClient(ctx, { code: 'a001', name: 'Atelier Leroy' });
    const lookups = async () => {
      expect(showClient(ctx, 'c042').code).toBe('C042');
      expect(addLicence(ctx, { client: 'c042', plan: 'all-inclusive', start: '2025-01-15' }).client).toBe('C042');
      expect(listLicences(ctx, { client: 'c042' })).toHaveLength(1);
      expect(adjust(ctx, 'c042', 60, 'opening balance')).toBeDefined();
      expect(balance(ctx, 'c042')).toMatchObject({ client: 'C042', balanceMinutes: 60 });
      expect((await openTicket(ctx, { client: 'c042', subject: 'Export PDF plante' })).client).toBe('C042');
      const page = await queuePage(ctx, { state: 'open', limit: 10, client: 'c042' });
      expect(page.tickets.map((t) => t.client)).toEqual(['C042']);
      expect([...queueClients(ctx, page).keys()]).toEqual(['C042']);
      expect(showClient(ctx, 'A001').code).toBe('a001');
    };
    // The plans are SQLite's (EXPLAIN QUERY PLAN); on PostgreSQL the lookups alone.
    if (BACKEND === 'postgres') return lookups();
    const plans = await plansDuring(ctx, lookups);
    expect(fullScans(plans), show(fullScans(plans))).toEqual([]);
  });
});

describe('licences', () => {
  it('all-inclusive: 4 years, endsOn inclusive; on-demand: --months or --end', () => {
    const { ctx } = tempDesk('2026-11-26T09:00:00Z');
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    expect(addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2024-02-29' })).toEqual({
      id: 1,
      client: 'C042',
      plan: 'all-inclusive',
      startsOn: '2024-02-29',
      endsOn: '2028-02-28',
      active: true,
    });
    expect(addLicence(ctx, { client: 'C042', plan: 'on-demand', start: '2026-01-01', months: 12 })).toMatchObject({
      endsOn: '2026-12-31',
      active: true,
    });
    expect(
      addLicence(ctx, { client: 'C042', plan: 'on-demand', start: '2027-01-01', end: '2027-06-30' }),
    ).toMatchObject({ endsOn: '2027-06-30', active: false });
  });

  it('refuses bad input (exit 6) and unknown clients (exit 3), changing nothing', () => {
    const { ctx } = tempDesk();
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    const before = snapshotRaw(rawOf(ctx.store));
    const bad = [
      { client: 'C042', plan: 'premium', start: '2026-01-01' },
      { client: 'C042', plan: 'all-inclusive', start: '2026-02-30' },
      { client: 'C042', plan: 'all-inclusive', start: '2026-01-01', months: 12 },
      { client: 'C042', plan: 'on-demand', start: '2026-01-01' },
      { client: 'C042', plan: 'on-demand', start: '2026-01-01', months: 6, end: '2026-06-30' },
      { client: 'C042', plan: 'on-demand', start: '2026-01-01', end: '2025-12-31' },
      { client: 'C042', plan: 'on-demand', start: '2026-01-01', end: '31/12/2026' },
    ];
    for (const input of bad)
      expect(() => addLicence(ctx, input), JSON.stringify(input)).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
      );
    expect(() => addLicence(ctx, { client: 'C404', plan: 'all-inclusive', start: '2026-01-01' })).toThrow(
      expect.objectContaining({ code: 'CLIENT_NOT_FOUND', exitCode: 3 }),
    );
    expect(snapshotRaw(rawOf(ctx.store))).toEqual(before);
  });

  it('lists by soonest end, per client, and those expiring within N days', () => {
    const { ctx } = tempDesk('2026-11-26T09:00:00Z');
    addClient(ctx, { code: 'C1', name: 'one' });
    addClient(ctx, { code: 'C2', name: 'two' });
    addLicence(ctx, { client: 'C1', plan: 'all-inclusive', start: '2025-01-15' }); // ends 2029-01-14
    addLicence(ctx, { client: 'C2', plan: 'on-demand', start: '2026-01-01', end: '2026-12-26' }); // in 30 days
    addLicence(ctx, { client: 'C2', plan: 'on-demand', start: '2026-01-01', end: '2026-12-27' }); // in 31 days
    addLicence(ctx, { client: 'C2', plan: 'on-demand', start: '2025-01-01', end: '2025-12-31' }); // over
    expect(listLicences(ctx).map((l) => l.endsOn)).toEqual(['2025-12-31', '2026-12-26', '2026-12-27', '2029-01-14']);
    expect(listLicences(ctx, { client: 'C1' }).map((l) => l.client)).toEqual(['C1']);
    expect(listLicences(ctx, { expiringWithinDays: 30 }).map((l) => l.endsOn)).toEqual(['2026-12-26']);
    expect(() => listLicences(ctx, { client: 'C404' })).toThrow(expect.objectContaining({ code: 'CLIENT_NOT_FOUND' }));
  });
});

describe('credit balance and adjustments', () => {
  it('the balance is the sum of the ledger, with its validity', () => {
    const { ctx, at } = tempDesk('2025-06-01T09:00:00Z');
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    expect(balance(ctx, 'C042')).toEqual({
      client: 'C042',
      balanceMinutes: 0,
      validity: 'unlicensed',
      validUntil: null,
    });
    adjust(ctx, 'C042', 120, 'order W-1 imported by hand');
    expect(balance(ctx, 'C042')).toEqual({
      client: 'C042',
      balanceMinutes: 120,
      validity: 'unlicensed',
      validUntil: null,
    });
    addLicence(ctx, { client: 'C042', plan: 'on-demand', start: '2024-01-01', end: '2024-03-31' });
    expect(balance(ctx, 'C042')).toEqual({
      client: 'C042',
      balanceMinutes: 120,
      validity: 'frozen',
      validUntil: '2026-03-31',
    });
    // Forfeited once the 24 months have passed, even without the cron job.
    expect(balance(at('2026-03-31T21:59:59Z'), 'C042')).toMatchObject({ balanceMinutes: 120, validity: 'frozen' });
    expect(balance(at('2026-03-31T22:00:00Z'), 'C042')).toEqual({
      client: 'C042',
      balanceMinutes: 0,
      validity: 'forfeited',
      validUntil: '2026-03-31',
    });
  });

  it('an adjustment is signed, audited with its reason and agent, and never makes the balance negative', () => {
    const { ctx, at } = tempDesk('2026-11-26T09:00:00Z');
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    expect(adjust(ctx, 'C042', 30, '  short by one unit ')).toMatchObject({
      balanceMinutes: 30,
      adjustmentMinutes: 30,
      reason: 'short by one unit',
    });
    expect(adjust(at('2026-11-26T10:00:00Z', 'bob'), 'C042', -30, 'duplicate')).toMatchObject({
      balanceMinutes: 0,
      adjustmentMinutes: -30,
    });
    const later = at('2026-11-26T11:00:00Z'); // the ledger's clock only moves forward
    expect(() => adjust(later, 'C042', -1, 'below zero')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(() => adjust(later, 'C042', 0, 'nothing')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const rows = rawOf(ctx.store).all('SELECT kind, minutes, note, agent, at FROM ledger_entries ORDER BY id');
    expect(rows).toEqual([
      {
        kind: 'adjustment',
        minutes: 30,
        note: 'short by one unit',
        agent: 'alice',
        at: Date.parse('2026-11-26T09:00:00Z'),
      },
      { kind: 'adjustment', minutes: -30, note: 'duplicate', agent: 'bob', at: Date.parse('2026-11-26T10:00:00Z') },
    ]);
  });
});
