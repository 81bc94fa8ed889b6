// The security rules of SPEC §5, each broken on purpose: forged and foreign
// forms, script in client text, headers, token reuse, rate limits, the body
// limit, malformed requests, a busy database.
import { describe, expect, it, vi } from 'vitest';
import { listOutbox } from '../../src/services/outbox.js';
import { PgError } from '../../src/store/postgres/connection.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { openTestStore } from '../helpers/store.js';
import { BASE, Visitor, webDesk } from './visitor.js';

const ticketCount = (d: Awaited<ReturnType<typeof webDesk>>) =>
  rawOf(d.ctx.store).value<number>('SELECT count(*) FROM tickets');

describe('headers', () => {
  it('every answer forbids inline scripts, sniffing, referrers and framing', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    const answers = [
      await v.get('/sign-in'),
      await v.get('/nowhere'),
      await v.get('/health'),
      await v.get('/static/style.css'),
    ];
    await v.signIn(d.ctx, 'C042');
    answers.push(
      await v.get('/'),
      await v.get('/tickets/1'),
      await v.get('/requests/new'),
      await v.get('/credit'),
      await v.get('/credit.csv'),
    );
    for (const r of answers) {
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toMatch(/script-src/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
    // Pages about a client are never kept by a cache (a shared one, or the back button after signing out).
    for (const r of answers.slice(4)) expect(r.headers.get('cache-control')).toBe('no-store');
    expect(answers[3]!.headers.get('cache-control')).toMatch(/^public/);
    // No inline style or script anywhere in the pages.
    for (const r of answers.filter((a) => a.headers.get('content-type')?.startsWith('text/html'))) {
      expect(r.text).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    }
  });

  it('cookies are Secure, with the __Host- prefix, when the base URL is https', async () => {
    const d = await webDesk();
    const app = d.appWith({ baseUrl: 'https://support.example.com' });
    const r = await app.request('/sign-in');
    const cookie = r.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/^__Host-alias_csrf=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/m);
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await d.app.request('/sign-in')).headers.get('strict-transport-security')).toBeNull();
    const v = new Visitor(app, undefined, 'https://support.example.com');
    await v.signIn(d.ctx, 'C042');
    expect([...v.cookies.keys()].sort()).toEqual(['__Host-alias_csrf', '__Host-alias_session']);
    expect((await v.get('/')).status).toBe(200);
  });
});

describe('forged forms', () => {
  it('POSTs without a valid _csrf get 403 and change nothing', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const other = new Visitor(d.app);
    await other.signIn(d.ctx, 'C042', 'bob@c042.example');
    const foreign = (await other.get('/requests/new')).csrf!;
    const good = (await v.get('/requests/new')).csrf!;
    const before = snapshotRaw(rawOf(d.ctx.store));
    for (const _csrf of ['', 'x', foreign, good.slice(0, -1), `${good}x`]) {
      const r = await v.post('/requests', { _csrf, subject: 'Forgé', body: '' });
      expect(r.status, _csrf).toBe(403);
      expect(r.text).toContain('Action refusée');
    }
    // No field at all.
    const none = await v.app.request('/requests', {
      method: 'POST',
      headers: {
        origin: BASE,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...v.cookies].map(([k, x]) => `${k}=${x}`).join('; '),
      },
      body: 'subject=Forg%C3%A9',
    });
    expect(none.status).toBe(403);
    expect((await v.post('/sign-out', { _csrf: foreign })).status).toBe(403);
    expect(snapshotRaw(rawOf(d.ctx.store))).toEqual(before);
    expect((await v.post('/requests', { _csrf: good, subject: 'Vrai', body: '' })).status).toBe(303);
  });

  it('the sign-in forms need the double-submit cookie and its value', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    const page = await v.get('/sign-in');
    const stranger = new Visitor(d.app);
    // The right value without its cookie, and the cookie with another value.
    stranger.lastCsrf = page.csrf;
    expect((await stranger.post('/sign-in', { email: 'support@c042.example' })).status).toBe(403);
    expect((await v.post('/sign-in', { email: 'support@c042.example', _csrf: 'A'.repeat(43) })).status).toBe(403);
    expect(listOutbox(d.ctx, 'all').filter((m) => m.ticket === null)).toHaveLength(0);
    expect((await v.post('/sign-in', { email: 'support@c042.example' })).status).toBe(200);
  });

  it('POSTs with another Origin, or none, get 403 even with a valid _csrf', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    await v.get('/requests/new');
    const before = ticketCount(d);
    for (const origin of ['http://evil.example', 'http://127.0.0.1:8081', 'https://127.0.0.1:8080', 'null', null]) {
      const r = await v.post('/requests', { subject: 'Ailleurs', body: '' }, { origin });
      expect(r.status, String(origin)).toBe(403);
    }
    expect(ticketCount(d)).toBe(before);
    // A cross-site form announced as such by the browser.
    expect(
      (
        await v.post(
          '/requests',
          { subject: 'x', body: '' },
          { origin: null, headers: { 'sec-fetch-site': 'cross-site' } },
        )
      ).status,
    ).toBe(403);
    expect((await v.post('/requests', { subject: 'Ici', body: '' })).status).toBe(303);
  });
});

describe('client text', () => {
  it('a subject and a body with a script tag show as text', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C043');
    const home = await v.get('/');
    expect(home.text).toContain('&lt;script&gt;alert(&quot;C043&quot;)&lt;/script&gt;');
    expect(home.text).not.toContain('<script>');
    await v.get('/requests/new');
    const r = await v.post('/requests', {
      subject: '"><img src=x onerror=alert(1)>',
      body: '</textarea><script>alert(2)</script>',
    });
    const shown = await v.get(r.headers.get('location')!);
    expect(shown.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(shown.text).toContain('&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(shown.text).not.toMatch(/<script|<img/);
    // Kept as typed in a form shown again.
    const again = await v.post('/requests', { subject: '', body: '</textarea><script>alert(3)</script>' });
    expect(again.status).toBe(422);
    expect(again.text).not.toMatch(/<script/);
  });
});

describe('tokens and sessions', () => {
  it('neither the session id nor the sign-in token is stored as such', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const sessionId = v.cookies.get('alias_session')!;
    expect(sessionId.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
    expect(JSON.stringify(snapshotRaw(rawOf(d.ctx.store)))).not.toContain(sessionId);
  });

  it('a forged or malformed session cookie is no session', async () => {
    const d = await webDesk();
    for (const value of ['x', 'A'.repeat(43), '%00', '"; DROP TABLE tickets; --']) {
      const r = await d.app.request('/', { headers: { cookie: `alias_session=${value}` } });
      expect(r.status, value).toBe(303);
    }
  });
});

describe('rate limits', () => {
  it('per address: the sixth link in 15 minutes is refused with 429 and Retry-After', async () => {
    const d = await webDesk();
    for (let i = 0; i < 6; i++) {
      // Each from another network, so only the address limit counts.
      const v = new Visitor(d.app, `198.51.100.${i}`);
      await v.get('/sign-in');
      const r = await v.post('/sign-in', { email: i % 2 ? 'SUPPORT@c042.example' : 'support@c042.example' });
      expect(r.status, String(i)).toBe(i < 5 ? 200 : 429);
      if (i === 5) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(r.text).toContain('Trop de demandes');
      }
    }
    expect(listOutbox(d.ctx, 'all').filter((m) => m.ticket === null)).toHaveLength(5);
    // The window ends: allowed again.
    const later = new Visitor(d.appWith({ clock: () => Date.parse('2026-11-26T10:16:00Z') }));
    await later.get('/sign-in');
    expect((await later.post('/sign-in', { email: 'support@c042.example' })).status).toBe(200);
  });

  it('per client IP, whatever the addresses; another IP is not affected', async () => {
    const d = await webDesk();
    const app = d.appWith({
      limits: { perAddress: { max: 100, windowMs: 60_000 }, perIp: { max: 3, windowMs: 60_000 } },
    });
    const v = new Visitor(app, '192.0.2.1');
    await v.get('/sign-in');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await v.post('/sign-in', { email: `person${i}@example.com` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const w = new Visitor(app, '192.0.2.2');
    await w.get('/sign-in');
    expect((await w.post('/sign-in', { email: 'person9@example.com' })).status).toBe(200);
  });

  it('behind a proxy on this host, the forwarded client address counts', async () => {
    const d = await webDesk();
    const app = d.appWith({
      limits: { perAddress: { max: 100, windowMs: 60_000 }, perIp: { max: 1, windowMs: 60_000 } },
    });
    const v = new Visitor(app, '127.0.0.1');
    await v.get('/sign-in');
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': `10.9.9.9, ${ip}` } });
    expect((await v.post('/sign-in', { email: 'a@example.com' }, from('192.0.2.10'))).status).toBe(200);
    expect((await v.post('/sign-in', { email: 'b@example.com' }, from('192.0.2.11'))).status).toBe(200);
    expect((await v.post('/sign-in', { email: 'c@example.com' }, from('192.0.2.10'))).status).toBe(429);
    // From elsewhere, the header is not believed.
    const direct = new Visitor(app, '192.0.2.50');
    await direct.get('/sign-in');
    expect((await direct.post('/sign-in', { email: 'd@example.com' }, from('192.0.2.77'))).status).toBe(200);
    expect((await direct.post('/sign-in', { email: 'e@example.com' }, from('192.0.2.78'))).status).toBe(429);
  });
});

describe('malformed requests', () => {
  it('a body over 64 KB gets 413, with or without a Content-Length', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    await v.get('/requests/new');
    const before = ticketCount(d);
    const big = await v.post('/requests', { subject: 'Gros', body: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.text).toContain('64 Ko');
    const body = new URLSearchParams({ _csrf: v.lastCsrf!, subject: 'Gros', body: 'y'.repeat(70_000) }).toString();
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(body));
        c.close();
      },
    });
    const chunked = await d.app.request('/requests', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: {
        origin: BASE,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...v.cookies].map(([k, x]) => `${k}=${x}`).join('; '),
      },
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(ticketCount(d)).toBe(before);
    // Just under the limit is fine (the fields' own limits aside).
    expect((await v.post('/requests', { subject: 'Juste', body: 'z'.repeat(19_000) })).status).toBe(303);
  });

  it('bad encodings, odd content types and broken multipart never stop the server', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    await v.get('/requests/new');
    const cookie = [...v.cookies].map(([k, x]) => `${k}=${x}`).join('; ');
    const post = (body: BodyInit, type: string) =>
      d.app.request('/requests', { method: 'POST', body, headers: { origin: BASE, 'content-type': type, cookie } });
    const statuses = [
      (await post(`_csrf=${v.lastCsrf}&subject=%ZZ%E0%A4&body=%`, 'application/x-www-form-urlencoded')).status,
      (
        await post(
          new Uint8Array([0x5f, 0x63, 0x73, 0x72, 0x66, 0x3d, 0xff, 0xfe, 0x00]),
          'application/x-www-form-urlencoded',
        )
      ).status,
      (
        await post(
          '--xyz\r\nContent-Disposition: form-data; name="subject"\r\n\r\nno end',
          'multipart/form-data; boundary=xyz',
        )
      ).status,
      (await post('{"subject":"json"}', 'application/json')).status,
      (await post('subject=x', 'text/plain')).status,
    ];
    // Undecodable escapes are read leniently; a broken multipart cannot be read (400); a broken token or a non-form body carry no valid _csrf.
    expect(statuses).toEqual([303, 403, 400, 403, 403]);
    for (const path of ['/%', '/tickets/%E0%A4%A', '/sign-in/%ZZ', '/?page=%FF', '//etc/passwd', '/tickets/1/../2'])
      expect([303, 404], path).toContain((await v.get(path)).status);
    expect((await v.get('/health')).status).toBe(200);
  });
});

describe('a busy database', () => {
  it('answers 503 with Retry-After, never a stack trace; the next request is served', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    await v.get('/requests/new');
    d.ctx.store.portal.waitForLocks(50);
    // Another command writing meanwhile (an import): SQLite's write lock, or PostgreSQL's lock on the tickets.
    const otherStore = openTestStore(d.path);
    const other = rawOf(otherStore);
    other.exec(other.dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN; LOCK TABLE tickets IN EXCLUSIVE MODE');
    try {
      const r = await v.post('/requests', { subject: 'Pendant un import', body: '' });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(r.text).toContain('Service momentanément indisponible');
      expect(r.text).not.toMatch(/SqliteError|SQLITE_BUSY|PostgresError|lock timeout|at .*\.ts:\d+/);
    } finally {
      other.exec('ROLLBACK');
      otherStore.close();
    }
    expect((await v.post('/requests', { subject: 'Après', body: '' })).status).toBe(303);
  });

  describe.runIf(process.env.ALIAS_SUPPORT_TEST_BACKEND === 'postgres')('on PostgreSQL', () => {
    /** A contact signed in, and the page of a request it sent. */
    const signedInWithTicket = async () => {
      const d = await webDesk();
      const v = new Visitor(d.app);
      await v.signIn(d.ctx, 'C042');
      await v.get('/requests/new');
      const ticket = (await v.post('/requests', { subject: 'Avant', body: '' })).headers.get('location')!;
      return { d, v, ticket };
    };

    it('a connection lost under a page: 503 with Retry-After, naming no password; the next request is served', async () => {
      const { d, v, ticket } = await signedInWithTicket();
      // What the driver reports when the server ends the connection under a statement (a restart, an administrator):
      // the session's read has a connection of its own, the page's statement meets the lost one.
      const lost = vi.spyOn(d.ctx.store.portal, 'ticket').mockImplementationOnce(() => {
        throw new PgError('write CONNECTION_CLOSED 127.0.0.1:5432', 'CONNECTION_CLOSED');
      });
      const r = await v.get(ticket);
      expect(lost).toHaveBeenCalledOnce();
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(r.text).toContain('Service momentanément indisponible');
      expect(r.text).not.toMatch(/CONNECTION_CLOSED|postgres:\/\/|at .*\.ts:\d+/);
      expect((await v.get(ticket)).status).toBe(200);
    });

    it('the server restarted under serve: the next request is served, on new connections', async () => {
      const { d, v, ticket } = await signedInWithTicket();
      expect((await v.get(ticket)).status).toBe(200);
      // Both connections: the statements' and the session reads'.
      const { endConnections } = await import('../helpers/pg.js');
      expect(endConnections(d.ctx.store.path)).toBe(2);
      expect((await v.get(ticket)).status).toBe(200);
      expect((await v.post('/requests', { subject: 'Après', body: '' })).status).toBe(303);
    });
  });

  it('an unexpected error answers 500 with a plain page, reported to the operator', async () => {
    const d = await webDesk();
    const errors: unknown[] = [];
    const app = d.appWith({ onInternalError: (e) => errors.push(e) });
    const v = new Visitor(app);
    await v.signIn(d.ctx, 'C042');
    // Break a read model: a table the dashboard reads disappears.
    rawOf(d.ctx.store).exec('ALTER TABLE licences RENAME TO licences_gone');
    const r = await v.get('/');
    expect(r.status).toBe(500);
    expect(r.text).toContain('Une erreur est survenue');
    expect(r.text).not.toMatch(/SqliteError|PostgresError|no such table|does not exist|at .*\.ts:\d+/);
    expect(errors).toHaveLength(1);
  });
});
