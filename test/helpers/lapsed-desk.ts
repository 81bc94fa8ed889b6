// A client whose credit a forfeit took: shared by the reversal and db check tests.
import { expect } from 'vitest';
import { bill } from '../../src/services/billing.js';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, take } from '../../src/services/tickets.js';
import { tempDesk, type TestDesk } from './store.js';

export /** Licence ends 2023-12-31, 120 min bought, a ticket of 30 min billed in 2023: 90 left, forfeit day 2026-01-01. */
async function lapsedDesk(): Promise<{ desk: TestDesk; n: number }> {
  const desk = tempDesk('2023-06-01T08:00:00Z');
  addClient(desk.ctx, { code: 'C2', name: 'Lapsed' });
  addLicence(desk.ctx, { client: 'C2', plan: 'on-demand', start: '2020-01-01', end: '2023-12-31' });
  adjust(desk.ctx, 'C2', 120, 'AST02');
  const { number: n } = await openTicket(desk.at('2023-06-02T08:00:00Z'), { client: 'C2', subject: 'crash' });
  await take(desk.at('2023-06-02T09:00:00Z'), n);
  await close(desk.at('2023-06-02T09:25:00Z'), n, { resolution: 'workaround' });
  expect(bill(desk.at('2023-06-02T10:00:00Z'), { tickets: [n] }).totals.chargedMinutes).toBe(30);
  return { desk, n };
}
