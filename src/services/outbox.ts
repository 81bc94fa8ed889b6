// The outbox: receipts queued by `tickets open`, delivered over SMTP by
// `outbox send` (usually from cron).
//
// No message is sent twice by two senders: a sender claims one row at a time
// in a BEGIN IMMEDIATE transaction (state 'sending', its own token, a lease),
// sends it outside any transaction (better-sqlite3 transactions are
// synchronous), then records the outcome only if the claim is still its own.
// A crashed sender's lease expires and the row is claimed again (at least
// once: a crash between the server's acceptance and the commit resends it).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { AppError, EXIT, invalidInput } from '../errors.js';
import { iso, isoOrNull, type Ctx } from './context.js';
import { recordEvent } from './tickets.js';
import type { OutboxRow } from '../store/outbox.js';

export type OutboxState = 'queued' | 'sent' | 'failed';

/** The outbox message's JSON shape (createdAt, sentAt, nextAttemptAt added). */
export interface OutboxView {
  id: number;
  ticket: number | null;
  to: string | null;
  subject: string;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** a queued message waiting for its next attempt (after a failure) or held by a sender */
  nextAttemptAt: string | null;
  /** a ticket's receipt, or a client-space sign-in link */
  kind: 'receipt' | 'sign-in';
}

const DEFAULT_MAX_ATTEMPTS = 5;
/** Longer than one delivery can take with the timeouts below. */
export const LEASE_MS = 5 * 60_000;
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000, dnsTimeout: 10_000 };

/** Wait before the next attempt after the n-th failure: 5 min, 20 min, 80 min, 5h20, then 6 h. */
export function retryDelayMs(failures: number): number {
  return Math.min(5 * 60_000 * 4 ** Math.max(0, failures - 1), 6 * 3_600_000);
}

export function outboxView(row: OutboxRow): OutboxView {
  const waiting = row.state === 'queued' || row.state === 'sending';
  return {
    id: row.id,
    ticket: row.ticketId,
    to: row.recipient,
    subject: row.subject,
    // 'sending' is internal: for the user the message is still queued.
    state: waiting ? 'queued' : (row.state as OutboxState),
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: iso(row.createdAt),
    sentAt: isoOrNull(row.sentAt),
    nextAttemptAt: waiting ? isoOrNull(row.claimedUntil) : null,
    kind: row.kind === 'sign-in' ? 'sign-in' : 'receipt',
  };
}

/** A sent sign-in message keeps no usable link: the token is a secret, stored elsewhere only as a hash. */
const withoutToken = (row: OutboxRow): string =>
  row.kind === 'sign-in' ? row.body.replace(/\/sign-in\/[A-Za-z0-9_-]+/g, '/sign-in/…') : row.body;

// ---------------------------------------------------------------- list

const OUTBOX_STATES = ['queued', 'sent', 'failed', 'all'];

/** Messages in one state; by default those not delivered (queued and failed). */
export function listOutbox(ctx: Ctx, state?: string): OutboxView[] {
  if (state !== undefined && !OUTBOX_STATES.includes(state))
    throw invalidInput(`invalid state '${state}'`, `one of ${OUTBOX_STATES.join(', ')}`);
  const states =
    state === 'all'
      ? null
      : state === 'queued'
        ? ['queued', 'sending']
        : state
          ? [state]
          : ['queued', 'sending', 'failed'];
  return ctx.store.outbox.list(states ?? undefined).map(outboxView);
}

// ---------------------------------------------------------------- configuration

export interface SmtpEnv {
  readonly [name: string]: string | undefined;
  ALIAS_SUPPORT_SMTP_URL?: string;
  ALIAS_SUPPORT_MAIL_FROM?: string;
}

export interface SmtpSettings {
  transport: SMTPTransport.Options;
  from: string;
  /** the server as it may be shown: the URL without its password */
  server: string;
  maxAttempts: number;
  /** removes the password from any text that leaves the process (output, errors, history) */
  redact: (text: string) => string;
}

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;
const QUERY_FLAGS = new Set(['tls.rejectUnauthorized', 'requireTLS', 'ignoreTLS']);

/** Hides the password of a URL given as text, even one that does not parse. */
function hidePassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:).*@/i, '$1***@');
}

function configError(message: string, code = 'SMTP_CONFIG_INVALID'): AppError {
  return new AppError(
    code,
    message,
    EXIT.invalidInput,
    'e.g. ALIAS_SUPPORT_SMTP_URL=smtp://user:password@mail.example.com:587, or smtps://… for TLS',
  );
}

/** Reads and checks the SMTP configuration; nothing is sent with a bad one. */
export function smtpSettings(env: SmtpEnv, maxAttempts = DEFAULT_MAX_ATTEMPTS): SmtpSettings {
  const text = env.ALIAS_SUPPORT_SMTP_URL?.trim();
  if (!text) throw configError('no SMTP server configured: set ALIAS_SUPPORT_SMTP_URL', 'SMTP_NOT_CONFIGURED');
  const shown = hidePassword(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(`ALIAS_SUPPORT_SMTP_URL is not a URL: ${shown}`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw configError(`ALIAS_SUPPORT_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw configError(`ALIAS_SUPPORT_SMTP_URL has no host: ${shown}`);
  const secure = url.protocol === 'smtps:';
  let user: string;
  let pass: string;
  try {
    [user, pass] = [decodeURIComponent(url.username), decodeURIComponent(url.password)];
  } catch {
    throw configError(`ALIAS_SUPPORT_SMTP_URL has a badly percent-encoded user or password: ${shown}`);
  }
  const secrets = [...new Set([pass, url.password])].filter((s) => s.length > 0);
  const redact = (s: string): string => secrets.reduce((out, secret) => out.split(secret).join('***'), s);

  const transport: SMTPTransport.Options = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...TIMEOUTS,
    ...(user ? { auth: { user, pass } } : {}),
  };
  for (const [key, value] of url.searchParams) {
    if (!QUERY_FLAGS.has(key) || (value !== 'true' && value !== 'false'))
      throw configError(
        `ALIAS_SUPPORT_SMTP_URL: unsupported option ${key}=${value}; known: ${[...QUERY_FLAGS].map((k) => `${k}=true|false`).join(', ')}`,
      );
    if (key === 'tls.rejectUnauthorized') transport.tls = { rejectUnauthorized: value === 'true' };
    else transport[key as 'requireTLS' | 'ignoreTLS'] = value === 'true';
  }

  const from =
    env.ALIAS_SUPPORT_MAIL_FROM?.trim() || `Support ALIAS <${ADDRESS.test(user) ? user : `support@${hostname()}`}>`;
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  if (/[\r\n]/.test(from) || !ADDRESS.test(address))
    throw configError(
      `ALIAS_SUPPORT_MAIL_FROM is not an address: '${from.replace(/[\r\n]+/g, ' ')}' (e.g. "Support ALIAS <support@alias.fr>")`,
    );

  return { transport, from, server: hidePassword(url.href), maxAttempts, redact };
}

// ---------------------------------------------------------------- send

export interface SendOptions {
  /** at most this many messages this run */
  limit?: number;
  /** also retry messages waiting out their delay after a failure */
  retryNow?: boolean;
}

export interface SendReport {
  sent: number;
  /** failed this run, queued again for a later attempt */
  requeued: number;
  /** failed this run for the last time */
  failed: number;
  /** the messages tried this run, after their attempt */
  messages: OutboxView[];
  /** queued messages left for later runs, and when the first one is due */
  waiting: number;
  nextAttemptAt: string | null;
}

interface Outcome {
  error?: string;
  /** the server could not be reached or refused the session: trying further messages now is pointless */
  serverDown?: boolean;
}

/**
 * The next queued message after `afterId`, claimed for this sender; null when
 * none is due. A run walks the ids upwards, so it never tries a message twice.
 */
function claimNext(ctx: Ctx, token: string, now: number, retryNow: boolean, afterId: number): OutboxRow | undefined {
  return ctx.store.immediate(() => ctx.store.outbox.claimNext(afterId, now, retryNow, token, now + LEASE_MS));
}

function domainOf(from: string): string {
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1);
}

/** Sends one message; the outcome, never an exception. */
async function deliver(
  transporter: Transporter<SMTPTransport.SentMessageInfo>,
  settings: SmtpSettings,
  row: OutboxRow,
): Promise<Outcome> {
  if (!row.recipient) return { error: 'no recipient address' };
  try {
    const info = await transporter.sendMail({
      from: settings.from,
      to: row.recipient,
      // Stored one-line already; again here, as the header must never break.
      subject: row.subject.replace(/[\r\n]+/g, ' '),
      text: row.body,
      // A stable id per outbox row lets receiving servers drop a duplicate
      // left by a sender that crashed after the server accepted the message.
      messageId: `<outbox-${row.id}.ticket-${row.ticketId ?? 0}@${domainOf(settings.from)}>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': row.language },
    });
    if (info.rejected.length > 0)
      return {
        error: `the server rejected ${info.rejected.map((a) => (typeof a === 'string' ? a : a.address)).join(', ')}: ${info.response}`,
      };
    return {};
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // EENVELOPE/EMESSAGE: the server refused this message (e.g. 550 on RCPT TO);
    // anything else (ECONNECTION, ETIMEDOUT, EAUTH, ETLS…) concerns the server.
    const serverDown = e.code !== 'EENVELOPE' && e.code !== 'EMESSAGE';
    const where = serverDown ? ` (${settings.server})` : '';
    return { error: `${e.message ?? String(err)}${where}`, serverDown };
  }
}

/** Records the outcome of a claimed message, if the claim is still ours. */
function finish(ctx: Ctx, settings: SmtpSettings, token: string, row: OutboxRow, outcome: Outcome): OutboxRow {
  return ctx.store.immediate(() => {
    const attempts = row.attempts + 1;
    if (!outcome.error) {
      const done = ctx.store.outbox.markSent(row.id, token, { attempts, at: ctx.now, body: withoutToken(row) });
      if (done?.ticketId != null) recordEvent(ctx, done.ticketId, 'receipt-sent', `to ${row.recipient}`);
      return done ?? row;
    }
    const error = settings.redact(outcome.error).replace(/\s+/g, ' ').slice(0, 500);
    const last = attempts >= settings.maxAttempts || !row.recipient;
    const done = last
      ? ctx.store.outbox.markFailed(row.id, token, { attempts, error })
      : ctx.store.outbox.retryLater(row.id, token, { attempts, error, retryAt: ctx.now + retryDelayMs(attempts) });
    if (done && last && done.ticketId != null)
      recordEvent(
        ctx,
        done.ticketId,
        'receipt-failed',
        `after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error}`,
      );
    return done ?? row;
  });
}

function waitingSummary(ctx: Ctx): { waiting: number; nextAttemptAt: string | null } {
  const { count, next } = ctx.store.outbox.waiting();
  return { waiting: count, nextAttemptAt: next === null ? null : iso(Math.max(next, ctx.now)) };
}

/**
 * Delivers the queued messages that are due, oldest first. A message is
 * marked sent only once the server accepted it; a failure leaves it queued
 * with its error for a later attempt, and failed after maxAttempts.
 */
export async function sendOutbox(ctx: Ctx, settings: SmtpSettings, options: SendOptions = {}): Promise<SendReport> {
  const token = `${hostname()}/${process.pid}/${randomUUID()}`;
  // ctx.now is fixed for the command; leases must follow the time it takes
  // (retry delays count from ctx.now, so replays give the same schedule).
  const started = performance.now();
  const clock = () => ctx.now + Math.round(performance.now() - started);
  const messages: OutboxView[] = [];
  // Loaded here only, before any claim (a row is never left claimed by a load
  // failure). Imported from a bundle, the CommonJS module is the default export.
  const mailer = (await import('nodemailer')) as typeof import('nodemailer') & {
    default?: typeof import('nodemailer');
  };
  const transporter = (mailer.default ?? mailer).createTransport(settings.transport);
  try {
    while (options.limit === undefined || messages.length < options.limit) {
      const row = claimNext(ctx, token, clock(), options.retryNow ?? false, messages.at(-1)?.id ?? 0);
      if (!row) break;
      const outcome = await deliver(transporter, settings, row);
      messages.push(outboxView(finish(ctx, settings, token, row, outcome)));
      if (outcome.serverDown) break;
    }
  } finally {
    transporter.close();
  }
  const tally = (state: OutboxState) => messages.filter((m) => m.state === state).length;
  return {
    sent: tally('sent'),
    requeued: tally('queued'),
    failed: tally('failed'),
    messages,
    ...waitingSummary(ctx),
  };
}
