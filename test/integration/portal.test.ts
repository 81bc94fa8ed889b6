// SPEC 5 pages, as read models: the dashboard (credit, licences, open requests
// red then orange, resolved ones newest first 50 a page), one request (the
// client-visible timeline, time counted, defect waived, the fix owed), the
// request form (one ticket per form, its receipt), the statement. Always for
// the contact's own client: another client's ticket does not exist.
import { describe, expect, it } from 'vitest';
import { bill } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import { addContact, findContactByEmail, type Contact } from '../../src/services/contacts.js';
import { adjust } from '../../src/services/credit.js';
import { statement as creditStatement } from '../../src/services/credit-statement.js';
import { deliverFix } from '../../src/services/fixes.js';
import { addLicence } from '../../src/services/licences.js';
import { listOutbox } from '../../src/services/outbox.js';
import {
  dashboard,
  PAGE_SIZE,
  requestDetail,
  statement,
  submitRequest,
  submitRequests,
} from '../../src/services/portal.js';
import { close, historyOf, openTicket, release, reopen, showTicket, take } from '../../src/services/tickets.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';

const NOW = '2026-11-26T10:00:00Z';

/**
 * C042 (licensed, 5h): #1 red (from Marie), #2 orange, #3 resolved, reopened,
 * resolved again and billed, #4 a software defect (hotfix delivered), #5 taken
 * then released (red); #6 is C043's.
 */
async function desk(): Promise<TestDesk & { dupont: Contact; smith: Contact }> {
  const d = tempDesk(NOW);
  const at = (iso: string, agent = 'alice') => d.at(iso, agent);
  const early = at('2026-11-01T09:00:00Z');
  addClient(early, { code: 'C042', name: 'Dupont SA', email: 'accueil@dupont.fr' });
  addContact(early, { client: 'C042', email: 'marie@dupont.fr', name: 'Marie' });
  addLicence(early, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
  adjust(early, 'C042', 300, 'opening balance');
  addClient(early, { code: 'C043', name: 'Smith Ltd', email: 'ops@smith.example', language: 'en' });
  addLicence(early, { client: 'C043', plan: 'on-demand', start: '2026-01-01', months: 12 });
  adjust(early, 'C043', 45, 'opening balance');

  await openTicket(at('2026-11-25T08:00:00Z'), {
    client: 'C042',
    subject: 'Export PDF plante',
    from: 'marie@dupont.fr',
  }); // #1
  await openTicket(at('2026-11-25T08:05:00Z'), { client: 'C042', subject: 'Licence non reconnue' }); // #2
  await openTicket(at('2026-11-25T08:10:00Z'), { client: 'C042', subject: 'Question modèles' }); // #3
  await openTicket(at('2026-11-25T08:15:00Z'), { client: 'C042', subject: 'Plantage au démarrage' }); // #4
  await openTicket(at('2026-11-25T08:20:00Z'), { client: 'C042', subject: 'Rendu lent' }); // #5
  await openTicket(at('2026-11-25T08:25:00Z'), { client: 'C043', subject: 'Printer' }); // #6
  await take(at('2026-11-25T09:00:00Z', 'bob'), 2);
  await take(at('2026-11-25T09:00:00Z'), 3);
  await close(at('2026-11-25T09:20:00Z'), 3, { resolution: 'Expliqué' });
  await reopen(at('2026-11-25T09:30:00Z'), 3, 'encore une question');
  await take(at('2026-11-25T09:40:00Z'), 3);
  await close(at('2026-11-25T09:45:00Z'), 3, { resolution: 'Expliqué encore' });
  await take(at('2026-11-25T10:00:00Z'), 4);
  await close(at('2026-11-25T10:20:00Z'), 4, { resolution: 'Corrigé', defect: true });
  deliverFix(at('2026-11-25T11:00:00Z'), 4, '4.2.1');
  await take(at('2026-11-25T11:00:00Z'), 5);
  await release(at('2026-11-25T11:05:00Z'), 5);
  bill(at('2026-11-25T12:00:00Z'), { all: true });
  return {
    ...d,
    dupont: findContactByEmail(d.ctx, 'marie@dupont.fr')!,
    smith: findContactByEmail(d.ctx, 'ops@smith.example')!,
  };
}

describe('the dashboard', () => {
  it("the client's credit, licences, open requests red then orange, resolved ones newest first", async () => {
    const d = await desk();
    const board = dashboard(d.ctx, d.dupont, 1);
    expect(board.credit).toEqual({
      balanceMinutes: 300 - 30,
      validity: 'active',
      validUntil: '2031-01-14',
      low: false,
      forfeitOn: null,
    });
    expect(board.licences).toEqual([{ plan: 'all-inclusive', startsOn: '2025-01-15', endsOn: '2029-01-14' }]);
    expect(board.open.map((t) => [t.number, t.state])).toEqual([
      [1, 'red'],
      [5, 'red'],
      [2, 'orange'],
    ]);
    expect(board.open[0]).toEqual({
      number: 1,
      subject: 'Export PDF plante',
      state: 'red',
      createdAt: '2026-11-25T08:00:00.000Z',
      takenAt: null,
      resolvedAt: null,
      defect: false,
    });
    expect(board.resolved.map((t) => [t.number, t.state, t.defect])).toEqual([
      [4, 'green', true],
      [3, 'green', false],
    ]);
    expect([board.page, board.pages]).toEqual([1, 1]);
  });

  it('low below 1 h; a forfeit within 60 days is announced when there is credit to lose', async () => {
    const d = await desk();
    expect(dashboard(d.ctx, d.smith, 1).credit).toMatchObject({ balanceMinutes: 45, low: true, forfeitOn: null });
    const old = d.at('2024-06-01T09:00:00Z');
    addClient(old, { code: 'C044', name: 'Ancien', email: 'old@ancien.fr' });
    addLicence(old, { client: 'C044', plan: 'on-demand', start: '2024-01-01', end: '2024-12-31' });
    adjust(old, 'C044', 120, 'bought in 2024');
    const ancien = findContactByEmail(d.ctx, 'old@ancien.fr')!;
    // frozen until 2026-12-31: the forfeit on 2027-01-01 is 36 days away
    expect(dashboard(d.ctx, ancien, 1).credit).toEqual({
      balanceMinutes: 120,
      validity: 'frozen',
      validUntil: '2026-12-31',
      low: false,
      forfeitOn: '2027-01-01',
    });
    expect(dashboard(d.at('2026-10-01T09:00:00Z'), ancien, 1).credit.forfeitOn).toBeNull(); // 92 days away
  });

  it(`pages of ${PAGE_SIZE} requests: the open ones first, then the resolved ones newest first; a page out of range is brought back`, async () => {
    const d = await desk();
    for (let i = 0; i < PAGE_SIZE; i++) {
      const ctx = d.at(new Date(Date.parse('2026-11-25T13:00:00Z') + i * 60_000).toISOString());
      const t = await openTicket(ctx, { client: 'C042', subject: `n° ${i}` });
      await close(ctx, t.number, { resolution: 'doublon' });
    }
    // 3 open and 52 resolved: page 1 holds the 3 open and the 47 newest resolved
    const one = dashboard(d.ctx, d.dupont, 1);
    const two = dashboard(d.ctx, d.dupont, 2);
    expect([one.pages, one.open.length, one.resolved.length]).toEqual([2, 3, PAGE_SIZE - 3]);
    expect(one.resolved[0]!.subject).toBe(`n° ${PAGE_SIZE - 1}`);
    expect(two.open).toEqual([]);
    expect(two.resolved.map((t) => t.number)).toEqual([9, 8, 7, 4, 3]);
    expect(dashboard(d.ctx, d.dupont, 9).page).toBe(2);
    expect(dashboard(d.ctx, d.dupont, 0).page).toBe(1);

    // 53 open: they fill page 1, page 2 ends them and goes on with the resolved ones
    for (let i = 0; i < PAGE_SIZE; i++)
      await openTicket(d.at('2026-11-25T15:00:00Z'), { client: 'C042', subject: `ouvert ${i}` });
    const full = dashboard(d.ctx, d.dupont, 1);
    expect([full.pages, full.open.length, full.resolved]).toEqual([3, PAGE_SIZE, []]);
    expect(full.open.slice(0, 2).map((t) => t.number)).toEqual([1, 5]);
    const next = dashboard(d.ctx, d.dupont, 2);
    expect([next.open.length, next.resolved.length]).toEqual([3, PAGE_SIZE - 3]);
    expect(next.open.at(-1)!.number).toBe(2); // the orange one closes the open list
    expect(dashboard(d.ctx, d.dupont, 3).resolved.map((t) => t.number)).toEqual([9, 8, 7, 4, 3]);
  });

  it("never shows another client's requests, credit or licences", async () => {
    const d = await desk();
    const board = dashboard(d.ctx, d.smith, 1);
    expect(board.open.map((t) => t.number)).toEqual([6]);
    expect(board.resolved).toEqual([]);
    expect(board.licences).toEqual([{ plan: 'on-demand', startsOn: '2026-01-01', endsOn: '2026-12-31' }]);
  });
});

describe('one request', () => {
  it("another client's ticket and a missing one are both undefined", async () => {
    const d = await desk();
    expect(requestDetail(d.ctx, d.smith, 1)).toBeUndefined();
    expect(requestDetail(d.ctx, d.dupont, 6)).toBeUndefined();
    expect(requestDetail(d.ctx, d.dupont, 999)).toBeUndefined();
    expect(requestDetail(d.ctx, d.smith, 6)?.ticket.subject).toBe('Printer');
  });

  it('the client-visible timeline, the time counted by slices, what was charged', async () => {
    const d = await desk();
    const detail = requestDetail(d.ctx, d.dupont, 3)!;
    expect(detail.ticket).toMatchObject({
      number: 3,
      state: 'green',
      body: null,
      resolution: 'Expliqué encore',
      requester: null,
      defect: false,
    });
    expect(detail.timeline).toEqual([
      { at: '2026-11-25T08:10:00.000Z', event: 'received' },
      { at: '2026-11-25T09:00:00.000Z', event: 'taken' },
      { at: '2026-11-25T09:20:00.000Z', event: 'resolved' },
      { at: '2026-11-25T09:30:00.000Z', event: 'reopened' },
      { at: '2026-11-25T09:40:00.000Z', event: 'taken' },
      { at: '2026-11-25T09:45:00.000Z', event: 'resolved' },
    ]);
    // 20 + 5 minutes: 2 slices, 30 min charged
    expect(detail.time).toEqual({
      workedSeconds: 1500,
      slices: 2,
      billableMinutes: 30,
      chargedMinutes: 30,
      waivedMinutes: 0,
    });
    expect(detail.fix).toBeNull();
    // the staff's own history holds more (billing, agents): the client sees none of it
    expect(historyOf(d.ctx, 3).map((e) => e.event)).toContain('billed');
    expect(requestDetail(d.ctx, d.dupont, 5)!.timeline.map((e) => e.event)).toEqual(['received', 'taken', 'released']);
    expect(requestDetail(d.ctx, d.dupont, 1)!.ticket.requester).toBe('marie@dupont.fr');
  });

  it('a software defect: nothing deducted (all waived), and the fix owed with its version', async () => {
    const d = await desk();
    const detail = requestDetail(d.ctx, d.dupont, 4)!;
    expect(detail.time).toEqual({
      workedSeconds: 1200,
      slices: 2,
      billableMinutes: 30,
      chargedMinutes: 0,
      waivedMinutes: 30,
    });
    expect(detail.fix).toEqual({ delivery: 'hotfix', status: 'delivered', version: '4.2.1' });
  });

  it('a defect not billed yet already shows its time as waived', async () => {
    const d = await desk();
    await take(d.at('2026-11-26T09:00:00Z'), 1);
    await close(d.at('2026-11-26T09:10:00Z'), 1, { resolution: 'bug', defect: true });
    expect(requestDetail(d.ctx, d.dupont, 1)!.time).toMatchObject({
      billableMinutes: 15,
      chargedMinutes: 0,
      waivedMinutes: 15,
    });
    expect(requestDetail(d.ctx, d.dupont, 1)!.fix).toEqual({ delivery: 'hotfix', status: 'pending', version: null });
  });
});

describe('the request form', () => {
  it('makes a red ticket with the contact as requester and queues its receipt to the contact, in one go', async () => {
    const d = await desk();
    const sent = submitRequest(d.ctx, d.dupont, {
      subject: '  Impression impossible ',
      body: 'Depuis ce matin…',
      formKey: 'form-1',
    });
    expect(sent).toEqual({ number: 7, created: true });
    const { ticket, body, history } = await showTicket(d.ctx, 7);
    expect(ticket).toMatchObject({
      client: 'C042',
      subject: 'Impression impossible',
      color: 'red',
      requester: 'marie@dupont.fr',
    });
    expect(body).toBe('Depuis ce matin…');
    expect(history).toEqual([
      { at: '2026-11-26T10:00:00.000Z', agent: 'marie@dupont.fr', event: 'opened', detail: null },
    ]);
    expect(listOutbox(d.ctx, 'all').filter((m) => m.ticket === 7)).toEqual([
      expect.objectContaining({ to: 'marie@dupont.fr', state: 'queued' }),
    ]);
  });

  it('the same form sent twice makes one ticket and one receipt', async () => {
    const d = await desk();
    const first = submitRequest(d.ctx, d.dupont, { subject: 'Impression', body: '', formKey: 'form-1' });
    const before = snapshotRaw(rawOf(d.ctx.store));
    expect(
      submitRequest(d.at('2026-11-26T10:00:05Z'), d.dupont, { subject: 'Impression', body: '', formKey: 'form-1' }),
    ).toEqual({ number: first.number, created: false });
    expect(snapshotRaw(rawOf(d.ctx.store))).toEqual(before);
    // another form, or the same key from another contact, is another request
    expect(submitRequest(d.ctx, d.dupont, { subject: 'Impression', body: '', formKey: 'form-2' }).created).toBe(true);
    expect(submitRequest(d.ctx, d.smith, { subject: 'Printing', body: '', formKey: 'form-1' })).toMatchObject({
      created: true,
    });
  });

  it('requests written together: each as if alone, a refused one leaving the others written', async () => {
    const d = await desk();
    const results = submitRequests(d.ctx, [
      { ctx: d.ctx, contact: d.dupont, request: { subject: 'Impression', body: '', formKey: 'batch-1' } },
      { ctx: d.ctx, contact: d.smith, request: { subject: '   ', body: '', formKey: 'batch-2' } },
      {
        ctx: d.at('2026-11-26T10:00:01Z'),
        contact: d.smith,
        request: { subject: 'Printing', body: '', formKey: 'batch-3' },
      },
      { ctx: d.ctx, contact: d.dupont, request: { subject: 'Impression', body: '', formKey: 'batch-1' } },
    ]);
    const [first, refused, third, again] = results as [
      { number: number },
      { error: { code: string } },
      { number: number },
      unknown,
    ];
    expect(refused.error.code).toBe('INVALID_INPUT');
    expect(again).toEqual({ number: first.number, created: false });
    expect(requestDetail(d.ctx, d.dupont, first.number)?.ticket.subject).toBe('Impression');
    expect(requestDetail(d.ctx, d.smith, third.number)?.ticket.subject).toBe('Printing');
    expect(listOutbox(d.ctx, 'all').filter((m) => m.ticket === first.number || m.ticket === third.number)).toHaveLength(
      2,
    );
  });

  it('checks the subject (1 to 200 characters) and the description (at most 20,000): INVALID_INPUT, nothing written', async () => {
    const d = await desk();
    const before = snapshotRaw(rawOf(d.ctx.store));
    for (const o of [
      { subject: '   ', body: '' },
      { subject: 'x'.repeat(201), body: '' },
      { subject: 'ok', body: 'x'.repeat(20_001) },
      { subject: 'ok', body: '', formKey: '' },
    ])
      expect(() => submitRequest(d.ctx, d.dupont, { formKey: 'k', ...o })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
      );
    expect(snapshotRaw(rawOf(d.ctx.store))).toEqual(before);
    expect(
      submitRequest(d.ctx, d.dupont, { subject: 'x'.repeat(200), body: 'x'.repeat(20_000), formKey: 'k' }).created,
    ).toBe(true);
  });
});

describe('the statement', () => {
  it("is the contact's client's credits statement", async () => {
    const d = await desk();
    expect(statement(d.ctx, d.dupont)).toEqual(creditStatement(d.ctx, 'C042'));
    expect(statement(d.ctx, d.smith)).toMatchObject({ client: 'C043', balanceMinutes: 45 });
  });
});
