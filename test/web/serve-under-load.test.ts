// `serve` under load while the staff work: the built CLI's `serve` answers a
// steady load of dashboards, request pages and request forms while four CLI
// processes (the built CLI, as real processes) take, time, close and bill
// tickets in the same database. No request may fail other than a 503 with
// Retry-After (the desk busy), no command other than by a refusal of the
// domain; every request the web acknowledged is in the desk, and `db check`
// finds it sound afterwards.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { issueSignInLink } from '../../src/services/portal-auth.js';
import { openTicket } from '../../src/services/tickets.js';
import { commandLine } from '../helpers/cli.js';
import { withRaw } from '../helpers/raw-sql.js';
import { createDesk, seed, tempDir } from '../helpers/store.js';

const NOW = '2026-11-26T08:00:00Z'; // Thursday 09:00 in Paris
const WORKERS = 4;
const TICKETS_EACH = 3;
/** Requests in flight at once: the load's connections. */
const CONNECTIONS = 4;
/** The load runs at least this long, and until the staff are done. */
const MIN_LOAD_MS = 2000;

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const env = (db: string, now: number, agent: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TZ: 'UTC',
  ALIAS_SUPPORT_DB: db,
  ALIAS_SUPPORT_NOW: new Date(now).toISOString(),
  ALIAS_SUPPORT_AGENT: agent,
});

/** C1 (the web's client) and C2…C4, each licensed with credit and with TICKETS_EACH red tickets for one member of staff. */
async function busyDesk(): Promise<{ db: string; link: string; tickets: number[][] }> {
  const db = createDesk(join(tempDir(), 'desk.db'));
  const tickets: number[][] = [];
  let link = '';
  await seed(
    db,
    async (ctx) => {
      for (let w = 1; w <= WORKERS; w++) {
        const code = `C${w}`;
        addClient(ctx, { code, name: `Client ${w}`, email: `support@c${w}.example` });
        addLicence(ctx, { client: code, plan: 'all-inclusive', start: '2026-01-01' });
        adjust(ctx, code, 100 * 60, 'credit');
        const own: number[] = [];
        for (let i = 0; i < TICKETS_EACH; i++)
          own.push((await openTicket(ctx, { client: code, subject: `Problem ${w}.${i}` })).number);
        tickets.push(own);
      }
      link = issueSignInLink(ctx, { client: 'C1', baseUrl: 'http://127.0.0.1:1' }).url;
    },
    NOW,
  );
  return { db, link, tickets };
}

/** The built CLI's `serve --port 0`; resolves with its URL once it listens. */
function serve(db: string): Promise<{ url: string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(...commandLine(['serve', '--port', '0']), { env: env(db, Date.parse(NOW), 'web') });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const m = /^listening on (\S+)$/.exec(line);
      if (!m) return reject(new Error(`serve printed '${line}' ${stderr}`));
      lines.on('line', () => {}); // the request log: read and dropped
      resolve({ url: m[1]!, stderr: () => stderr, stop: () => (child.kill('SIGTERM'), exit) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

/** One CLI call, as a child process; its exit status and what it printed. */
function run(
  db: string,
  args: string[],
  now: number,
  agent: string,
): Promise<{ args: string[]; code: number | null; stderr: string }> {
  const child = spawn(...commandLine([...args, '--json']), {
    env: env(db, now, agent),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ args, code, stderr })));
}

/** A member of staff working through their tickets: each taken, its timer stopped 20 minutes later, closed and billed. */
async function staff(db: string, agent: string, tickets: number[]) {
  const results = [];
  let at = Date.parse(NOW) + 5 * 60_000;
  for (const n of tickets) {
    const steps: [string[], number][] = [
      [['take', String(n)], 0],
      [['time', String(n), 'stop'], 20],
      [['close', String(n), '--resolution', 'done'], 1],
      [['bill', String(n)], 1],
    ];
    for (const [args, minutes] of steps) {
      at += minutes * 60_000;
      results.push(await run(db, args, at, agent));
    }
    at += 5 * 60_000;
  }
  return results;
}

/** A signed-in session (the link's page, then its button) and the request form's CSRF token. */
async function signIn(url: string, link: string): Promise<{ cookie: string; csrf: string }> {
  const at = link.replace('http://127.0.0.1:1', url);
  const page = await fetch(at);
  const csrfCookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const signedIn = await fetch(at, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .find((c) => c.startsWith('alias_session='))!
    .split(';')[0]!;
  const form = await (await fetch(`${url}/requests/new`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(form)![1]! };
}

interface Answer {
  what: string;
  status: number;
  retryAfter: string | null;
  formKey?: string;
  location?: string | null;
}

/** CONNECTIONS loops, each in turn: the dashboard, a request page, the request form's POST; until `done` and MIN_LOAD_MS. */
async function load(
  url: string,
  session: { cookie: string; csrf: string },
  ticket: number,
  done: Promise<unknown>,
): Promise<Answer[]> {
  let over = false;
  void Promise.all([done, new Promise((resolve) => setTimeout(resolve, MIN_LOAD_MS))]).then(() => (over = true));
  const answers: Answer[] = [];
  let forms = 0;
  const headers = { cookie: session.cookie };
  const one = async (what: string, init: RequestInit, formKey?: string) => {
    const r = await fetch(`${url}${what}`, { ...init, redirect: 'manual' });
    await r.arrayBuffer();
    answers.push({
      what,
      status: r.status,
      retryAfter: r.headers.get('retry-after'),
      formKey,
      location: r.headers.get('location'),
    });
  };
  const loop = async () => {
    while (!over) {
      await one('/', { headers });
      await one(`/tickets/${ticket}`, { headers });
      const formKey = `load-form-key-${++forms}-${'x'.repeat(16)}`;
      await one(
        '/requests',
        {
          method: 'POST',
          headers: { ...headers, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            _csrf: session.csrf,
            formKey,
            subject: `Request ${forms}`,
            body: 'Sent under load.',
          }).toString(),
        },
        formKey,
      );
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  return answers;
}

describe('serve under load while the staff work', () => {
  it('answers every request (or 503 with Retry-After), the staff commands succeed, every acknowledged request is kept, db check is clean', async () => {
    const { db, link, tickets } = await busyDesk();
    const server = await serve(db);
    const session = await signIn(server.url, link);

    const work = Promise.all(tickets.map((own, i) => staff(db, `agent-${i + 1}`, own)));
    const answers = await load(server.url, session, tickets[0]![0]!, work);
    const commands = (await work).flat();
    expect(await server.stop()).toBe(0);

    // The web: every answer what it should be, or 503 with Retry-After.
    const failed = answers.filter((a) => a.status >= 500 && !(a.status === 503 && a.retryAfter !== null));
    expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
    const unexpected = answers.filter((a) => a.status !== 503 && a.status !== (a.formKey ? 303 : 200));
    expect(unexpected, JSON.stringify(unexpected.slice(0, 5))).toEqual([]);
    const posted = answers.filter((a) => a.formKey && a.status === 303);
    expect(answers.length).toBeGreaterThan(30);
    expect(posted.length).toBeGreaterThan(5);
    expect(server.stderr()).toBe('');

    // The staff: every command succeeded (nothing here is refused by the terms).
    const refused = commands.filter((c) => c.code !== 0);
    expect(refused.map((c) => `${c.args.join(' ')}: ${c.code} ${c.stderr}`)).toEqual([]);
    expect(commands).toHaveLength(WORKERS * TICKETS_EACH * 4);

    // Every request acknowledged is a ticket of C1, the one its redirect named.
    withRaw(db, (raw) => {
      const byKey = (formKey: string) =>
        raw.value(
          "SELECT tickets.id FROM tickets WHERE tickets.form_key = ? AND tickets.client_id = (SELECT id FROM clients WHERE code = 'C1')",
          formKey,
        );
      for (const a of posted) expect(a.location).toBe(`/tickets/${String(byKey(a.formKey!))}?received=1`);
      // 20 minutes worked: two slices charged on each ticket the staff closed.
      const charged = raw.value(
        "SELECT count(*) FROM tickets WHERE status = 'resolved' AND to_bill = 0 AND charged_minutes = 30",
      );
      expect(charged).toBe(WORKERS * TICKETS_EACH);
    });

    const check = spawnSync(...commandLine(['db', 'check', '--json']), {
      env: env(db, Date.parse(NOW) + 8 * 3_600_000, 'alice'),
      encoding: 'utf8',
    });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  }, 120_000);
});
