// Every route of the client space (SPEC §5), over HTTP without a socket.
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/services/outbox.js';
import { adjust } from '../../src/services/credit.js';
import { issueSignInLink } from '../../src/services/portal-auth.js';
import { close, openTicket, take } from '../../src/services/tickets.js';
import { BASE, Visitor, webDesk } from './visitor.js';
import { rawOf } from '../helpers/raw-sql.js';

/** The count of tickets of the desk, straight from the table. */
const ticketCount = (d: Awaited<ReturnType<typeof webDesk>>) =>
  rawOf(d.ctx.store).value<number>('SELECT count(*) FROM tickets');

describe('GET /health', () => {
  it('answers {"ok":true}, and 503 when the database cannot be read', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    const ok = await v.get('/health');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ ok: true });
    d.ctx.store.close();
    const down = await v.get('/health');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({ ok: false });
    expect(down.headers.get('retry-after')).toBe('5');
  });
});

describe('sign-in', () => {
  it('GET / without a session sends to /sign-in, whose form carries a _csrf field', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    const home = await v.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/sign-in');
    const page = await v.get('/sign-in');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=UTF-8/i);
    expect(page.text).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    expect(page.csrf).toMatch(/^[\w-]{43}$/);
    expect(page.text).toContain('Se connecter');
  });

  it('answers the same page for a known and an unknown address; only the known one gets an e-mail', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.get('/sign-in');
    const known = await v.post('/sign-in', { email: 'Support@C042.example' });
    const unknown = await v.post('/sign-in', { email: 'nobody@c042.example' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.text.replace('Support@C042.example', 'X')).toBe(unknown.text.replace('nobody@c042.example', 'X'));
    // Sign-in messages are the ones without a ticket (receipts have theirs).
    const mail = listOutbox(d.ctx, 'all').filter((m) => m.ticket === null);
    expect(mail.map((m) => m.to)).toEqual(['support@c042.example']);
  });

  it('refuses a malformed address with the form again (422), the error linked from a summary', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.get('/sign-in');
    const r = await v.post('/sign-in', { email: 'not an address' });
    expect(r.status).toBe(422);
    expect(r.text).toContain('class="error-summary"');
    expect(r.text).toContain('href="#email"');
    expect(r.text).toContain('aria-invalid="true"');
  });

  it('GET of a link shows a button and consumes nothing; POST consumes it, opens a session and redirects to /', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    const { url } = issueSignInLink(d.ctx, { client: 'C042', baseUrl: BASE });
    const path = new URL(url).pathname;
    for (let i = 0; i < 3; i++) {
      const page = await v.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Se connecter');
      expect(page.text).toContain(`action="${path}"`);
    }
    const r = await v.post(path, {});
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/');
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('alias_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=2592000/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await v.get('/')).status).toBe(200);
    // Used: a page offering a new link, 410.
    const again = await new Visitor(d.app).get(path);
    expect(again.status).toBe(410);
    expect(again.text).toContain('action="/sign-in"');
    const v2 = new Visitor(d.app);
    await v2.get('/sign-in');
    expect((await v2.post(path, {})).status).toBe(410);
  });

  it('an unknown token answers 404 and an expired one 410, both offering a new link', async () => {
    const d = await webDesk();
    const unknown = await new Visitor(d.app).get('/sign-in/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('action="/sign-in"');
    expect((await new Visitor(d.app).get('/sign-in/%00%ff')).status).toBe(404);
    const { url } = issueSignInLink(d.ctx, { client: 'C042', baseUrl: BASE });
    const later = d.appWith({ clock: () => Date.parse('2026-11-26T10:15:00Z') });
    const v = new Visitor(later);
    const expired = await v.get(new URL(url).pathname);
    expect(expired.status).toBe(410);
    expect((await v.post(new URL(url).pathname, {})).status).toBe(410);
  });

  it('signs out: the session ends, even for a copy of its cookie', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const copy = new Visitor(d.app);
    for (const [k, val] of v.cookies) copy.cookies.set(k, val);
    await v.get('/');
    const out = await v.post('/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/sign-in');
    expect((await v.get('/')).status).toBe(303);
    expect((await copy.get('/')).status).toBe(303);
  });

  it('logs each request with its path, never the token', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    const { url } = issueSignInLink(d.ctx, { client: 'C042', baseUrl: BASE });
    const token = new URL(url).pathname.split('/').pop()!;
    await v.get(`/sign-in/${token}`);
    await v.post(`/sign-in/${token}`, {});
    expect(d.logs.map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      'GET /sign-in/… 200',
      'POST /sign-in/… 303',
    ]);
    expect(JSON.stringify(d.logs)).not.toContain(token);
    expect(d.logs.every((l) => l.ms >= 0)).toBe(true);
  });
});

describe('the dashboard', () => {
  it("lists the client's own requests, red then orange, each with data-ticket, data-state, colour and word", async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const page = await v.get('/');
    expect(page.status).toBe(200);
    const items = [...page.text.matchAll(/data-ticket="(\d+)" data-state="(\w+)"/g)].map((m) => [Number(m[1]), m[2]]);
    expect(items).toEqual([
      [1, 'red'],
      [3, 'red'],
    ]);
    expect(page.text).toContain('class="tag red">En attente de prise en charge</strong>');
    expect(page.text).toContain('2h00');
    expect(page.text).toContain('Actif');
    expect(page.text).toContain('14 janvier 2029');
    expect(page.text).not.toContain('C043');
  });

  it('pages one list of 50: the open requests first, then the resolved ones; a section without a request on its page is left out', async () => {
    const d = await webDesk();
    for (let i = 0; i < 58; i++) {
      const t = await openTicket(d.at('2026-11-26T09:00:00Z'), { client: 'C042', subject: `demande ${i}` });
      if (i < 50) await close(d.at('2026-11-26T09:30:00Z'), t.number, { resolution: 'fait' });
    }
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const states = (text: string) => [...text.matchAll(/data-state="(\w+)"/g)].map((m) => m[1]);
    const one = await v.get('/');
    expect(states(one.text)).toEqual([...Array<string>(10).fill('red'), ...Array<string>(40).fill('green')]);
    expect(one.text).toContain('href="/?page=2" rel="next"');
    const two = await v.get('/?page=2');
    expect(states(two.text)).toEqual(Array<string>(10).fill('green'));
    expect(two.text).not.toContain('Demandes en cours');
    expect(two.text).not.toContain('Aucune demande en cours.');
    expect(two.text).toContain('Page 2 sur 2');
  });

  it('speaks English to an English contact', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042', 'bob@c042.example');
    const page = await v.get('/');
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('class="tag red">Waiting to be taken</strong>');
    expect(page.text).toContain('14 January 2029');
  });

  it('refuses a page number that is not a whole number ≥ 1 (404)', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    for (const page of ['0', '-1', 'abc', '1e3', '99999999999999999999'])
      expect((await v.get(`/?page=${page}`)).status, page).toBe(404);
    expect((await v.get('/?page=1')).status).toBe(200);
  });
});

describe('one request', () => {
  it('shows its subject and timeline; another client’s request and a missing one answer the same 404', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const own = await v.get('/tickets/1');
    expect(own.status).toBe(200);
    expect(own.text).toContain('Export PDF plante');
    expect(own.text).toContain('data-ticket="1" data-state="red"');
    expect(own.text).toContain('26 novembre 2026 à 9h00');
    const other = await v.get('/tickets/2');
    const missing = await v.get('/tickets/999');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.text).toBe(missing.text);
    for (const n of ['0', '01', 'abc', '1.0', '-1', '99999999999999999999', '%E0%A4%A', '1%00'])
      expect((await v.get(`/tickets/${n}`)).status, n).toBe(404);
  });
});

describe('a resolved software defect', () => {
  it('shows the time counted, "not deducted", and the fix owed', async () => {
    const d = await webDesk();
    await take(d.at('2026-11-26T09:00:00Z'), 1);
    await close(d.at('2026-11-26T09:20:00Z'), 1, { resolution: 'Corrigé dans le moteur PDF.', defect: true });
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const page = await v.get('/tickets/1');
    expect(page.text).toContain('data-ticket="1" data-state="green"');
    expect(page.text).toContain('Corrigé dans le moteur PDF.');
    expect(page.text).toContain('Non décompté : dysfonctionnement du logiciel');
    expect(page.text).toContain('0h30 non décomptées');
    expect(page.text).toContain('Correctif livré dès que possible (licence tout compris)');
    expect(page.text).toContain('En préparation');
    for (const event of ['Demande reçue', 'Prise en charge par le support', 'Résolue'])
      expect(page.text).toContain(event);
  });
});

describe('the request form', () => {
  it('creates a red request and says so; the same form posted twice creates one ticket', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const form = await v.get('/requests/new');
    expect(form.status).toBe(200);
    const formKey = /name="formKey" value="([^"]+)"/.exec(form.text)![1]!;
    const before = ticketCount(d);
    const fields = { subject: 'Impression bloquée', body: 'Depuis ce matin\r\nrien ne sort.', formKey };
    const first = await v.post('/requests', fields);
    expect(first.status).toBe(303);
    const location = first.headers.get('location')!;
    expect(location).toMatch(/^\/tickets\/\d+\?received=1$/);
    const second = await v.post('/requests', fields);
    expect(second.headers.get('location')).toBe(location);
    expect(ticketCount(d)).toBe(before + 1);
    const number = Number(/\/tickets\/(\d+)/.exec(location)![1]);
    const shown = await v.get(location);
    expect(shown.text).toContain(`Votre demande n° ${number} a bien été reçue`);
    expect(shown.text).toContain('Depuis ce matin\nrien ne sort.');
    const home = await v.get('/');
    expect(home.text).toContain(`data-ticket="${number}" data-state="red"`);
  });

  it('shows the errors in the form (422) with a summary linking to each field, keeping what was typed', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    await v.get('/requests/new');
    const before = ticketCount(d);
    const empty = await v.post('/requests', { subject: '   ', body: 'texte <gardé>' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('href="#subject"');
    expect(empty.text).toContain('texte &lt;gardé&gt;');
    const long = await v.post('/requests', { subject: 'x'.repeat(201), body: 'y'.repeat(20_001) });
    expect(long.status).toBe(422);
    expect(long.text).toContain('href="#subject"');
    expect(long.text).toContain('href="#body"');
    const limits = await v.post('/requests', { subject: 'x'.repeat(200), body: 'y'.repeat(20_000) });
    expect(limits.status).toBe(303);
    expect(ticketCount(d)).toBe(before + 1);
  });

  it('files the request for the signed-in contact’s client, whatever the form says', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    await v.get('/requests/new');
    const r = await v.post('/requests', {
      subject: 'Pour qui ?',
      body: '',
      client: 'C043',
      clientId: '2',
      requester: 'support@c043.example',
    });
    const number = Number(/\/tickets\/(\d+)/.exec(r.headers.get('location')!)![1]);
    const row = rawOf(d.ctx.store).value(
      'SELECT c.code FROM tickets t JOIN clients c ON c.id = t.client_id WHERE t.id = ?',
      number,
    );
    expect(row).toBe('C042');
  });
});

describe('the credit statement', () => {
  it('shows the movements with the running balance, and the CSV neutralises formulas', async () => {
    const d = await webDesk();
    adjust(d.ctx, 'C042', 30, '=HYPERLINK("http://evil.example","x")');
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042');
    const page = await v.get('/credit');
    expect(page.status).toBe(200);
    expect(page.text).toContain('2h30');
    const csv = await v.get('/credit.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="credit-C042.csv"');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('Date,Mouvement,Minutes,Solde,Référence,Note');
    expect(lines.at(-1)).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines.at(-1)).toContain(',30,150,');
  });
});
