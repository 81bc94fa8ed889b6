// The ticket lifecycle through the services, on a temporary database.
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust, balance } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import {
  close,
  openTicket,
  release,
  reopen,
  showTicket,
  take,
  takeNext,
  timeAdd,
  timerStart,
  timerStop,
  timeShow,
} from '../../src/services/tickets.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';

const DAY = '2026-11-26';
const at = (hhmmss: string) => `${DAY}T${hhmmss}Z`;

/** A client licensed today with some credit. */
function licensedClient(ctx: Ctx, code: string, minutes = 255): void {
  addClient(ctx, { code, name: `Client ${code}` });
  addLicence(ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
  if (minutes > 0) adjust(ctx, code, minutes, 'test credit');
}

async function deskWithTicket(): Promise<{ desk: TestDesk; n: number }> {
  const desk = tempDesk(at('08:00:00'));
  licensedClient(desk.ctx, 'C042');
  const ticket = await openTicket(desk.ctx, { client: 'C042', subject: 'Export PDF plante' });
  return { desk, n: ticket.number };
}

async function events(ctx: Ctx, n: number): Promise<string[]> {
  return (await showTicket(ctx, n)).history.map((h) => h.event);
}

describe('open → take → time → close', () => {
  it('counts from the take, by 15-minute slices of the total', async () => {
    const { desk, n } = await deskWithTicket();
    const opened = (await showTicket(desk.ctx, n)).ticket;
    expect(opened).toMatchObject({
      status: 'pending',
      color: 'red',
      takenAt: null,
      takenBy: null,
      workedSeconds: 0,
      billableMinutes: 0,
      timerRunning: false,
    });

    const taken = await take(desk.at(at('09:00:00')), n);
    expect(taken).toMatchObject({
      status: 'in_progress',
      color: 'orange',
      takenAt: at('09:00:00.000'),
      takenBy: 'alice',
      timerRunning: true,
    });

    const running = await timeShow(desk.at(at('09:15:01')), n);
    expect(running.ticket).toMatchObject({ workedSeconds: 901, slices: 2, billableMinutes: 30, timerRunning: true });
    expect(running.entries).toEqual([
      { agent: 'alice', startedAt: at('09:00:00.000'), endedAt: null, seconds: 901, note: null },
    ]);

    const closed = await close(desk.at(at('09:15:01')), n, { resolution: 'config fixed' });
    expect(closed).toMatchObject({
      status: 'resolved',
      color: 'green',
      resolvedAt: at('09:15:01.000'),
      resolution: 'config fixed',
      defect: false,
    });
    expect(closed).toMatchObject({ workedSeconds: 901, slices: 2, billableMinutes: 30, timerRunning: false });

    // The time stopped at the close: later, it still reads the same.
    expect((await timeShow(desk.at(at('16:00:00')), n)).ticket.workedSeconds).toBe(901);
    expect(await events(desk.ctx, n)).toEqual(['opened', 'taken', 'closed']);
  });

  it('two sessions of 5 min bill 15, not 30', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    await timerStop(desk.at(at('09:05:00')), n);
    await timerStart(desk.at(at('10:00:00')), n);
    const closed = await close(desk.at(at('10:05:00')), n, { resolution: 'done' });
    expect(closed).toMatchObject({ workedSeconds: 600, slices: 1, billableMinutes: 15 });
    expect(await events(desk.ctx, n)).toEqual(['opened', 'taken', 'timer-stopped', 'timer-started', 'closed']);
  });

  it('ignores milliseconds: the worked seconds are rounded down', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    expect((await timeShow(desk.at(at('09:15:00.999')), n)).ticket).toMatchObject({
      workedSeconds: 900,
      billableMinutes: 15,
    });
  });

  it('a red ticket may be closed (duplicate, spam): it has no time', async () => {
    const { desk, n } = await deskWithTicket();
    const closed = await close(desk.at(at('09:00:00')), n, { resolution: 'duplicate of #1' });
    expect(closed).toMatchObject({ color: 'green', takenAt: null, workedSeconds: 0, billableMinutes: 0 });
  });

  it('a defect is recorded on the ticket and in the history', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    const closed = await close(desk.at(at('09:20:00')), n, { resolution: 'crash in PDF export', defect: true });
    expect(closed).toMatchObject({ defect: true, billableMinutes: 30 });
    expect((await showTicket(desk.ctx, n)).history.at(-1)).toMatchObject({
      event: 'closed',
      detail: expect.stringContaining('software defect'),
    });
  });
});

describe('timers belong to agents', () => {
  it('start/stop act on the acting agent only; the total sums every agent', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00'), 'alice'), n);
    await timerStart(desk.at(at('09:10:00'), 'bob'), n);
    await expect(timerStart(desk.at(at('09:11:00'), 'bob'), n)).rejects.toMatchObject({
      code: 'TIMER_RUNNING',
      exitCode: 4,
    });

    const aliceStops = await timerStop(desk.at(at('09:20:00'), 'alice'), n);
    expect(aliceStops.ticket.timerRunning).toBe(true); // bob's still runs
    expect(aliceStops.entries.map((e) => [e.agent, e.endedAt])).toEqual([
      ['alice', at('09:20:00.000')],
      ['bob', null],
    ]);
    await expect(timerStop(desk.at(at('09:21:00'), 'alice'), n)).rejects.toMatchObject({
      code: 'TIMER_NOT_RUNNING',
      exitCode: 4,
    });

    const bobStops = await timerStop(desk.at(at('09:30:00'), 'bob'), n);
    // alice 20 min + bob 20 min = 40 min → 3 slices
    expect(bobStops.ticket).toMatchObject({ workedSeconds: 2400, slices: 3, billableMinutes: 45, timerRunning: false });
  });

  it('a timer runs only on an orange ticket', async () => {
    const { desk, n } = await deskWithTicket();
    await expect(timerStart(desk.at(at('09:00:00')), n)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      exitCode: 4,
    });
  });

  it('time add records time done off the clock, ending now, with its note', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    await timerStop(desk.at(at('09:05:00')), n);
    const added = await timeAdd(desk.at(at('11:00:00'), 'bob'), n, 25, 'phone call');
    expect(added.entries.at(-1)).toEqual({
      agent: 'bob',
      startedAt: at('10:35:00.000'),
      endedAt: at('11:00:00.000'),
      seconds: 1500,
      note: 'phone call',
    });
    expect(added.ticket).toMatchObject({ workedSeconds: 1800, slices: 2, billableMinutes: 30 });
    expect((await showTicket(desk.ctx, n)).history.at(-1)).toMatchObject({
      event: 'time-added',
      agent: 'bob',
      detail: '0h25 — phone call',
    });
  });

  it('time add is refused on a red ticket and for a non-positive duration', async () => {
    const { desk, n } = await deskWithTicket();
    await expect(timeAdd(desk.at(at('09:00:00')), n, 25)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      exitCode: 4,
    });
    await take(desk.at(at('09:00:00')), n);
    await expect(timeAdd(desk.at(at('09:10:00')), n, 0)).rejects.toMatchObject({ code: 'INVALID_INPUT', exitCode: 6 });
  });

  it('time add is accepted on a green ticket (work noted after the close)', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    await close(desk.at(at('09:10:00')), n, { resolution: 'done' });
    const added = await timeAdd(desk.at(at('09:30:00')), n, 10);
    expect(added.ticket).toMatchObject({ color: 'green', workedSeconds: 1200, billableMinutes: 30 });
  });
});

describe('release and reopen keep the time', () => {
  it('release hands the ticket back to the queue and keeps its time', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00'), 'alice'), n);
    const released = await release(desk.at(at('09:10:00'), 'alice'), n);
    expect(released).toMatchObject({
      color: 'red',
      takenBy: null,
      takenAt: null,
      workedSeconds: 600,
      timerRunning: false,
    });
    // Nobody counts while it is red.
    expect((await timeShow(desk.at(at('10:00:00')), n)).ticket.workedSeconds).toBe(600);

    const retaken = await take(desk.at(at('10:00:00'), 'bob'), n);
    expect(retaken).toMatchObject({ color: 'orange', takenBy: 'bob', workedSeconds: 600 });
    expect((await timeShow(desk.at(at('10:05:01')), n)).ticket).toMatchObject({
      workedSeconds: 901,
      billableMinutes: 30,
    });
    expect(await events(desk.ctx, n)).toEqual(['opened', 'taken', 'released', 'taken']);
  });

  it('SPEC: a ticket of 10 min reopened for 10 more has 20 min → 30 billable', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    expect(await close(desk.at(at('09:10:00')), n, { resolution: 'done' })).toMatchObject({ billableMinutes: 15 });

    const reopened = await reopen(desk.at(at('14:00:00')), n, 'the crash is back');
    expect(reopened).toMatchObject({
      color: 'red',
      resolvedAt: null,
      resolution: null,
      takenBy: null,
      workedSeconds: 600,
      billableMinutes: 15,
    });

    await take(desk.at(at('15:00:00')), n);
    const closedAgain = await close(desk.at(at('15:10:00')), n, { resolution: 'done, really' });
    expect(closedAgain).toMatchObject({ workedSeconds: 1200, slices: 2, billableMinutes: 30 });
    const history = (await showTicket(desk.ctx, n)).history;
    expect(history.map((h) => h.event)).toEqual(['opened', 'taken', 'closed', 'reopened', 'taken', 'closed']);
    expect(history[3]).toMatchObject({ event: 'reopened', detail: 'the crash is back', at: at('14:00:00.000') });
  });

  it.each([
    ['reopen an orange ticket', async (ctx: Ctx, n: number) => reopen(ctx, n)],
    ['release a red ticket', async (ctx: Ctx, n: number) => release(ctx, n)],
  ])('refuses to %s (INVALID_TRANSITION, exit 4)', async (label, action) => {
    const { desk, n } = await deskWithTicket();
    if (label.includes('orange')) await take(desk.at(at('09:00:00')), n);
    await expect(action(desk.at(at('09:30:00')), n)).rejects.toMatchObject({ code: 'INVALID_TRANSITION', exitCode: 4 });
  });

  it('refuses to close a green ticket again', async () => {
    const { desk, n } = await deskWithTicket();
    await close(desk.at(at('09:00:00')), n, { resolution: 'spam' });
    await expect(close(desk.at(at('09:01:00')), n, { resolution: 'again' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      exitCode: 4,
    });
  });
});

describe('taking: the support terms', () => {
  it('a second take is TICKET_ALREADY_TAKEN (exit 4)', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00'), 'alice'), n);
    await expect(take(desk.at(at('09:01:00'), 'bob'), n)).rejects.toMatchObject({
      code: 'TICKET_ALREADY_TAKEN',
      exitCode: 4,
      message: expect.stringContaining('alice'),
    });
  });

  it('an unknown ticket is TICKET_NOT_FOUND (exit 3)', async () => {
    const { desk } = await deskWithTicket();
    await expect(take(desk.ctx, 99)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND', exitCode: 3 });
    await expect(showTicket(desk.ctx, 99)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND', exitCode: 3 });
  });

  it.each([
    ['LICENCE_INACTIVE', 'no licence at all', (ctx: Ctx) => addClient(ctx, { code: 'C001', name: 'Unlicensed' })],
    [
      'LICENCE_INACTIVE',
      'a licence that ended yesterday, credit frozen',
      (ctx: Ctx) => {
        addClient(ctx, { code: 'C001', name: 'Expired' });
        addLicence(ctx, { client: 'C001', plan: 'on-demand', start: '2025-11-26', end: '2026-11-25' });
        adjust(ctx, 'C001', 60, 'credit');
      },
    ],
    [
      'LICENCE_INACTIVE',
      'a licence that starts tomorrow',
      (ctx: Ctx) => {
        addClient(ctx, { code: 'C001', name: 'Future' });
        addLicence(ctx, { client: 'C001', plan: 'on-demand', start: '2026-11-27', months: 12 });
        adjust(ctx, 'C001', 60, 'credit');
      },
    ],
    ['NO_CREDIT', 'a licence but no credit', (ctx: Ctx) => licensedClient(ctx, 'C001', 0)],
  ])('refused %s (exit 5) for %s; --force takes it and the history says so', async (code, _label, setup) => {
    const desk = tempDesk(at('08:00:00'));
    setup(desk.ctx);
    const { number: n } = await openTicket(desk.ctx, { client: 'C001', subject: 'Help' });
    const before = snapshotRaw(rawOf(desk.ctx.store));
    await expect(take(desk.at(at('09:00:00')), n)).rejects.toMatchObject({
      code,
      exitCode: 5,
      hint: expect.stringContaining('--force'),
    });
    expect(snapshotRaw(rawOf(desk.ctx.store))).toEqual(before);

    const forced = await take(desk.at(at('09:00:00')), n, { force: true });
    expect(forced).toMatchObject({ color: 'orange', takenBy: 'alice', timerRunning: true });
    const history = (await showTicket(desk.ctx, n)).history;
    expect(history.map((h) => h.event)).toEqual(['opened', 'forced', 'taken']);
    expect(history[1]).toMatchObject({ agent: 'alice', at: at('09:00:00.000'), detail: expect.stringContaining(code) });
  });

  it('the licence must cover today in the business time zone', async () => {
    // 2026-11-26T23:30Z is already 2026-11-27 in Paris.
    const desk = tempDesk(at('08:00:00'));
    addClient(desk.ctx, { code: 'C001', name: 'Ends today' });
    addLicence(desk.ctx, { client: 'C001', plan: 'on-demand', start: '2026-01-01', end: DAY });
    adjust(desk.ctx, 'C001', 60, 'credit');
    const { number: n } = await openTicket(desk.ctx, { client: 'C001', subject: 'Help' });
    await expect(take(desk.at(at('23:30:00')), n)).rejects.toMatchObject({ code: 'LICENCE_INACTIVE' });
    expect(await take(desk.at(at('22:59:00')), n)).toMatchObject({ color: 'orange' });
  });
});

describe('take --next', () => {
  it('takes the oldest red ticket; a released ticket goes to the back of the queue', async () => {
    const desk = tempDesk(at('08:00:00'));
    licensedClient(desk.ctx, 'C002');
    const oldest = await openTicket(desk.at(at('08:10:00')), { client: 'C002', subject: 'older' });
    await openTicket(desk.at(at('08:20:00')), { client: 'C002', subject: 'newer' });
    const first = await takeNext(desk.at(at('09:00:00')));
    expect(first.number).toBe(oldest.number);
    await release(desk.at(at('09:05:00')), oldest.number);
    const second = await takeNext(desk.at(at('09:06:00'), 'bob'));
    expect(second).toMatchObject({ subject: 'newer', takenBy: 'bob' });
  });

  it('SPEC: takes the oldest red ticket the terms allow: a refused client does not block the queue', async () => {
    const desk = tempDesk(at('08:00:00'));
    licensedClient(desk.ctx, 'C001', 0); // no credit: refused
    licensedClient(desk.ctx, 'C002');
    const refusedOldest = await openTicket(desk.at(at('08:00:00')), { client: 'C001', subject: 'oldest, refused' });
    const allowed = await openTicket(desk.at(at('08:10:00')), { client: 'C002', subject: 'older, allowed' });
    expect(await takeNext(desk.at(at('09:00:00')))).toMatchObject({ number: allowed.number, status: 'in_progress' });
    expect(await events(desk.ctx, refusedOldest.number)).toEqual(['opened']);
  });

  it('when every red ticket is refused: the refusal of the oldest (exit 5); --force takes the oldest', async () => {
    const desk = tempDesk(at('08:00:00'));
    addClient(desk.ctx, { code: 'C001', name: 'Unlicensed' });
    licensedClient(desk.ctx, 'C002', 0);
    const oldest = await openTicket(desk.at(at('08:00:00')), { client: 'C001', subject: 'first' });
    await openTicket(desk.at(at('08:10:00')), { client: 'C002', subject: 'second' });
    const before = snapshotRaw(rawOf(desk.ctx.store));
    await expect(takeNext(desk.at(at('09:00:00')))).rejects.toMatchObject({ code: 'LICENCE_INACTIVE', exitCode: 5 });
    expect(snapshotRaw(rawOf(desk.ctx.store))).toEqual(before);
    const forced = await takeNext(desk.at(at('09:00:00')), { force: true });
    expect(forced.number).toBe(oldest.number);
    expect(await events(desk.ctx, oldest.number)).toEqual(['opened', 'forced', 'taken']);
  });

  it('with no red ticket, says so (exit 3)', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    await expect(takeNext(desk.at(at('09:01:00')))).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND', exitCode: 3 });
  });
});

describe('history and atomicity', () => {
  it('every change writes one history event, with its agent and instant', async () => {
    const { desk, n } = await deskWithTicket();
    const steps: [string, () => Promise<unknown>][] = [
      ['taken', () => take(desk.at(at('09:00:00'), 'alice'), n)],
      ['timer-stopped', () => timerStop(desk.at(at('09:01:00'), 'alice'), n)],
      ['timer-started', () => timerStart(desk.at(at('09:02:00'), 'bob'), n)],
      ['time-added', () => timeAdd(desk.at(at('09:03:00'), 'bob'), n, 1, undefined, Date.parse(at('09:00:00')))],
      ['released', () => release(desk.at(at('09:04:00'), 'bob'), n)],
      ['taken', () => take(desk.at(at('09:05:00'), 'chloe'), n)],
      ['closed', () => close(desk.at(at('09:06:00'), 'chloe'), n, { resolution: 'ok' })],
      ['reopened', () => reopen(desk.at(at('09:07:00'), 'alice'), n)],
    ];
    for (const [event, step] of steps) {
      const before = (await showTicket(desk.ctx, n)).history.length;
      await step();
      const history = (await showTicket(desk.ctx, n)).history;
      expect(history).toHaveLength(before + 1);
      expect(history.at(-1)!.event).toBe(event);
    }
    const history = (await showTicket(desk.ctx, n)).history;
    expect(history.map((h) => [h.agent, h.at])).toEqual([
      ['alice', at('08:00:00.000')],
      ['alice', at('09:00:00.000')],
      ['alice', at('09:01:00.000')],
      ['bob', at('09:02:00.000')],
      ['bob', at('09:03:00.000')],
      ['bob', at('09:04:00.000')],
      ['chloe', at('09:05:00.000')],
      ['chloe', at('09:06:00.000')],
      ['alice', at('09:07:00.000')],
    ]);
  });

  it('a failed command leaves every table exactly as it was', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    const later = desk.at(at('09:30:00'), 'bob');
    const failures: [string, () => unknown][] = [
      ['take taken', () => take(later, n)],
      ['take unknown', () => take(later, 99)],
      ['reopen orange', () => reopen(later, n)],
      ['time start twice', () => timerStart(desk.at(at('09:30:00'), 'alice'), n)],
      ['time stop without timer', () => timerStop(later, n)],
      ['time add zero', () => timeAdd(later, n, 0)],
      ['close without resolution', () => close(later, n, { resolution: '  ' })],
      ['open for unknown client', () => openTicket(later, { client: 'NOPE', subject: 'x' })],
      ['open without subject', () => openTicket(later, { client: 'C042', subject: ' ' })],
      ['duplicate client', () => addClient(later, { code: 'C042', name: 'again' })],
      [
        'licence for unknown client',
        () => addLicence(later, { client: 'NOPE', plan: 'all-inclusive', start: '2026-01-01' }),
      ],
      ['bad licence date', () => addLicence(later, { client: 'C042', plan: 'all-inclusive', start: '2026-02-30' })],
      ['negative balance', () => adjust(later, 'C042', -10_000, 'too much')],
      ['adjust without reason', () => adjust(later, 'C042', 10, ' ')],
    ];
    for (const [label, fail] of failures) {
      const before = snapshotRaw(rawOf(desk.ctx.store));
      await expect(Promise.resolve().then(fail), label).rejects.toBeInstanceOf(Error);
      expect(snapshotRaw(rawOf(desk.ctx.store)), label).toEqual(before);
    }
    expect(balance(desk.ctx, 'C042').balanceMinutes).toBe(255);
  });

  it('a failure in the middle of a change rolls the whole change back', async () => {
    const { desk, n } = await deskWithTicket();
    const raw = rawOf(desk.ctx.store);
    // Make the history insert fail after the ticket row was updated in the same transaction.
    raw.exec(
      raw.dialect === 'sqlite'
        ? "CREATE TRIGGER fail_taken BEFORE INSERT ON ticket_events WHEN NEW.event = 'taken' BEGIN SELECT RAISE(ABORT, 'boom'); END"
        : `CREATE FUNCTION fail_taken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
           CREATE TRIGGER fail_taken BEFORE INSERT ON ticket_events FOR EACH ROW WHEN (NEW.event = 'taken') EXECUTE FUNCTION fail_taken()`,
    );
    const before = snapshotRaw(raw);
    await expect(take(desk.at(at('09:00:00')), n)).rejects.toThrow('boom');
    expect(snapshotRaw(raw)).toEqual(before);
    expect((await showTicket(desk.ctx, n)).ticket.color).toBe('red');
  });
});

describe('a "now" set back (replays, backfills)', () => {
  it('never makes worked time negative', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    await timerStop(desk.at(at('09:30:00')), n);
    await timerStart(desk.at(at('10:00:00')), n);
    // Seen from 09:30, the running timer (started 10:00) counts nothing, not −30 min.
    expect((await timeShow(desk.at(at('09:30:00')), n)).ticket.workedSeconds).toBe(1800);
    expect((await showTicket(desk.at(at('09:30:00')), n)).entries.at(-1)).toMatchObject({
      startedAt: at('10:00:00.000'),
      endedAt: null,
      seconds: 0,
    });
  });

  it("refuses a change dated before the ticket's latest event (CLOCK_BEHIND, exit 4), naming both instants", async () => {
    const { desk, n } = await deskWithTicket(); // opened at 08:00
    const before = snapshotRaw(rawOf(desk.ctx.store));
    await expect(take(desk.at(at('07:00:00')), n)).rejects.toMatchObject({
      code: 'CLOCK_BEHIND',
      exitCode: 4,
      message: expect.stringMatching(/2026-11-26T07:00:00\.000Z.*2026-11-26T08:00:00\.000Z/),
    });
    await expect(takeNext(desk.at(at('07:00:00')))).rejects.toMatchObject({ code: 'CLOCK_BEHIND', exitCode: 4 });
    expect(snapshotRaw(rawOf(desk.ctx.store))).toEqual(before);

    await take(desk.at(at('10:00:00')), n);
    const later: [string, (ctx: Ctx) => Promise<unknown>][] = [
      ['close', (ctx) => close(ctx, n, { resolution: 'done' })],
      ['release', (ctx) => release(ctx, n)],
      ['time stop', (ctx) => timerStop(ctx, n)],
      ['time add', (ctx) => timeAdd(ctx, n, 5)],
    ];
    for (const [label, step] of later) {
      const unchanged = snapshotRaw(rawOf(desk.ctx.store));
      await expect(step(desk.at(at('09:59:59'))), label).rejects.toMatchObject({ code: 'CLOCK_BEHIND', exitCode: 4 });
      expect(snapshotRaw(rawOf(desk.ctx.store)), label).toEqual(unchanged);
    }
    await close(desk.at(at('11:00:00')), n, { resolution: 'done' });
    await expect(reopen(desk.at(at('10:30:00')), n)).rejects.toMatchObject({ code: 'CLOCK_BEHIND', exitCode: 4 });
    // The same instant as the latest event is not behind it.
    expect(await reopen(desk.at(at('11:00:00')), n)).toMatchObject({ color: 'red' });
    const history = (await showTicket(desk.ctx, n)).history.map((h) => h.at);
    expect(history).toEqual([...history].sort());
  });
});

describe('rule 5 for time added by hand', () => {
  it('a ticket closed from red (never taken) takes no time: INVALID_TRANSITION, nothing to bill', async () => {
    const { desk, n } = await deskWithTicket();
    await close(desk.at(at('09:00:00')), n, { resolution: 'duplicate of #7' });
    const before = snapshotRaw(rawOf(desk.ctx.store));
    await expect(timeAdd(desk.at(at('09:10:00')), n, 60)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      exitCode: 4,
      message: expect.stringContaining('never taken'),
    });
    expect(snapshotRaw(rawOf(desk.ctx.store))).toEqual(before);
    expect((await timeShow(desk.ctx, n)).ticket).toMatchObject({ workedSeconds: 0, billableMinutes: 0 });
  });

  it('one time add is at most 24h (INVALID_INPUT, exit 6)', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    await expect(timeAdd(desk.at(at('09:10:00')), n, 24 * 60 + 1)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      exitCode: 6,
      message: expect.stringContaining('24h'),
    });
    await expect(timeAdd(desk.at(at('09:10:00')), n, 9_999_999)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      exitCode: 6,
    });
    await timerStop(desk.at(at('09:10:00')), n);
    expect((await timeAdd(desk.at('2026-11-27T09:10:00Z'), n, 24 * 60)).ticket.workedSeconds).toBe((24 * 60 + 10) * 60);
  });
});

describe('refusals say what to do', () => {
  it('taking a green ticket suggests reopening it first', async () => {
    const { desk, n } = await deskWithTicket();
    await take(desk.at(at('09:00:00')), n);
    await close(desk.at(at('09:10:00')), n, { resolution: 'done' });
    await expect(take(desk.at(at('09:20:00')), n)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      exitCode: 4,
      hint: expect.stringContaining(`reopen ${n}`),
    });
  });
});

describe('the ticket store', () => {
  it('returns the ids of the rows it inserts, and booleans as booleans', async () => {
    const { desk, n } = await deskWithTicket();
    const store = desk.ctx.store;
    const client = store.tickets.ticket(n)!.clientId;
    const second = store.tickets.open({
      clientId: client,
      subject: 'second',
      body: null,
      at: desk.ctx.now,
      requesterId: null,
      formKey: null,
    });
    expect(second).toBe(n + 1);
    const event = store.tickets.addEvent(second, desk.ctx.now, 'alice', 'opened', null);
    expect(store.tickets.addEvent(second, desk.ctx.now, 'alice', 'note', null)).toBe(event + 1);
    const stopsAt = desk.ctx.now + 3_600_000;
    const entry = store.tickets.addEntry({
      ticketId: second,
      agent: 'alice',
      startedAt: desk.ctx.now,
      endedAt: null,
      note: null,
      stopsAt,
    });
    expect(entry).toBeGreaterThan(0);
    expect(store.tickets.ticket(second)!.defect).toBe(false);
    expect(store.tickets.entries(second, stopsAt + 1)).toEqual([
      { agent: 'alice', startedAt: desk.ctx.now, endedAt: stopsAt, running: false, autoStopped: true, note: null },
    ]);
    expect(store.tickets.worked(second, desk.ctx.now + 60_000)).toEqual({ ms: 60_000, running: true });
    expect(store.tickets.timerRunning(second, 'alice', desk.ctx.now + 60_000)).toBe(true);
    store.tickets.close(second, desk.ctx.now + 120_000, 'done', true);
    expect(store.tickets.ticket(second)!.defect).toBe(true);
    expect(store.tickets.ticket(n + 99)).toBeUndefined();
  });

  it('records one fix per ticket: the second record keeps the first', async () => {
    const { desk, n } = await deskWithTicket();
    const store = desk.ctx.store;
    const fix = {
      ticketId: n,
      clientId: store.tickets.ticket(n)!.clientId,
      plan: 'all-inclusive',
      delivery: 'hotfix',
      at: desk.ctx.now,
    };
    expect(store.fixes.record(fix)).toBeGreaterThan(0);
    expect(store.fixes.record({ ...fix, delivery: 'next-release' })).toBeUndefined();
    expect(store.fixes.ofTicket(n)).toMatchObject({
      ticketId: n,
      delivery: 'hotfix',
      status: 'pending',
      client: 'C042',
    });
  });
});
