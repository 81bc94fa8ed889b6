// Reversals respect forfeits: a charge given back after a forfeit day returns
// to the credit it came from, which the forfeit took: the reversal comes with
// an equal forfeit, so no licence recorded later brings those minutes back.
import { describe, expect, it } from 'vitest';
import { bill, declareDefect } from '../../src/services/billing.js';
import { adjust, balance } from '../../src/services/credit.js';
import { statement } from '../../src/services/credit-statement.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { expireLicences } from '../../src/services/licence-expiry.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, reopen, take, timerStop } from '../../src/services/tickets.js';
import { lapsedDesk } from '../helpers/lapsed-desk.js';
import type { TestDesk } from '../helpers/store.js';

const DEFECT_DAY = '2026-02-02T10:00:00Z';

async function defectThenLicence(desk: TestDesk, n: number): Promise<void> {
  const result = await declareDefect(desk.at(DEFECT_DAY), n, 'crash in the export');
  expect(result.bill).toMatchObject({ chargedMinutes: -30, balanceAfterMinutes: 0 });
  expect(balance(desk.at(DEFECT_DAY), 'C2').balanceMinutes).toBe(0);
  const entries = statement(desk.at(DEFECT_DAY), 'C2').entries;
  expect(entries.slice(-2).map((e) => [e.kind, e.minutes, e.balanceMinutes])).toEqual([
    ['reversal', 30, 30],
    ['forfeit', -30, 0],
  ]);
  expect(entries.every((e) => e.balanceMinutes >= 0)).toBe(true);
  // A licence recorded now does not bring forfeited credit back.
  addLicence(desk.at(DEFECT_DAY), { client: 'C2', plan: 'on-demand', start: '2026-02-02', months: 12 });
  expect(balance(desk.at(DEFECT_DAY), 'C2')).toMatchObject({ balanceMinutes: 0, validity: 'active' });
  expect(checkDatabase(desk.at(DEFECT_DAY)).findings).toEqual([]);
}

describe('a defect reversal after a forfeit', () => {
  it('forfeit written by the cron job: the reversal comes with an equal forfeit', async () => {
    const { desk, n } = await lapsedDesk();
    expect(expireLicences(desk.at('2026-01-02T06:00:00Z')).forfeited).toEqual([
      { client: 'C2', minutes: 90, day: '2026-01-01' },
    ]);
    await defectThenLicence(desk, n);
  });

  it('forfeit due but not yet written: the same, and the cron job later writes 90', async () => {
    const { desk, n } = await lapsedDesk();
    await defectThenLicence(desk, n);
    expect(expireLicences(desk.at('2026-02-03T06:00:00Z'), { asOf: '2026-02-03' }).forfeited).toEqual([
      { client: 'C2', minutes: 90, day: '2026-01-01' },
    ]);
    expect(balance(desk.at('2026-02-03T07:00:00Z'), 'C2').balanceMinutes).toBe(0);
    expect(checkDatabase(desk.at('2026-02-03T07:00:00Z')).findings).toEqual([]);
  });

  it('before the forfeit day the charge simply comes back (frozen credit)', async () => {
    const { desk, n } = await lapsedDesk();
    const result = await declareDefect(desk.at('2025-06-01T10:00:00Z'), n);
    expect(result.bill).toMatchObject({ chargedMinutes: -30, balanceAfterMinutes: 120 });
    expect(statement(desk.at('2025-06-01T10:00:00Z'), 'C2').entries.map((e) => e.kind)).toEqual([
      'adjustment',
      'consumption',
      'reversal',
    ]);
  });

  it('a charge made after the forfeit day is given back in full', async () => {
    const { desk } = await lapsedDesk();
    addLicence(desk.at('2026-03-01T08:00:00Z'), { client: 'C2', plan: 'on-demand', start: '2026-03-01', months: 12 });
    adjust(desk.at('2026-03-01T08:00:00Z'), 'C2', 60, 'AST01');
    const { number: m } = await openTicket(desk.at('2026-03-02T08:00:00Z'), { client: 'C2', subject: 'new' });
    await take(desk.at('2026-03-02T09:00:00Z'), m);
    await timerStop(desk.at('2026-03-02T09:10:00Z'), m);
    await close(desk.at('2026-03-02T09:10:00Z'), m, { resolution: 'done' });
    bill(desk.at('2026-03-02T09:30:00Z'), { tickets: [m] });
    expect(balance(desk.at('2026-03-02T09:30:00Z'), 'C2').balanceMinutes).toBe(45);
    const result = await declareDefect(desk.at('2026-03-03T09:30:00Z'), m);
    expect(result.bill).toMatchObject({ chargedMinutes: -15, balanceAfterMinutes: 60 });
    expect(checkDatabase(desk.at('2026-03-03T09:30:00Z')).findings).toEqual([]);
  });

  it('through a bill: a ticket reopened and closed as a defect gives back with the forfeit', async () => {
    const { desk, n } = await lapsedDesk();
    await reopen(desk.at('2026-02-01T09:00:00Z'), n);
    await close(desk.at('2026-02-01T09:05:00Z'), n, { resolution: 'a defect after all', defect: true });
    const run = bill(desk.at(DEFECT_DAY), { tickets: [n] });
    expect(run.bills[0]).toMatchObject({ chargedMinutes: -30, waivedMinutes: 30, balanceAfterMinutes: 0 });
    expect(balance(desk.at(DEFECT_DAY), 'C2').balanceMinutes).toBe(0);
    expect(checkDatabase(desk.at(DEFECT_DAY)).findings).toEqual([]);
  });
});
