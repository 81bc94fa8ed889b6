import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/rules/calendar.js';
import { checkOrder, PACKAGES, type OrderFields } from '../../src/rules/shop-order.js';

// A stand-in for the business zone: days start at 23:00Z the day before (Paris in winter).
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - 3_600_000;
const NOW = Date.parse('2026-11-26T09:00:00Z');

describe('packages (rule 2)', () => {
  it('AST01 = 60, AST02 = 120, AST05 = 300 minutes', () => {
    expect(PACKAGES).toEqual({ AST01: 60, AST02: 120, AST05: 300 });
  });
});

describe('purchase instants', () => {
  it.each([
    ['2026-11-20T14:03:00Z', '2026-11-20T14:03:00.000Z'],
    ['2026-11-20T14:03Z', '2026-11-20T14:03:00.000Z'],
    ['2026-11-20t14:03:00z', '2026-11-20T14:03:00.000Z'],
    ['2026-11-20 14:03:00Z', '2026-11-20T14:03:00.000Z'],
    ['2026-11-20T14:03:00.25Z', '2026-11-20T14:03:00.250Z'],
    ['2026-11-20T14:03:00+01:00', '2026-11-20T13:03:00.000Z'],
    ['2026-11-20T14:03:00-0530', '2026-11-20T19:33:00.000Z'],
    ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00.000Z'],
    ['2026-11-20', '2026-11-19T23:00:00.000Z'],
  ])('%s → %s', (text, instant) => {
    expect(new Date(parseInstant(text, dayStart)!).toISOString()).toBe(instant);
  });

  it.each([
    '2026-02-29T10:00:00Z',
    '2026-02-30',
    '2026-13-01T00:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T14:60Z',
    '2026-11-20T14:03:00',
    '20/11/2026',
    '2026-11-20T14:03:00+15:00',
    '',
  ])('%s is refused', (text) => {
    expect(parseInstant(text, dayStart)).toBeUndefined();
  });
});

describe('one order line on its own', () => {
  const good: OrderFields = {
    order_id: 'WEB-2026-0001',
    client: 'C042',
    product: 'AST05',
    quantity: '1',
    purchased_at: '2026-11-20T14:03:00Z',
  };

  it('SPEC example: WEB-2026-0001,C042,AST05,1 → 300 minutes', () => {
    expect(checkOrder(good, NOW, dayStart)).toEqual({
      order: {
        orderId: 'WEB-2026-0001',
        client: 'C042',
        clientName: null,
        clientEmail: null,
        product: 'AST05',
        quantity: 1,
        purchasedAt: Date.parse('2026-11-20T14:03:00Z'),
        minutes: 300,
      },
      errors: [],
    });
    expect(
      checkOrder({ ...good, product: 'AST02', quantity: '3', client_name: 'Dupont SA' }, NOW, dayStart).order,
    ).toMatchObject({ minutes: 360, clientName: 'Dupont SA' });
  });

  it.each([
    [{ product: 'AST03' }, "unknown product 'AST03' (AST01, AST02, AST05)"],
    [{ product: 'ast05' }, "unknown product 'ast05' (AST01, AST02, AST05)"],
    [{ quantity: '0' }, "quantity must be a whole number from 1 to 100000, got '0'"],
    [{ quantity: '-1' }, "quantity must be a whole number from 1 to 100000, got '-1'"],
    [{ quantity: '1.5' }, "quantity must be a whole number from 1 to 100000, got '1.5'"],
    [{ quantity: '1e3' }, "quantity must be a whole number from 1 to 100000, got '1e3'"],
    [{ quantity: '100001' }, "quantity must be a whole number from 1 to 100000, got '100001'"],
    [{ purchased_at: 'yesterday' }, expect.stringMatching(/^invalid purchased_at 'yesterday'/)],
    [{ purchased_at: '2026-11-26T09:00:01Z' }, 'purchased_at 2026-11-26T09:00:01Z is in the future'],
    [
      { purchased_at: '1000-01-01T00:00:00Z' },
      expect.stringMatching(/^invalid purchased_at '1000-01-01T00:00:00Z'.*1970–2199/),
    ],
    [{ purchased_at: '1969-12-31' }, expect.stringMatching(/^invalid purchased_at '1969-12-31'/)],
    [{ order_id: undefined }, 'order_id is missing'],
    [{ order_id: 'X'.repeat(101) }, 'order_id is longer than 100 characters'],
    [{ client: undefined }, 'client is missing'],
  ])('%o → %s', (change, message) => {
    expect(checkOrder({ ...good, ...change }, NOW, dayStart)).toEqual({ errors: [message] });
  });

  it.each(['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'])(
    'the product %s (a name every object has) is unknown',
    (product) => {
      expect(checkOrder({ ...good, product }, NOW, dayStart)).toEqual({
        errors: [`unknown product '${product}' (AST01, AST02, AST05)`],
      });
    },
  );

  it('lists every problem of the line', () => {
    expect(checkOrder({ client: 'C042', product: 'AST9', quantity: 'two' }, NOW, dayStart).errors).toHaveLength(4);
  });

  it('the instant "now" itself is not in the future', () => {
    expect(checkOrder({ ...good, purchased_at: '2026-11-26T09:00:00Z' }, NOW, dayStart).errors).toEqual([]);
  });
});
