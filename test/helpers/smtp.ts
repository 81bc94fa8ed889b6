// A real SMTP server on 127.0.0.1 (the smtp-server package) for the outbox
// tests, and a reader of the raw messages it receives: headers unfolded,
// RFC 2047 encoded words and the body's transfer encoding decoded by hand, so
// that the tests check what a mail client would show.
import { createServer } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach } from 'vitest';

export interface Received {
  from: string;
  to: string[];
  /** the message as it crossed the wire */
  raw: Buffer;
  user?: string;
}

export interface TestSmtpOptions {
  /** answer this code (e.g. 550) to RCPT TO */
  rejectRecipient?: number;
  /** answer this code (e.g. 554) at the end of DATA */
  rejectData?: number;
  /** require AUTH with these credentials */
  auth?: { user: string; pass: string };
  /** hold each message this long before accepting it (widens races) */
  delayMs?: number;
  /** never answer DATA (a sender hangs there until killed) */
  hang?: boolean;
  /** TLS with smtp-server's built-in self-signed certificate: offered by STARTTLS, or from the start (smtps://) */
  tls?: 'starttls' | 'implicit';
}

export interface TestSmtp {
  port: number;
  /** smtp://127.0.0.1:port, with the credentials when auth is on */
  url: string;
  received: Received[];
  /** messages held unanswered by a `hang` server */
  held(): number;
  close(): Promise<void>;
}

const servers: SMTPServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => s.close(() => done()))));
});

function smtpError(message: string, code: number): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  let held = 0;
  const config: SMTPServerOptions = {
    logger: false,
    secure: options.tls === 'implicit',
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass)
        callback(null, { user: auth.username });
      else callback(smtpError('Invalid username or password', 535));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient)
        callback(smtpError(`mailbox ${address.address} unavailable`, options.rejectRecipient));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.hang) return void held++;
        if (options.rejectData) return callback(smtpError('message refused by policy', options.rejectData));
        const accept = () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            user: session.user,
          });
          callback();
        };
        if (options.delayMs) setTimeout(accept, options.delayMs);
        else accept();
      });
    },
  };
  const server = new SMTPServer(config);
  // Clients that drop the connection (refused certificate, killed sender) are part of the tests.
  server.on('error', () => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const auth = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  return {
    port,
    url: `${options.tls === 'implicit' ? 'smtps' : 'smtp'}://${auth}127.0.0.1:${port}`,
    received,
    held: () => held,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** A loopback port nobody listens on: connecting is refused. */
export async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------- reading a message

export interface ParsedMail {
  /** header names lower-cased, values unfolded; encoded words left as sent */
  headers: Map<string, string[]>;
  header(name: string): string | undefined;
  /** the Subject as a mail client shows it */
  subject: string;
  charset: string;
  transferEncoding: string;
  /** the body as a mail client shows it */
  text: string;
  /** every byte of the message is 7-bit ASCII (the encodings did their job) */
  sevenBit: boolean;
}

function decodeBytes(bytes: Buffer, charset: string): string {
  return new TextDecoder(charset, { fatal: true }).decode(bytes);
}

function quotedPrintableBytes(text: string, header: boolean): Buffer {
  const bytes: number[] = [];
  const source = header ? text.replace(/_/g, ' ') : text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(source.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** RFC 2047: =?charset?B|Q?text?= words; whitespace between two encoded words is dropped. */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(word, (_all, charset: string, kind: string, text: string) =>
      decodeBytes(kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text, true), charset),
    );
}

export function parseMail(raw: Buffer): ParsedMail {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const bodyText = text.slice(split + 4);
  const headers = new Map<string, string[]>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const header = (name: string) => headers.get(name.toLowerCase())?.[0];
  const charset = /charset="?([^";\s]+)"?/i.exec(header('content-type') ?? '')?.[1]?.toLowerCase() ?? 'us-ascii';
  const transferEncoding = (header('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bodyBytes =
    transferEncoding === 'base64'
      ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64')
      : transferEncoding === 'quoted-printable'
        ? quotedPrintableBytes(bodyText, false)
        : Buffer.from(bodyText, 'latin1');
  return {
    headers,
    header,
    subject: decodeHeader(header('subject') ?? ''),
    charset,
    transferEncoding,
    text: decodeBytes(bodyBytes, charset).replace(/\r\n/g, '\n'),
    sevenBit: raw.every((b) => b < 0x80),
  };
}
