// `alias-support serve`: the client space on a socket. Loaded by the serve
// command only (a dynamic import), so no other command pays for Hono.
// It listens first, on Node's own http server, and loads the application
// meanwhile (Hono's adapter, whose fetch Request and Response load Node's
// undici, the routes, the views, the services): a request that comes before
// it is ready waits for it.
//
// One process, one database connection: better-sqlite3 is synchronous, so a
// request's queries run one at a time; the busy timeout is short here (a
// write waiting for a staff command's lock holds every other request), and a
// database still busy after it answers 503 with Retry-After.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, EXIT } from '../errors.js';
import type { Ctx } from '../services/context.js';
import type { SmtpSettings } from '../services/outbox.js';
import type { RequestLog } from './app.js';

/** How long a request waits for another process's write lock before 503. */
export const SERVE_BUSY_TIMEOUT_MS = 1000;
/** How often queued mail (receipts, sign-in links) is looked for when SMTP is configured. */
export const SEND_INTERVAL_MS = 2000;
/** After SIGINT/SIGTERM, requests in flight get this long to finish. */
const DRAIN_MS = 10_000;

export interface ServeOptions {
  ctx: Ctx;
  host: string;
  port: number;
  /** the public URL; default the listening URL */
  baseUrl?: string | undefined;
  shopUrl?: string | undefined;
  /** "now" for each request and each delivery run */
  clock: () => number;
  /** SMTP settings when ALIAS_SUPPORT_SMTP_URL is set: serve delivers the outbox itself */
  smtp?: SmtpSettings | undefined;
  busyTimeoutMs?: number | undefined;
  json: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
  debug: boolean;
}

export interface RunningServer {
  url: string;
  /** stops accepting, lets requests in flight finish, stops the mail loop */
  close(): Promise<void>;
  /** settles when the server has stopped */
  closed: Promise<void>;
}

function listen(host: string, port: number, handle: RequestListener): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handle).listen(port, host);
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'EADDRINUSE'
          ? 'the port is in use'
          : e.code === 'EACCES'
            ? 'permission denied'
            : e.code === 'EADDRNOTAVAIL'
              ? 'no such address on this host'
              : e.message;
      reject(
        new AppError(
          'LISTEN_FAILED',
          `cannot listen on ${host}:${port}: ${why}`,
          EXIT.unavailable,
          'choose another --port (0 takes a free one) or --host',
        ),
      );
    });
    server.once('listening', () => resolve(server));
  });
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const { store } = o.ctx;
  store.portal.waitForLocks(o.busyTimeoutMs ?? SERVE_BUSY_TIMEOUT_MS);
  let handle: RequestListener | undefined;
  let ready: Promise<RequestListener> | undefined;
  const server = await listen(o.host, o.port, (req, res) =>
    handle ? handle(req, res) : void ready!.then((h) => h(req, res)),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  // Log lines are written together once the requests of this turn of the
  // event loop are answered: a write to a pipe is synchronous, one a request
  // cost a sixth of the server's time under load.
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    o.out(pending.join('\n'));
    pending = [];
  };
  const line = (entry: RequestLog) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(
      o.json
        ? JSON.stringify({ method: entry.method, path: entry.path, status: entry.status, ms: Math.round(entry.ms) })
        : `${entry.method} ${entry.path} ${entry.status} ${Math.round(entry.ms)}ms`,
    );
  };
  // Loaded once the caller has said it listens (the next turn of the event loop).
  ready = new Promise((resolve) => setImmediate(resolve)).then(async () => {
    const [{ getRequestListener }, { createApp }] = await Promise.all([
      import('@hono/node-server'),
      import('./app.js'),
    ]);
    const app = createApp({
      store,
      tz: o.ctx.tz,
      baseUrl: o.baseUrl ?? url,
      shopUrl: o.shopUrl,
      clock: o.clock,
      log: line,
      onInternalError: (err) =>
        o.err(`error: ${o.debug && err instanceof Error ? err.stack : String((err as Error)?.message ?? err)}`),
    });
    const listener = getRequestListener(app.fetch, { hostname: o.host });
    return (handle = (req, res) => void listener(req, res));
  });

  // The outbox, delivered with the same claims as `outbox send`: both may run.
  let sending: Promise<void> | undefined;
  const sendDue = () => {
    if (sending || !o.smtp) return;
    const smtp = o.smtp;
    sending = import('../services/outbox.js')
      .then(({ sendOutbox }) => sendOutbox({ ...o.ctx, now: o.clock() }, smtp))
      .then((r) => {
        if (r.sent + r.requeued + r.failed > 0)
          o.err(`mail: ${r.sent} sent, ${r.requeued} to retry, ${r.failed} failed`);
      })
      .catch((err: unknown) => o.err(`mail: ${(err as Error)?.message ?? String(err)}`))
      .finally(() => {
        sending = undefined;
      });
  };
  const timer = o.smtp ? setInterval(sendDue, SEND_INTERVAL_MS) : undefined;
  timer?.unref();
  sendDue();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      clearInterval(timer);
      const force = setTimeout(() => 'closeAllConnections' in server && server.closeAllConnections(), DRAIN_MS);
      force.unref();
      // Idle keep-alive connections would hold close() open: end them now, and each one a request in flight leaves.
      const idle = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 100);
      server.close(() => {
        clearTimeout(force);
        clearInterval(idle);
        flush();
        void (sending ?? Promise.resolve()).then(() => resolve());
      });
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    }));
  return { url, close, closed: new Promise((resolve) => void server.once('close', () => void close().then(resolve))) };
}
