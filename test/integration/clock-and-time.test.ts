// The clock only moves forward per ticket (bill and defect included), worked
// time is real work (time add never counts minutes twice nor before the take,
// a forgotten timer stops by itself), and take --next takes the oldest red
// ticket the terms allow. Through the services, on temporary desks.
import { describe, expect, it } from 'vitest';
import { bill, declareDefect } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust, balance } from '../../src/services/credit.js';
import { statement } from '../../src/services/credit-statement.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { addLicence } from '../../src/services/licences.js';
import { queuePage } from '../../src/services/queue.js';
import {
  close,
  openTicket,
  release,
  showTicket,
  take,
  takeNext,
  timeAdd,
  timerStart,
  timerStop,
  timeShow,
} from '../../src/services/tickets.js';
import { usageReport } from '../../src/services/usage-report.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';

/** A client licensed from 2025 with `minutes` of credit given at `creditAt`. */
function licensed(desk: TestDesk, code: string, minutes: number, creditAt = '2026-11-20T08:00:00Z'): void {
  addClient(desk.ctx, { code, name: `Client ${code}` });
  addLicence(desk.at('2025-01-01T08:00:00Z'), { client: code, plan: 'all-inclusive', start: '2025-01-15' });
  if (minutes > 0) adjust(desk.at(creditAt), code, minutes, 'opening credit');
}

async function rejection(
  promise: Promise<unknown> | (() => unknown),
): Promise<{ code: string; exitCode: number; message: string; hint?: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    return err as { code: string; exitCode: number; message: string; hint?: string };
  }
  throw new Error('expected a rejection');
}

function checkClean(ctx: Ctx): void {
  expect(checkDatabase(ctx).findings).toEqual([]);
}

describe('the clock only moves forward per ticket: bill and defect too', () => {
  async function closedTicket(): Promise<{ desk: TestDesk; n: number }> {
    const desk = tempDesk('2026-11-26T08:00:00Z');
    licensed(desk, 'C1', 30, '2026-11-26T08:00:00Z');
    const { number: n } = await openTicket(desk.at('2026-11-26T08:00:00Z'), { client: 'C1', subject: 'Export' });
    await take(desk.at('2026-11-26T09:00:00Z'), n);
    await close(desk.at('2026-11-26T09:20:00Z'), n, { resolution: 'done' });
    return { desk, n };
  }

  it('a bill dated before the close is refused (exit 4 CLOCK_BEHIND); nothing is charged', async () => {
    const { desk, n } = await closedTicket();
    const err = await rejection(() => bill(desk.at('2026-11-19T09:00:00Z'), { tickets: [n] }));
    expect(err).toMatchObject({ code: 'CLOCK_BEHIND', exitCode: 4 });
    expect(err.message).toContain(`#${n}`);
    expect(await rejection(() => bill(desk.at('2026-11-19T09:00:00Z'), { all: true }))).toMatchObject({
      code: 'CLOCK_BEHIND',
    });
    expect(balance(desk.ctx, 'C1').balanceMinutes).toBe(30);
    const ok = bill(desk.at('2026-11-26T09:30:00Z'), { tickets: [n] });
    expect(ok.totals.chargedMinutes).toBe(30);
    expect(statement(desk.at('2026-11-26T10:00:00Z'), 'C1').entries.map((e) => e.balanceMinutes)).toEqual([30, 0]);
    checkClean(desk.at('2026-11-26T10:00:00Z'));
  });

  it('a bill dated before a ledger entry of the client it depends on is refused', async () => {
    const { desk, n } = await closedTicket();
    adjust(desk.at('2026-11-26T10:00:00Z'), 'C1', 60, 'bought later');
    expect(await rejection(() => bill(desk.at('2026-11-26T09:30:00Z'), { tickets: [n] }))).toMatchObject({
      code: 'CLOCK_BEHIND',
      exitCode: 4,
    });
  });

  it('a defect dated before the ticket history is refused', async () => {
    const { desk, n } = await closedTicket();
    bill(desk.at('2026-11-26T09:30:00Z'), { tickets: [n] });
    expect(await rejection(declareDefect(desk.at('2026-11-26T09:25:00Z'), n))).toMatchObject({
      code: 'CLOCK_BEHIND',
      exitCode: 4,
    });
    expect(balance(desk.at('2026-11-26T10:00:00Z'), 'C1').balanceMinutes).toBe(0);
  });

  it('with a forfeit in between: work done after the credit lapsed is not charged to the forfeited credit', async () => {
    const desk = tempDesk('2023-06-01T08:00:00Z');
    addClient(desk.ctx, { code: 'OLD', name: 'Lapsed' });
    addLicence(desk.ctx, { client: 'OLD', plan: 'on-demand', start: '2020-01-01', end: '2023-12-31' });
    adjust(desk.ctx, 'OLD', 120, 'bought in 2023');
    const { number: n } = await openTicket(desk.at('2026-01-05T08:00:00Z'), { client: 'OLD', subject: 'late' });
    await take(desk.at('2026-01-05T09:00:00Z'), n, { force: true });
    await close(desk.at('2026-01-05T09:30:00Z'), n, { resolution: 'done' });
    expect(await rejection(() => bill(desk.at('2025-12-31T09:00:00Z'), { tickets: [n] }))).toMatchObject({
      code: 'CLOCK_BEHIND',
    });
    const run = bill(desk.at('2026-01-05T10:00:00Z'), { tickets: [n] });
    expect(run.bills[0]).toMatchObject({ chargedMinutes: 0, uncoveredMinutes: 30 });
  });
});

describe('time add is real work', () => {
  async function taken(at = '2026-11-26T09:00:00Z'): Promise<{ desk: TestDesk; n: number }> {
    const desk = tempDesk('2026-11-26T08:00:00Z');
    licensed(desk, 'C1', 300);
    const { number: n } = await openTicket(desk.ctx, { client: 'C1', subject: 'Export' });
    await take(desk.at(at), n);
    return { desk, n };
  }

  it("never overlaps the agent's running timer (exit 4 TIME_OVERLAP, with a hint)", async () => {
    const { desk, n } = await taken();
    const err = await rejection(timeAdd(desk.at('2026-11-26T09:10:00Z'), n, 10));
    expect(err).toMatchObject({ code: 'TIME_OVERLAP', exitCode: 4 });
    expect(err.hint).toMatch(/stop|--at/);
    expect((await timeShow(desk.at('2026-11-26T09:10:00Z'), n)).ticket).toMatchObject({
      workedSeconds: 600,
      billableMinutes: 15,
    });
  });

  it("never overlaps the agent's own entries; another agent's time may", async () => {
    const { desk, n } = await taken();
    await timerStop(desk.at('2026-11-26T09:10:00Z'), n);
    expect(await rejection(timeAdd(desk.at('2026-11-26T09:12:00Z'), n, 10))).toMatchObject({ code: 'TIME_OVERLAP' });
    expect(
      await rejection(timeAdd(desk.at('2026-11-26T09:30:00Z'), n, 15, undefined, Date.parse('2026-11-26T09:05:00Z'))),
    ).toMatchObject({
      code: 'TIME_OVERLAP',
    });
    // Touching is not overlapping.
    await timeAdd(desk.at('2026-11-26T09:30:00Z'), n, 15, 'call', Date.parse('2026-11-26T09:10:00Z'));
    await timeAdd(desk.at('2026-11-26T09:30:00Z', 'bob'), n, 10);
    const shown = await timeShow(desk.at('2026-11-26T09:30:00Z'), n);
    expect(shown.entries.map((e) => [e.agent, e.startedAt, e.endedAt])).toEqual([
      ['alice', '2026-11-26T09:00:00.000Z', '2026-11-26T09:10:00.000Z'],
      ['alice', '2026-11-26T09:10:00.000Z', '2026-11-26T09:25:00.000Z'],
      ['bob', '2026-11-26T09:20:00.000Z', '2026-11-26T09:30:00.000Z'],
    ]);
    expect(shown.ticket.workedSeconds).toBe(35 * 60);
  });

  it('never starts before the take (exit 4), nor ends after now (exit 6)', async () => {
    const { desk, n } = await taken();
    await timerStop(desk.at('2026-11-26T09:01:00Z'), n);
    const err = await rejection(timeAdd(desk.at('2026-11-26T09:01:00Z'), n, 24 * 60));
    expect(err).toMatchObject({ code: 'TIME_BEFORE_TAKE', exitCode: 4 });
    expect(
      await rejection(timeAdd(desk.at('2026-11-26T09:30:00Z'), n, 60, undefined, Date.parse('2026-11-26T09:10:00Z'))),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      exitCode: 6,
    });
    expect((await timeShow(desk.at('2026-11-26T09:30:00Z'), n)).ticket.workedSeconds).toBe(60);
  });
});

describe('a forgotten timer stops by itself', () => {
  // 2026-11-27 is a Friday; Paris is UTC+1.
  async function takenAt(at: string): Promise<{ desk: TestDesk; n: number }> {
    const desk = tempDesk('2026-11-26T08:00:00Z');
    licensed(desk, 'C1', 600);
    const { number: n } = await openTicket(desk.ctx, { client: 'C1', subject: 'Export' });
    await take(desk.at(at), n);
    return { desk, n };
  }

  it('taken Friday 16:00, still running Monday 09:30: one hour, stopped at 17:00, the history says auto-stopped', async () => {
    const { desk, n } = await takenAt('2026-11-27T15:00:00Z');
    const monday = desk.at('2026-11-30T08:30:00Z');
    const shown = await showTicket(monday, n);
    expect(shown.ticket).toMatchObject({ workedSeconds: 3600, billableMinutes: 60, timerRunning: false });
    expect(shown.entries).toEqual([
      {
        agent: 'alice',
        startedAt: '2026-11-27T15:00:00.000Z',
        endedAt: '2026-11-27T16:00:00.000Z',
        seconds: 3600,
        note: null,
      },
    ]);
    expect(shown.history.at(-1)).toMatchObject({
      at: '2026-11-27T16:00:00.000Z',
      agent: 'alice',
      event: 'auto-stopped',
    });
    // The queue, a stop, the close and the bill agree.
    const queue = await queuePage(monday, { state: 'orange', limit: 10 });
    expect(queue.tickets[0]).toMatchObject({ workedSeconds: 3600, timerRunning: false });
    expect(await rejection(timerStop(monday, n))).toMatchObject({ code: 'TIMER_NOT_RUNNING' });
    const closed = await close(monday, n, { resolution: 'done' });
    expect(closed.workedSeconds).toBe(3600);
    const run = bill(desk.at('2026-11-30T09:00:00Z'), { tickets: [n] });
    expect(run.bills[0]).toMatchObject({ workedSeconds: 3600, billableMinutes: 60, chargedMinutes: 60 });
    expect(usageReport(desk.at('2026-11-30T09:00:00Z'), { by: 'client' }).totals.workedSeconds).toBe(3600);
    const history = (await showTicket(desk.at('2026-11-30T09:00:00Z'), n)).history.map((h) => h.event);
    expect(history.filter((e) => e === 'auto-stopped')).toHaveLength(1);
    checkClean(desk.at('2026-11-30T09:00:00Z'));
  });

  it('started after 17:00, or on a day without support: stopped at the end of that day', async () => {
    const evening = await takenAt('2026-11-26T17:00:00Z'); // Thursday 18:00
    expect((await timeShow(evening.desk.at('2026-11-27T08:00:00Z'), evening.n)).entries[0]!.endedAt).toBe(
      '2026-11-26T23:00:00.000Z',
    );
    const saturday = await takenAt('2026-11-28T09:00:00Z'); // Saturday 10:00
    expect((await timeShow(saturday.desk.at('2026-11-30T08:00:00Z'), saturday.n)).ticket).toMatchObject({
      workedSeconds: 14 * 3600,
      timerRunning: false,
    });
    const holiday = await takenAt('2026-12-25T09:00:00Z'); // Christmas, a Friday
    expect((await timeShow(holiday.desk.at('2026-12-28T08:00:00Z'), holiday.n)).entries[0]!.endedAt).toBe(
      '2026-12-25T23:00:00.000Z',
    );
  });

  it('still running before 17:00; a timer started again after the stop counts from then', async () => {
    const { desk, n } = await takenAt('2026-11-27T15:00:00Z');
    expect((await timeShow(desk.at('2026-11-27T15:30:00Z'), n)).ticket).toMatchObject({
      workedSeconds: 1800,
      timerRunning: true,
    });
    const monday = desk.at('2026-11-30T08:30:00Z');
    await timerStart(monday, n);
    const later = await timeShow(desk.at('2026-11-30T09:00:00Z'), n);
    expect(later.ticket).toMatchObject({ workedSeconds: 3600 + 1800, timerRunning: true });
    expect(later.entries.map((e) => e.endedAt)).toEqual(['2026-11-27T16:00:00.000Z', null]);
    await release(desk.at('2026-11-30T09:00:00Z'), n);
    checkClean(desk.at('2026-11-30T09:00:00Z'));
  });
});

describe('take --next takes the oldest red ticket the terms allow', () => {
  async function queueOf(): Promise<TestDesk> {
    const desk = tempDesk('2026-11-26T08:00:00Z');
    addClient(desk.ctx, { code: 'NOLIC', name: 'No licence' });
    licensed(desk, 'EMPTY', 0);
    licensed(desk, 'OK', 60);
    await openTicket(desk.at('2026-11-26T08:00:00Z'), { client: 'NOLIC', subject: 'first' });
    await openTicket(desk.at('2026-11-26T08:01:00Z'), { client: 'EMPTY', subject: 'second' });
    await openTicket(desk.at('2026-11-26T08:02:00Z'), { client: 'NOLIC', subject: 'third' });
    await openTicket(desk.at('2026-11-26T08:03:00Z'), { client: 'OK', subject: 'fourth' });
    return desk;
  }

  it('a refused client does not block the queue', async () => {
    const desk = await queueOf();
    const taken = await takeNext(desk.at('2026-11-26T09:00:00Z'));
    expect(taken).toMatchObject({ number: 4, client: 'OK', status: 'in_progress' });
  });

  it("none allowed: exit 5 with the oldest one's reason; --force takes the oldest", async () => {
    const desk = await queueOf();
    await take(desk.at('2026-11-26T09:00:00Z'), 4);
    const err = await rejection(takeNext(desk.at('2026-11-26T09:01:00Z')));
    expect(err).toMatchObject({ code: 'LICENCE_INACTIVE', exitCode: 5 });
    expect(err.message).toContain('#1');
    expect(await takeNext(desk.at('2026-11-26T09:02:00Z'), { force: true })).toMatchObject({ number: 1 });
  });

  it('finds the allowed ticket behind many refused ones', async () => {
    const desk = tempDesk('2026-11-26T08:00:00Z');
    addClient(desk.ctx, { code: 'NOLIC', name: 'No licence' });
    licensed(desk, 'OK', 60);
    for (let i = 0; i < 300; i++)
      await openTicket(desk.at('2026-11-26T08:00:00Z'), { client: 'NOLIC', subject: `t${i}` });
    const { number } = await openTicket(desk.at('2026-11-26T08:30:00Z'), { client: 'OK', subject: 'allowed' });
    expect((await takeNext(desk.at('2026-11-26T09:00:00Z'))).number).toBe(number);
  });
});
