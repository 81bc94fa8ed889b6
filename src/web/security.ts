// The client space's own protections, besides Hono's middleware (Origin check,
// security headers, body limit): the _csrf token of every form, and the rate
// limits on sign-in link requests.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random, URL-safe, 256 bits: form keys and the sign-in form's double-submit cookie. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The _csrf value of a signed-in contact's forms: derived from the session id
 * (which only the contact's cookie holds), so it needs no storage and survives
 * a restart. A keyed hash, so the page never shows the session id itself.
 */
export function sessionCsrf(sessionId: string): string {
  return createHmac('sha256', 'alias-support client space _csrf').update(sessionId).digest('base64url');
}

/** Constant-time comparison of a submitted token with the expected one. */
export function sameToken(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Limit {
  /** requests allowed per window */
  max: number;
  windowMs: number;
}

/**
 * A fixed-window counter per key, in memory: one process serves the client
 * space, and a restart forgetting the counts only gives a few more links. Keys
 * are dropped when their window ends, so memory follows the traffic of one
 * window. `hit` answers 0 when allowed, else the milliseconds to wait.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: Limit) {}

  hit(key: string, now: number): number {
    if (this.windows.size > 10_000) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.limit.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.limit.max ? w.start + this.limit.windowMs - now : 0;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.limit.windowMs) this.windows.delete(key);
  }
}

/** Defaults: a person asks for a few links; an office behind one address for more. */
export const SIGN_IN_LIMITS = {
  perAddress: { max: 5, windowMs: 15 * 60_000 },
  perIp: { max: 30, windowMs: 15 * 60_000 },
} satisfies Record<string, Limit>;
