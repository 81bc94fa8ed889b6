// `alias-support serve` as it runs: the built CLI (npm run build) in a child
// process on a real socket: its first line, request logs, stopping on a
// signal with requests in flight, Secure cookies behind https, mail delivery.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { addContact, findContactByEmail } from '../../src/services/contacts.js';
import { commandLine } from '../helpers/cli.js';
import { parseMail, startSmtp } from '../helpers/smtp.js';
import { createDesk, seed, tempDir } from '../helpers/store.js';

interface Served {
  child: ChildProcessWithoutNullStreams;
  /** stdout lines so far */
  lines: string[];
  stderr: () => string;
  nextLine(): Promise<string>;
  exit: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

async function deskWithContact(): Promise<string> {
  const db = createDesk(join(tempDir(), 'desk.db'));
  await seed(db, (ctx) => {
    addClient(ctx, { code: 'C042', name: 'Dupont SA', email: 'support@c042.example' });
    if (!findContactByEmail(ctx, 'support@c042.example'))
      addContact(ctx, { client: 'C042', email: 'support@c042.example' });
  });
  return db;
}

function serve(db: string, args: string[], env: NodeJS.ProcessEnv = {}): Served {
  const child = spawn(...commandLine(['serve', '--port', '0', ...args]), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ALIAS_SUPPORT_DB: db,
      ALIAS_SUPPORT_NOW: '2026-11-26T10:00:00Z',
      ...env,
    },
  });
  children.push(child);
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let read = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    waiting.shift()?.(line);
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return {
    child,
    lines,
    stderr: () => stderr,
    nextLine: () =>
      new Promise((resolve) => {
        if (read < lines.length) resolve(lines[read++]!);
        else waiting.push((line) => (read++, resolve(line)));
      }),
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
}

describe('serve', () => {
  it('prints "listening on URL" first, logs each request without tokens, and stops on SIGTERM with exit 0', async () => {
    const s = serve(await deskWithContact(), []);
    const first = await s.nextLine();
    expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.slice('listening on '.length);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(await s.nextLine()).toMatch(/^GET \/health 200 \d+ms$/);
    await fetch(`${url}/sign-in/SECRETTOKENSECRETTOKEN`);
    expect(await s.nextLine()).toMatch(/^GET \/sign-in\/… 404 \d+ms$/);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(s.stderr()).toBe('');
    expect(s.lines.join('\n')).not.toContain('SECRETTOKEN');
  });

  it('lets a request in flight finish after SIGINT, then exits 0', async () => {
    const s = serve(await deskWithContact(), []);
    const url = new URL((await s.nextLine()).slice('listening on '.length));
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.setEncoding('utf8').on('data', (d: string) => (answer += d));
    const body = 'email=someone%40example.com';
    // Headers and half the body sent, then the signal, then the rest.
    socket.write(
      `POST /sign-in HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${url.origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    s.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.child.exitCode).toBeNull();
    socket.write(body.slice(5));
    expect(await s.exit).toBe(0);
    // No _csrf: refused, but answered.
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    // New connections are refused once stopping.
    await expect(fetch(`${url.origin}/health`)).rejects.toThrow();
  });

  it('--json: the first line is {"url"}, then one JSON object a request', async () => {
    const s = serve(await deskWithContact(), ['--json']);
    const { url } = JSON.parse(await s.nextLine()) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await fetch(`${url}/nowhere`);
    expect(JSON.parse(await s.nextLine())).toMatchObject({ method: 'GET', path: '/nowhere', status: 404 });
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('sets Secure cookies when the base URL is https (ALIAS_SUPPORT_BASE_URL)', async () => {
    const s = serve(await deskWithContact(), [], { ALIAS_SUPPORT_BASE_URL: 'https://support.example.com' });
    const url = (await s.nextLine()).slice('listening on '.length);
    const r = await fetch(`${url}/sign-in`);
    expect(r.headers.getSetCookie().join()).toMatch(/^__Host-alias_csrf=.*; Secure/);
    // A form from the listening URL itself is not the public origin's.
    const post = await fetch(`${url}/sign-in`, {
      method: 'POST',
      headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a@b.c',
    });
    expect(post.status).toBe(403);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('refuses a port in use (exit 7) and a base URL with a path (exit 2), with one line each', async () => {
    const db = await deskWithContact();
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => busy.once('listening', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const s = serve(db, ['--port', String(port)]);
      expect(await s.exit).toBe(7);
      expect(s.stderr()).toMatch(/cannot listen on 127\.0\.0\.1:\d+: the port is in use/);
      expect(s.stderr().trim().split('\n').length).toBeLessThanOrEqual(2);
    } finally {
      busy.close();
    }
    const bad = serve(db, ['--base-url', 'https://support.example.com/portal']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/--base-url must be an http\(s\) origin without a path/);
    const port99 = serve(db, ['--port', '70000']);
    expect(await port99.exit).toBe(2);
  });

  it('with ALIAS_SUPPORT_SMTP_URL, delivers a sign-in e-mail within seconds', async () => {
    const smtp = await startSmtp();
    try {
      const s = serve(await deskWithContact(), [], {
        ALIAS_SUPPORT_SMTP_URL: smtp.url,
        ALIAS_SUPPORT_MAIL_FROM: 'Support ALIAS <support@alias.example>',
      });
      const url = (await s.nextLine()).slice('listening on '.length);
      const page = await fetch(`${url}/sign-in`);
      const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const r = await fetch(`${url}/sign-in`, {
        method: 'POST',
        headers: { origin: url, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'support@c042.example' }).toString(),
      });
      expect(r.status).toBe(200);
      const started = Date.now();
      while (smtp.received.length === 0 && Date.now() - started < 8000)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(smtp.received).toHaveLength(1);
      const mail = parseMail(smtp.received[0]!.raw);
      expect(smtp.received[0]!.to).toEqual(['support@c042.example']);
      expect(mail.text).toContain(`${url}/sign-in/`);
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    } finally {
      await smtp.close();
    }
  });
});
