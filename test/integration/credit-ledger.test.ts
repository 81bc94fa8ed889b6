// The credit ledger read through rule 8: statements with running balances,
// the list of all clients, the nightly expiry job, and takes refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bill } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { balance, listCredits } from '../../src/services/credit.js';
import { importPurchases } from '../../src/services/credit-import.js';
import { statement } from '../../src/services/credit-statement.js';
import { expireLicences } from '../../src/services/licence-expiry.js';
import { addLicence, listLicences } from '../../src/services/licences.js';
import { close, openTicket, take, timeAdd } from '../../src/services/tickets.js';
import { tempDesk } from '../helpers/store.js';
import { rawOf } from '../helpers/raw-sql.js';

async function buy(
  ctx: Ctx,
  ...orders: [order: string, client: string, product: string, quantity: number, at: string][]
) {
  const csv = ['order_id,client,product,quantity,purchased_at', ...orders.map((o) => o.join(','))].join('\n');
  const result = await importPurchases(ctx, { stream: Readable.from([Buffer.from(csv)]), format: 'csv' });
  expect(result.errors).toEqual([]);
}

function forfeitRows(ctx: Ctx) {
  return rawOf(ctx.store).all(
    "SELECT client_id AS client, at, minutes, reference, note FROM ledger_entries WHERE kind = 'forfeit' ORDER BY id",
  );
}

/** SPEC: licence 2020-01-01..2023-12-31, 120 min bought in 2023, a new licence from 2026-03-01. */
async function specDesk(now: string) {
  const desk = tempDesk(now);
  addClient(desk.ctx, { code: 'C042', name: 'Dupont SA' });
  addLicence(desk.ctx, { client: 'C042', plan: 'all-inclusive', start: '2020-01-01' });
  await buy(desk.at('2023-05-10T12:00:00Z'), ['W-2023', 'C042', 'AST02', 1, '2023-05-10T10:00:00Z']);
  return desk;
}

describe('the SPEC example, end to end', () => {
  it('forfeit of 120 on 2026-01-01; 60 bought on 2026-03-05 → balance 60, before and after the cron job', async () => {
    const { ctx, at } = await specDesk('2026-03-06T09:00:00Z');
    addLicence(ctx, { client: 'C042', plan: 'on-demand', start: '2026-03-01', months: 12 });
    await buy(ctx, ['W-2026', 'C042', 'AST01', 1, '2026-03-05T10:00:00Z']);
    // Derived from the data: the cron job has never run.
    expect(balance(ctx, 'C042')).toEqual({
      client: 'C042',
      balanceMinutes: 60,
      validity: 'active',
      validUntil: '2029-02-28',
    });
    const before = statement(ctx, 'C042');
    expect(before.entries.map((e) => [e.kind, e.minutes, e.balanceMinutes, e.reference, e.due])).toEqual([
      ['purchase', 120, 120, 'W-2023', false],
      ['forfeit', -120, 0, '2026-01-01', true],
      ['purchase', 60, 60, 'W-2026', false],
    ]);
    expect(before.entries[1]!.at).toBe('2025-12-31T23:00:00.000Z'); // the start of 2026-01-01 in Paris

    const run = expireLicences(at('2026-03-06T02:00:00Z'));
    expect(run).toEqual({
      asOf: '2026-03-06',
      expired: [],
      forfeited: [{ client: 'C042', minutes: 120, day: '2026-01-01' }],
      dryRun: false,
    });
    expect(forfeitRows(ctx)).toEqual([
      {
        client: 1,
        at: Date.parse('2025-12-31T23:00:00Z'),
        minutes: -120,
        reference: '2026-01-01',
        note: 'credit kept 24 months after the licence ended on 2023-12-31, then forfeited',
      },
    ]);
    const after = statement(ctx, 'C042');
    expect(after.entries.map((e) => [e.kind, e.minutes, e.balanceMinutes, e.due])).toEqual([
      ['purchase', 120, 120, false],
      ['forfeit', -120, 0, false],
      ['purchase', 60, 60, false],
    ]);
    expect(after.balanceMinutes).toBe(60);
    expect(balance(ctx, 'C042').balanceMinutes).toBe(60);
  });
});

describe('licences expire (the cron job)', () => {
  it('nothing on the last day of the 24 months; the forfeit on the day after, written once', async () => {
    const { ctx, at } = await specDesk('2026-01-02T09:00:00Z');
    expect(expireLicences(at('2025-12-31T22:59:59Z')).forfeited).toEqual([]); // still 2025-12-31 in Paris
    expect(balance(at('2025-12-31T12:00:00Z'), 'C042')).toMatchObject({
      balanceMinutes: 120,
      validity: 'frozen',
      validUntil: '2025-12-31',
    });
    expect(balance(at('2026-01-01T00:00:00Z'), 'C042')).toMatchObject({ balanceMinutes: 0, validity: 'forfeited' });

    expect(expireLicences(at('2025-12-31T23:30:00Z')).forfeited).toEqual([
      { client: 'C042', minutes: 120, day: '2026-01-01' },
    ]);
    // Idempotent: a second run (and a later one) writes nothing.
    expect(expireLicences(ctx).forfeited).toEqual([]);
    expect(expireLicences(at('2026-06-01T09:00:00Z')).forfeited).toEqual([]);
    expect(forfeitRows(ctx)).toHaveLength(1);
  });

  it('a dry run reports and writes nothing; a day after today is refused unless it is a dry run', async () => {
    const { ctx } = await specDesk('2026-01-02T09:00:00Z');
    expect(expireLicences(ctx, { dryRun: true })).toMatchObject({
      forfeited: [{ client: 'C042', minutes: 120 }],
      dryRun: true,
    });
    expect(forfeitRows(ctx)).toEqual([]);
    expect(() => expireLicences(ctx, { asOf: '2026-01-03' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(expireLicences(ctx, { asOf: '2026-01-03', dryRun: true }).forfeited).toHaveLength(1);
    // A past --as-of writes only the forfeits due by then.
    expect(expireLicences(ctx, { asOf: '2025-12-31' }).forfeited).toEqual([]);
    expect(() => expireLicences(ctx, { asOf: '2026-02-30' })).toThrow(/invalid --as-of date/);
  });

  it('a reactivation within the 24 months keeps everything: nothing is ever forfeited', async () => {
    const { ctx, at } = await specDesk('2026-06-01T09:00:00Z');
    // Recorded on the last day of the 24 months, starting that day.
    addLicence(at('2025-12-31T16:00:00Z'), { client: 'C042', plan: 'on-demand', start: '2025-12-31', months: 1 });
    expect(expireLicences(ctx).forfeited).toEqual([]);
    expect(balance(ctx, 'C042')).toMatchObject({ balanceMinutes: 120, validity: 'frozen', validUntil: '2028-01-30' });
    expect(expireLicences(at('2028-01-31T09:00:00Z')).forfeited).toEqual([
      { client: 'C042', minutes: 120, day: '2028-01-31' },
    ]);
  });

  it('a reactivation recorded after the 24 months does not bring the credit back, whether or not the cron job ran', async () => {
    // Same data twice; the only difference is a run of `licences expire` before the late reactivation is recorded.
    for (const cronRan of [false, true]) {
      const { ctx, at } = await specDesk('2026-06-01T09:00:00Z');
      if (cronRan)
        expect(expireLicences(at('2026-01-01T03:00:00Z')).forfeited).toEqual([
          { client: 'C042', minutes: 120, day: '2026-01-01' },
        ]);
      // Recorded on 2026-06-01, backdated to cover the 24 months.
      addLicence(ctx, { client: 'C042', plan: 'on-demand', start: '2025-06-01', months: 24 });
      expect(balance(ctx, 'C042'), `cron ran: ${cronRan}`).toMatchObject({ balanceMinutes: 0, validity: 'active' });
      expect(expireLicences(ctx).forfeited).toEqual(
        cronRan ? [] : [{ client: 'C042', minutes: 120, day: '2026-01-01' }],
      );
      expect(balance(ctx, 'C042').balanceMinutes).toBe(0);
    }
  });

  it('reports the licences whose coverage ended the day before, not those renewed', () => {
    const { ctx, at } = tempDesk('2026-11-26T03:00:00Z');
    for (const code of ['A', 'B', 'C']) addClient(ctx, { code, name: code });
    addLicence(ctx, { client: 'A', plan: 'on-demand', start: '2025-11-26', end: '2026-11-25' });
    addLicence(ctx, { client: 'B', plan: 'on-demand', start: '2025-11-26', end: '2026-11-25' });
    addLicence(ctx, { client: 'B', plan: 'on-demand', start: '2026-11-26', months: 12 }); // renewed
    addLicence(ctx, { client: 'C', plan: 'on-demand', start: '2025-11-25', end: '2026-11-24' }); // ended the day before
    expect(expireLicences(ctx).expired).toEqual([{ client: 'A', licence: 1, endsOn: '2026-11-25' }]);
    expect(expireLicences(at('2026-11-25T03:00:00Z')).expired).toEqual([
      { client: 'C', licence: 4, endsOn: '2026-11-24' },
    ]);
  });
});

describe('licences list --expiring-within (the reminder before expiry)', () => {
  it('running licences whose last day is within N days, today and day N included', () => {
    const { ctx } = tempDesk('2026-11-26T09:00:00Z');
    for (const code of ['A', 'B', 'C', 'D', 'E']) addClient(ctx, { code, name: code });
    addLicence(ctx, { client: 'A', plan: 'on-demand', start: '2026-01-01', end: '2026-11-26' }); // ends today
    addLicence(ctx, { client: 'B', plan: 'on-demand', start: '2026-01-01', end: '2026-12-26' }); // day 30
    addLicence(ctx, { client: 'C', plan: 'on-demand', start: '2026-01-01', end: '2026-12-27' }); // day 31
    addLicence(ctx, { client: 'D', plan: 'on-demand', start: '2026-01-01', end: '2026-11-25' }); // already ended
    addLicence(ctx, { client: 'E', plan: 'on-demand', start: '2026-12-01', end: '2026-12-10' }); // not started
    expect(listLicences(ctx, { expiringWithinDays: 30 }).map((l) => [l.client, l.endsOn])).toEqual([
      ['A', '2026-11-26'],
      ['B', '2026-12-26'],
    ]);
  });
});

describe('credits list', () => {
  it('every client with balance and validity; --below; --forfeit-within counts from the forfeit day', async () => {
    const { ctx, at } = tempDesk('2026-11-26T09:00:00Z');
    addClient(ctx, { code: 'ACT', name: 'Active' });
    addClient(ctx, { code: 'FRZ', name: 'Frozen' });
    addClient(ctx, { code: 'NON', name: 'No licence' });
    addLicence(ctx, { client: 'ACT', plan: 'all-inclusive', start: '2025-01-15' });
    addLicence(ctx, { client: 'FRZ', plan: 'on-demand', start: '2023-01-01', end: '2024-12-25' });
    await buy(
      ctx,
      ['O1', 'ACT', 'AST05', 1, '2026-01-10T10:00:00Z'],
      ['O2', 'FRZ', 'AST01', 1, '2024-06-01T10:00:00Z'],
      ['O3', 'NON', 'AST01', 1, '2026-11-01T10:00:00Z'],
    );
    expect(listCredits(ctx)).toEqual({
      asOf: '2026-11-26',
      clients: [
        {
          client: 'ACT',
          name: 'Active',
          balanceMinutes: 300,
          validity: 'active',
          validUntil: '2031-01-14',
          forfeitsOn: '2031-01-15',
        },
        {
          client: 'FRZ',
          name: 'Frozen',
          balanceMinutes: 60,
          validity: 'frozen',
          validUntil: '2026-12-25',
          forfeitsOn: '2026-12-26',
        },
        {
          client: 'NON',
          name: 'No licence',
          balanceMinutes: 60,
          validity: 'unlicensed',
          validUntil: null,
          forfeitsOn: null,
        },
      ],
    });
    expect(listCredits(ctx, { belowMinutes: 61 }).clients.map((c) => c.client)).toEqual(['FRZ', 'NON']);
    expect(listCredits(ctx, { belowMinutes: 60 }).clients).toEqual([]);
    // The forfeit day is 2026-12-26: 30 days ahead.
    expect(listCredits(ctx, { forfeitWithinDays: 30 }).clients.map((c) => c.client)).toEqual(['FRZ']);
    expect(listCredits(ctx, { forfeitWithinDays: 29 }).clients).toEqual([]);
    // Nothing to lose: not listed.
    await take(ctx, (await openTicket(ctx, { client: 'ACT', subject: 'x' })).number);
    expect(listCredits(at('2026-12-26T09:00:00Z'), { forfeitWithinDays: 365 }).clients).toEqual([]);
  });
});

describe('statements', () => {
  it('running balance with kind, reference (order, ticket) and note; --from/--to with the opening balance', async () => {
    const { ctx, at } = tempDesk('2026-11-26T09:00:00Z');
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
    await buy(
      ctx,
      ['W-1', 'C042', 'AST02', 1, '2026-10-01T10:00:00Z'],
      ['W-2', 'C042', 'AST01', 2, '2026-11-10T10:00:00Z'],
    );
    const t = await openTicket(at('2026-11-20T09:00:00Z'), { client: 'C042', subject: 'Export PDF plante' });
    await take(at('2026-11-20T09:00:00Z'), t.number);
    await timeAdd(at('2026-11-20T09:20:00Z', 'bob'), t.number, 10); // a colleague's call: the timer runs meanwhile
    await close(at('2026-11-20T09:30:00Z'), t.number, { resolution: 'fixed' });
    bill(at('2026-11-20T10:00:00Z'), { tickets: [t.number] });

    const all = statement(ctx, 'C042');
    expect(all.entries.map((e) => [e.kind, e.minutes, e.balanceMinutes, e.reference])).toEqual([
      ['purchase', 120, 120, 'W-1'],
      ['purchase', 120, 240, 'W-2'],
      ['consumption', -45, 195, String(t.number)],
    ]);
    expect(all.entries[1]!.note).toBe('2 × AST01');
    expect(all).toMatchObject({ client: 'C042', from: null, to: null, openingBalanceMinutes: 0, balanceMinutes: 195 });

    const november = statement(ctx, 'C042', { from: '2026-11-01', to: '2026-11-15' });
    expect(november).toMatchObject({ openingBalanceMinutes: 120, balanceMinutes: 240 });
    expect(november.entries.map((e) => e.reference)).toEqual(['W-2']);
    expect(() => statement(ctx, 'C042', { from: '2026-11-15', to: '2026-11-01' })).toThrow(/after --to/);
    expect(() => statement(ctx, 'C999')).toThrow(expect.objectContaining({ code: 'CLIENT_NOT_FOUND' }));
  });
});

describe('taking a ticket (rule 8 and the take rule)', () => {
  it('refused for a frozen client (LICENCE_INACTIVE) and, after a late reactivation, for forfeited credit (NO_CREDIT)', async () => {
    const { ctx, at } = await specDesk('2025-06-01T09:00:00Z');
    const t = await openTicket(ctx, { client: 'C042', subject: 'Question' });
    await expect(take(ctx, t.number)).rejects.toMatchObject({ code: 'LICENCE_INACTIVE', exitCode: 5 });
    expect(balance(ctx, 'C042')).toMatchObject({ validity: 'frozen', balanceMinutes: 120 });

    // Reactivated after the 24 months: licensed, but the old credit is gone.
    const later = at('2026-03-02T09:00:00Z');
    addLicence(later, { client: 'C042', plan: 'on-demand', start: '2026-03-01', months: 12 });
    await expect(take(later, t.number)).rejects.toMatchObject({ code: 'NO_CREDIT', exitCode: 5 });
    // Reactivated in time instead: the credit is fully usable again.
    const { ctx: other } = await specDesk('2025-06-01T09:00:00Z');
    addLicence(other, { client: 'C042', plan: 'on-demand', start: '2025-06-01', months: 12 });
    const u = await openTicket(other, { client: 'C042', subject: 'Question' });
    await expect(take(other, u.number)).resolves.toMatchObject({ status: 'in_progress' });
  });
});

describe('one writer of the ledger', () => {
  it("no file under src/ but each engine's ledger store (src/store/<engine>/ledger.ts) writes ledger_entries", () => {
    const src = join(import.meta.dirname, '..', '..', 'src');
    const writer = /^store\/[a-z]+\/ledger\.ts$/;
    const writes = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(main\.)?ledger_entries\b|\binsert\(ledgerEntries\)/i;
    const offending = readdirSync(src, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .filter((f) => !writer.test(relative(src, f)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (writes.test(line) ? [`${relative(src, f)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offending, offending.join('\n')).toEqual([]);
  });
});
