// The client space as a Hono application: routes of docs/client-space.md over the portal
// services (the contact, hence the client, always comes from the session,
// never from the URL or the form), Hono's maintained middleware for the
// Origin check, the security headers and the body limit, and the client
// space's own _csrf tokens and sign-in rate limits (security.ts).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Store } from '../store/store.js';
import { AppError } from '../errors.js';
import { toCsv } from '../render/csv.js';
import { localDay } from '../rules/calendar.js';
import type { Contact } from '../services/contacts.js';
import { today, type Ctx } from '../services/context.js';
import {
  consumeSignInToken,
  endSession,
  peekSignInToken,
  requestSignInLink,
  SESSION_IDLE_DAYS,
  readSession,
} from '../services/portal-auth.js';
import { dashboard, requestDetail, statement } from '../services/portal.js';
import { messages, type Messages } from './messages.js';
import { PageCache } from './page-cache.js';
import { requestBatcher } from './request-batch.js';
import { RateLimiter, randomToken, sameToken, sessionCsrf, SIGN_IN_LIMITS, type Limit } from './security.js';
import { STYLE } from './style.js';
import { STYLE_PATH, type FieldError } from './views/layout.js';
import {
  BadLinkPage,
  CreditPage,
  DashboardPage,
  kindOf,
  MessagePage,
  RequestFormPage,
  SignInPage,
  SignInSentPage,
  TicketPage,
  TokenPage,
  TooManyPage,
  type RequestDraft,
} from './views/pages.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;
/** Seconds a client is asked to wait when the database is busy. */
export const RETRY_AFTER_SECONDS = 5;

export interface RequestLog {
  method: string;
  /** the path, a sign-in token replaced by … */
  path: string;
  status: number;
  ms: number;
}

export interface WebOptions {
  store: Store;
  tz: string;
  /** the public origin (https://support.example.com): Origin checks, links in e-mails, Secure cookies */
  baseUrl: string;
  /** the shop, linked from the low-credit notice (ALIAS_SUPPORT_SHOP_URL) */
  shopUrl?: string | undefined;
  /** "now" in ms for each request (ALIAS_SUPPORT_NOW or the clock) */
  clock: () => number;
  limits?: { perAddress: Limit; perIp: Limit };
  log?: (entry: RequestLog) => void;
  /** an unexpected error, answered 500: for the operator's log */
  onInternalError?: (err: unknown) => void;
}

interface Env {
  Bindings: { incoming?: { socket?: { remoteAddress?: string } }; [key: string]: unknown };
  Variables: {
    ctx: Ctx;
    contact: Contact | undefined;
    sessionId: string | undefined;
    /** The desk's change mark read with the session (PortalStore.sessionAndMark). */
    mark: string | undefined;
    m: Messages;
  };
}
type C = Context<Env>;

const EMAIL = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;
/** Ticket numbers and pages: digits only, no leading zero, small enough to be exact. */
const WHOLE = /^[1-9]\d{0,14}$/;

/** The path as logged: sign-in tokens are secrets. */
export function loggedPath(path: string): string {
  return path.replace(/^\/sign-in\/[^/]+/, '/sign-in/…');
}

export function createApp(o: WebOptions): Hono<Env> {
  const base = new URL(o.baseUrl);
  const secure = base.protocol === 'https:';
  const prefix = secure ? ({ prefix: 'host' } as const) : undefined;
  const SESSION = 'alias_session';
  const CSRF = 'alias_csrf';
  const limits = o.limits ?? SIGN_IN_LIMITS;
  const perAddress = new RateLimiter(limits.perAddress);
  const perIp = new RateLimiter(limits.perIp);
  const app = new Hono<Env>();
  const submit = requestBatcher();
  const dashboards = new PageCache();

  // ------------------------------------------------------------ middleware

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    o.log?.({
      method: c.req.method,
      path: loggedPath(c.req.path),
      status: c.res.status,
      ms: performance.now() - started,
    });
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: secure ? 'max-age=31536000' : false,
    }),
  );
  const limitBody = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: () => {
      throw new HTTPException(413);
    },
  });
  // A GET or HEAD has no body to limit: asking for it would build a whole fetch Request for every page (~8 % of a page's time).
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  // A form posted from another site: refused before anything reads it.
  app.use(csrf({ origin: base.origin }));
  app.use(async (c, next) => {
    const ctx: Ctx = { store: o.store, now: o.clock(), agent: 'client-space', tz: o.tz };
    c.set('ctx', ctx);
    const sessionId =
      c.req.path === '/health' || c.req.path === STYLE_PATH ? undefined : getCookie(c, SESSION, prefix?.prefix);
    const { contact, mark } =
      sessionId && TOKEN.test(sessionId) ? await readSession(ctx, sessionId) : { contact: undefined, mark: undefined };
    c.set('sessionId', contact ? sessionId : undefined);
    c.set('contact', contact);
    c.set('mark', mark);
    // History events say which contact acted.
    if (contact) c.set('ctx', { ...ctx, agent: contact.email });
    c.set('m', messages(contact?.language));
    await next();
    // A client's pages are kept by no cache: neither a shared one nor the back button after signing out.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  // ------------------------------------------------------------ helpers

  /** The _csrf of this page's forms: bound to the session, else a double-submit cookie. */
  const pageCsrf = (c: C): string => {
    const sessionId = c.get('sessionId');
    if (sessionId) return sessionCsrf(sessionId);
    let token = getCookie(c, CSRF, prefix?.prefix);
    if (!token || !TOKEN.test(token)) {
      token = randomToken();
      setCookie(c, CSRF, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure, ...prefix });
    }
    return token;
  };

  const frame = (c: C) => ({ m: c.get('m'), csrf: pageCsrf(c), contact: c.get('contact') });

  /** A POSTed form whose _csrf is right; 403 otherwise, 400 when it cannot be read. */
  const form = async (c: C): Promise<Record<string, string>> => {
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody();
    } catch {
      throw new HTTPException(400);
    }
    const sessionId = c.get('sessionId');
    const expected = sessionId ? sessionCsrf(sessionId) : getCookie(c, CSRF, prefix?.prefix);
    if (!sameToken(body._csrf, expected)) throw new HTTPException(403);
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v;
    return fields;
  };

  const signedIn = (c: C): Contact | undefined => c.get('contact');

  const clientIp = (c: C): string => {
    const peer = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
    // Behind a reverse proxy on this host, the client is the proxy's last hop.
    const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
    const forwarded = loopback ? c.req.header('x-forwarded-for')?.split(',').pop()?.trim() : undefined;
    return forwarded || peer;
  };

  // ------------------------------------------------------------ routes

  app.get('/health', (c) => {
    try {
      o.store.portal.healthCheck();
      return c.json({ ok: true });
    } catch {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return c.json({ ok: false }, 503);
    }
  });

  app.get(STYLE_PATH, (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  app.get('/sign-in', (c) => {
    if (signedIn(c)) return c.redirect('/', 303);
    return c.html(<SignInPage {...frame(c)} />);
  });

  app.post('/sign-in', async (c) => {
    const fields = await form(c);
    const email = (fields.email ?? '').trim();
    const m = c.get('m');
    if (email.length > 254 || !EMAIL.test(email))
      return c.html(
        <SignInPage {...frame(c)} email={email} errors={[{ field: 'email', message: m.signIn.errorEmail }]} />,
        422,
      );
    const now = c.get('ctx').now;
    const wait = Math.max(perIp.hit(clientIp(c), now), perAddress.hit(email.toLowerCase(), now));
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return c.html(<TooManyPage {...frame(c)} minutes={Math.ceil(wait / 60_000)} />, 429);
    }
    requestSignInLink(c.get('ctx'), { email, baseUrl: base.origin });
    return c.html(<SignInSentPage {...frame(c)} email={email} />);
  });

  const badLink = (c: C, reason: 'used' | 'expired' | 'unknown') =>
    c.html(<BadLinkPage {...frame(c)} reason={reason} />, reason === 'unknown' ? 404 : 410);

  app.get('/sign-in/:token', (c) => {
    const token = c.req.param('token');
    const state = TOKEN.test(token) ? peekSignInToken(c.get('ctx'), token) : 'unknown';
    if (state !== 'valid') return badLink(c, state);
    return c.html(<TokenPage {...frame(c)} token={token} />);
  });

  app.post('/sign-in/:token', async (c) => {
    await form(c);
    const token = c.req.param('token');
    const result = TOKEN.test(token)
      ? consumeSignInToken(c.get('ctx'), token)
      : ({ ok: false, reason: 'unknown' } as const);
    if (!result.ok) return badLink(c, result.reason);
    const previous = c.get('sessionId');
    if (previous) endSession(c.get('ctx'), previous);
    setCookie(c, SESSION, result.sessionId, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure,
      maxAge: SESSION_IDLE_DAYS * 86_400,
      ...prefix,
    });
    return c.redirect('/', 303);
  });

  app.post('/sign-out', async (c) => {
    await form(c);
    const sessionId = c.get('sessionId');
    if (sessionId) endSession(c.get('ctx'), sessionId);
    deleteCookie(c, SESSION, { path: '/', secure, ...prefix });
    return c.redirect('/sign-in', 303);
  });

  // Every route below needs a session: without one, the sign-in page.
  for (const path of ['/', '/tickets/*', '/requests', '/requests/*', '/credit', '/credit.csv'])
    app.use(path, async (c: C, next) => {
      if (!signedIn(c)) return c.redirect('/sign-in', 303);
      await next();
    });

  app.get('/', (c) => {
    const text = c.req.query('page');
    if (text !== undefined && !WHOLE.test(text)) return notFound(c);
    const ctx = c.get('ctx');
    const contact = signedIn(c)!;
    const shown = frame(c);
    // Read with the session, before the page's reads (page-cache.ts says why a kept page is never stale).
    const generation = `${c.get('mark')!}\u0000${today(ctx)}`;
    const key = `${JSON.stringify(contact)}\u0000${shown.csrf}\u0000${text ?? ''}`;
    const kept = dashboards.get(generation, key);
    if (kept !== undefined) return c.html(kept);
    const data = dashboard(ctx, contact, text === undefined ? 1 : Number(text));
    const element = <DashboardPage {...shown} tz={o.tz} data={data} shopUrl={o.shopUrl} />;
    if (element instanceof Promise) return c.html(element);
    // A JSX node: its text is made here (a string: every component of the page is synchronous).
    const page: unknown = element.toString();
    if (typeof page !== 'string') return c.html(element);
    dashboards.set(generation, key, page);
    return c.html(page);
  });

  app.get('/tickets/:number', (c) => {
    const text = c.req.param('number');
    // A missing ticket and another client's answer alike.
    const detail = WHOLE.test(text) ? requestDetail(c.get('ctx'), signedIn(c)!, Number(text)) : undefined;
    if (!detail) return notFound(c);
    return c.html(<TicketPage {...frame(c)} tz={o.tz} detail={detail} received={c.req.query('received') === '1'} />);
  });

  const requestForm = (c: C, draft: RequestDraft, errors: FieldError[]) =>
    c.html(<RequestFormPage {...frame(c)} draft={draft} errors={errors} />, errors.length > 0 ? 422 : 200);

  app.get('/requests/new', (c) => requestForm(c, { subject: '', body: '', formKey: randomToken() }, []));

  app.post('/requests', async (c) => {
    const fields = await form(c);
    const m = c.get('m');
    // Browsers send a textarea's line breaks as CR LF.
    const draft: RequestDraft = {
      subject: (fields.subject ?? '').trim(),
      body: (fields.body ?? '').replace(/\r\n?/g, '\n').trim(),
      formKey: FORM_KEY.test(fields.formKey ?? '') ? fields.formKey! : randomToken(),
    };
    const errors: FieldError[] = [];
    if (draft.subject.length === 0) errors.push({ field: 'subject', message: m.form.subjectMissing });
    else if (draft.subject.length > SUBJECT_MAX)
      errors.push({ field: 'subject', message: m.form.subjectTooLong(draft.subject.length) });
    if (draft.body.length > BODY_MAX) errors.push({ field: 'body', message: m.form.bodyTooLong(draft.body.length) });
    if (errors.length > 0) return requestForm(c, draft, errors);
    const { number } = await submit({ ctx: c.get('ctx'), contact: signedIn(c)!, request: draft });
    return c.redirect(`/tickets/${number}?received=1`, 303);
  });

  app.get('/credit', (c) => {
    const data = statement(c.get('ctx'), signedIn(c)!);
    return c.html(<CreditPage {...frame(c)} tz={o.tz} statement={data} />);
  });

  app.get('/credit.csv', (c) => {
    const m = c.get('m');
    const data = statement(c.get('ctx'), signedIn(c)!);
    const k = m.credit;
    const csv = toCsv(
      [k.date, k.kind, k.minutes, k.balance, k.reference, k.note],
      data.entries.map((e) => [
        localDay(Date.parse(e.at), o.tz),
        kindOf(m, e.kind),
        e.minutes,
        e.balanceMinutes,
        e.reference,
        e.note,
      ]),
    );
    const file = `credit-${signedIn(c)!.clientCode.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
    // The byte order mark lets spreadsheets read the accents as UTF-8.
    return c.body(`\uFEFF${csv}`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file}"`,
    });
  });

  // ------------------------------------------------------------ errors

  const notFound = (c: C) => {
    const m = c.get('m') ?? messages('fr');
    return c.html(<MessagePage {...frame(c)} m={m} title={m.errors.notFoundTitle} body={m.errors.notFound} />, 404);
  };
  app.notFound(notFound);

  app.onError((err, c) => {
    const m = c.get('m') ?? messages('fr');
    const page = (status: 400 | 403 | 413 | 500 | 503, title: string, body: string) => {
      // An error page has no form of its own, but its header may (sign-out).
      let csrf = '';
      try {
        csrf = pageCsrf(c);
      } catch {
        // the session could not be read: no sign-out form
      }
      return c.html(<MessagePage m={m} csrf={csrf} contact={c.get('contact')} title={title} body={body} />, status);
    };
    if (err instanceof HTTPException) {
      if (err.status === 403) return page(403, m.errors.forbiddenTitle, m.errors.forbidden);
      if (err.status === 413) return page(413, m.errors.tooLargeTitle, m.errors.tooLarge);
      return page(400, m.errors.badRequestTitle, m.errors.badRequest);
    }
    const known = err instanceof AppError ? err : o.store.knownError(err);
    if (known?.code === 'DB_BUSY' || known?.code === 'DB_UNAVAILABLE') {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return page(503, m.errors.busyTitle, m.errors.busy);
    }
    o.onInternalError?.(err);
    return page(500, m.errors.internalTitle, m.errors.internal);
  });

  return app;
}
