// The client space driven over HTTP without a socket (Hono's app.request):
// a visitor keeps its cookies, sends the base URL's Origin on POSTs (as a
// browser does on a form of the page), and reuses the _csrf of the last page
// it read. Plus the desk the web tests share: two clients with contacts,
// credit, licences and requests, written through the services.
import type { Hono } from 'hono';
import { createApp, type RequestLog, type WebOptions } from '../../src/web/app.js';
import { addClient } from '../../src/services/clients.js';
import { addContact, findContactByEmail } from '../../src/services/contacts.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { issueSignInLink } from '../../src/services/portal-auth.js';
import { openTicket } from '../../src/services/tickets.js';
import type { Ctx } from '../../src/services/context.js';
import { tempDesk, type TestDesk } from '../helpers/store.js';

export const BASE = 'http://127.0.0.1:8080';
export const NOW = '2026-11-26T10:00:00Z';

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  /** the hidden _csrf of the page's first form */
  csrf: string | undefined;
}

export class Visitor {
  readonly cookies = new Map<string, string>();
  lastCsrf: string | undefined;

  constructor(
    readonly app: Hono<any>,
    readonly ip = '203.0.113.7',
    /** the origin its forms come from */
    readonly origin = BASE,
  ) {}

  private async send(path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Page> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.request(
      path,
      { ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } },
      { incoming: { socket: { remoteAddress: this.ip } } },
    );
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const csrf = /name="_csrf" value="([^"]*)"/.exec(text)?.[1];
    if (csrf) this.lastCsrf = csrf;
    return { status: res.status, headers: res.headers, text, csrf };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.send(path, { method: 'GET', headers });
  }

  /** A form post; `_csrf` defaults to the last page's, the Origin to the visitor's (null: none sent). */
  post(
    path: string,
    fields: Record<string, string>,
    o: { origin?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const body = new URLSearchParams({ ...(this.lastCsrf === undefined ? {} : { _csrf: this.lastCsrf }), ...fields });
    const origin = o.origin === undefined ? this.origin : o.origin;
    return this.send(path, {
      method: 'POST',
      body: body.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(origin === null ? {} : { origin }),
        ...o.headers,
      },
    });
  }

  /** Signs in through a link issued as `portal link` issues it. */
  async signIn(ctx: Ctx, client: string, email?: string): Promise<void> {
    const { url } = issueSignInLink(ctx, { client, email, baseUrl: BASE });
    const path = new URL(url).pathname;
    await this.get(path);
    const r = await this.post(path, {});
    if (r.status !== 303) throw new Error(`sign-in failed: ${r.status} ${r.text.slice(0, 200)}`);
  }
}

export interface WebDesk extends TestDesk {
  app: Hono<any>;
  logs: RequestLog[];
  /** another app on the same desk, e.g. with another clock or limits */
  appWith(options: Partial<WebOptions>): Hono<any>;
}

/**
 * C042 (Dupont SA: contact support@c042.example, French; bob@c042.example,
 * English) with 2h of credit, requests #1 and #3; C043 (Martin SARL) with
 * request #2, whose subject is a script tag.
 */
export async function webDesk(now = NOW): Promise<WebDesk> {
  const desk = tempDesk(now);
  const { ctx } = desk;
  for (const [code, name, minutes] of [
    ['C042', 'Dupont SA', 120],
    ['C043', 'Martin SARL', 300],
  ] as const) {
    const email = `support@${code.toLowerCase()}.example`;
    addClient(ctx, { code, name, email });
    // The client's e-mail is its first contact (made by `clients add` once contacts exist).
    if (!findContactByEmail(ctx, email)) addContact(ctx, { client: code, email });
    addLicence(ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, code, minutes, 'opening balance');
  }
  addContact(ctx, { client: 'C042', email: 'bob@c042.example', name: 'Bob', language: 'en' });
  await openTicket(desk.at('2026-11-26T08:00:00Z'), { client: 'C042', subject: 'Export PDF plante' });
  await openTicket(desk.at('2026-11-26T08:10:00Z'), { client: 'C043', subject: '<script>alert("C043")</script>' });
  await openTicket(desk.at('2026-11-26T08:20:00Z'), { client: 'C042', subject: 'Question sur les modèles' });
  const logs: RequestLog[] = [];
  const appWith = (options: Partial<WebOptions>) =>
    createApp({
      store: ctx.store,
      tz: ctx.tz,
      baseUrl: BASE,
      clock: () => Date.parse(now),
      log: (e) => logs.push(e),
      ...options,
    });
  return { ...desk, app: appWith({}), logs, appWith };
}
