// docs/terms.md §2 and docs/import.md: the assistance packages sold in the web shop, and
// what makes one line of a shop export a valid order. Pure: the caller gives
// "now" and how a business day maps to an instant.
import { MAX_YEAR, MIN_YEAR, parseInstant } from './calendar.js';

/** Minutes of credit per unit of each package. */
export const PACKAGES: Readonly<Record<string, number>> = { AST01: 60, AST02: 120, AST05: 300 };

/** Minutes per unit of a product code, if it is a package (its own keys only: `constructor` is not a product). */
export function packageMinutes(product: string): number | undefined {
  return Object.hasOwn(PACKAGES, product) ? PACKAGES[product] : undefined;
}

export const REQUIRED_FIELDS = ['order_id', 'client', 'product', 'quantity', 'purchased_at'] as const;
export const OPTIONAL_FIELDS = ['client_name', 'client_email'] as const;
export type OrderField = (typeof REQUIRED_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number];

/** One line of the file: trimmed text per field, undefined when absent or empty. */
export type OrderFields = Partial<Record<OrderField, string>>;

export interface ShopOrder {
  orderId: string;
  client: string;
  clientName: string | null;
  clientEmail: string | null;
  product: string;
  quantity: number;
  /** ms since the epoch */
  purchasedAt: number;
  minutes: number;
}

/** A sanity bound, far above any real basket, that keeps minutes a safe integer. */
export const MAX_QUANTITY = 100_000;
const MAX_ORDER_ID = 100;

export interface OrderCheck {
  order?: ShopOrder;
  /** every problem of the line (empty when `order` is set) */
  errors: string[];
}

/** Checks one line on its own; what depends on the desk (clients, earlier imports) is checked later. */
export function checkOrder(fields: OrderFields, now: number, dayStart: (day: string) => number): OrderCheck {
  const errors: string[] = [];
  const { order_id: orderId, client, product, quantity: quantityText, purchased_at: purchasedText } = fields;
  if (orderId === undefined) errors.push('order_id is missing');
  else if (orderId.length > MAX_ORDER_ID) errors.push(`order_id is longer than ${MAX_ORDER_ID} characters`);
  if (client === undefined) errors.push('client is missing');
  const unit = product === undefined ? undefined : packageMinutes(product);
  if (product === undefined) errors.push('product is missing');
  else if (unit === undefined) errors.push(`unknown product '${product}' (${Object.keys(PACKAGES).join(', ')})`);
  let quantity = 0;
  if (quantityText === undefined) errors.push('quantity is missing');
  else if (!/^\d+$/.test(quantityText) || (quantity = Number(quantityText)) < 1 || quantity > MAX_QUANTITY)
    errors.push(`quantity must be a whole number from 1 to ${MAX_QUANTITY}, got '${quantityText}'`);
  let purchasedAt: number | undefined;
  if (purchasedText === undefined) errors.push('purchased_at is missing');
  else if ((purchasedAt = parseInstant(purchasedText, dayStart)) === undefined)
    errors.push(
      `invalid purchased_at '${purchasedText}' (an ISO-8601 instant with its zone, e.g. 2026-11-20T14:03:00Z, or a date YYYY-MM-DD; years ${MIN_YEAR}–${MAX_YEAR})`,
    );
  else if (purchasedAt > now) errors.push(`purchased_at ${purchasedText} is in the future`);
  if (errors.length > 0) return { errors };
  return {
    order: {
      orderId: orderId!,
      client: client!,
      clientName: fields.client_name ?? null,
      clientEmail: fields.client_email ?? null,
      product: product!,
      quantity,
      purchasedAt: purchasedAt!,
      minutes: quantity * unit!,
    },
    errors,
  };
}
