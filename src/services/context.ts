// What every use case needs: the store, the instant it acts at, who acts, and
// the business time zone. Built once per command by the CLI layer.
import type { Store } from '../store/store.js';
import { localDay } from '../rules/calendar.js';

export interface Ctx {
  readonly store: Store;
  /** "now" in ms: ALIAS_SUPPORT_NOW or the clock, fixed for the whole command */
  readonly now: number;
  readonly agent: string;
  readonly tz: string;
}

export function today(ctx: Ctx): string {
  return localDay(ctx.now, ctx.tz);
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : iso(ms));
