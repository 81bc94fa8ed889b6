// The dashboard's pages kept between requests (src/web/page-cache.ts): whatever
// changed the desk — another process's commit, this connection's own write —
// or the day, the next dashboard shows it; a page is never another session's.
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { addContact } from '../../src/services/contacts.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket } from '../../src/services/tickets.js';
import { commandLine } from '../helpers/cli.js';
import { NOW, Visitor, webDesk } from './visitor.js';

/** The CLI in a process of its own, on the desk: another connection's commit. */
function otherProcess(db: string, args: string[]): string {
  const r = spawnSync(...commandLine(args), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ALIAS_SUPPORT_DB: db,
      ALIAS_SUPPORT_NOW: NOW,
      ALIAS_SUPPORT_AGENT: 'alice',
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe('the dashboard kept between requests', () => {
  it('is kept while nothing changed: the next request reads no ticket', async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042', 'support@c042.example');
    const first = await v.get('/');
    const reads = vi.spyOn(d.ctx.store.portal, 'ticketCounts');
    // On PostgreSQL the mark is the server's: a write of another test, in any database, has the page made again.
    // One request of the next few is served kept.
    let kept = false;
    for (let i = 0; i < 50 && !kept; i++) {
      const before = reads.mock.calls.length;
      expect((await v.get('/')).text).toBe(first.text);
      kept = reads.mock.calls.length === before;
    }
    expect(kept).toBe(true);
  });

  it("shows another process's commit on the next request: a request opened, a licence added, credit adjusted", async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042', 'support@c042.example');
    const first = await v.get('/');
    expect(first.status).toBe(200);
    expect((await v.get('/')).text).toBe(first.text);
    expect(first.text).not.toContain('Depuis le bureau');

    otherProcess(d.path, ['tickets', 'open', '--client', 'C042', '--subject', 'Depuis le bureau']);
    const opened = await v.get('/');
    expect(opened.text).toContain('Depuis le bureau');
    expect((await v.get('/')).text).toBe(opened.text);

    otherProcess(d.path, ['licences', 'add', 'C042', '--plan', 'on-demand', '--start', '2027-01-15', '--months', '12']);
    const licensed = await v.get('/');
    expect(licensed.text).not.toBe(opened.text);
    expect(licensed.text).toContain('14 janvier 2028');

    otherProcess(d.path, ['credits', 'adjust', 'C042', '+1h', '--reason', 'geste commercial']);
    const credited = await v.get('/');
    expect(licensed.text).toContain('href="/credit">2h00</a>');
    expect(credited.text).toContain('href="/credit">3h00</a>');
  });

  it("shows this connection's own writes on the next request", async () => {
    const d = await webDesk();
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042', 'support@c042.example');
    const first = await v.get('/');
    // The desk's own services, on the app's store (the same connection).
    await openTicket(d.ctx, { client: 'C042', subject: 'Par la même connexion' });
    const after = await v.get('/');
    expect(first.text).not.toContain('Par la même connexion');
    expect(after.text).toContain('Par la même connexion');
    // A request sent from the client space itself.
    const form = await v.get('/requests/new');
    const formKey = /name="formKey" value="([^"]+)"/.exec(form.text)![1]!;
    expect((await v.post('/requests', { subject: 'Par le formulaire', body: '', formKey })).status).toBe(303);
    expect((await v.get('/')).text).toContain('Par le formulaire');
  });

  it('shows what the day changes: the validity once the licence has ended, past midnight in the business zone', async () => {
    const d = await webDesk();
    addClient(d.ctx, { code: 'C050', name: 'Bientôt SA' });
    addContact(d.ctx, { client: 'C050', email: 'support@c050.example' });
    addLicence(d.ctx, { client: 'C050', plan: 'on-demand', start: '2025-11-27', end: '2026-11-26' });
    adjust(d.ctx, 'C050', 120, 'opening balance');
    // Minutes apart, less than a session's touch (a write of its own): only the day moves.
    let now = Date.parse('2026-11-26T22:57:00Z'); // 23:57 in Paris, the licence's last day
    const app = d.appWith({ clock: () => now });
    const v = new Visitor(app);
    await v.signIn(d.at('2026-11-26T22:57:00Z'), 'C050', 'support@c050.example');
    const evening = await v.get('/');
    expect(evening.text).toContain('<dd>Actif</dd>');
    now += 60_000; // 23:58: the same day, the same page
    expect((await v.get('/')).text).toBe(evening.text);
    now += 3 * 60_000; // 00:01 in Paris, 2026-11-27: the credit is frozen
    const morning = await v.get('/');
    expect(morning.text).not.toContain('<dd>Actif</dd>');
    expect(morning.text).toContain('Gelé');
  });

  it("is never another session's page: each contact its own language, name and _csrf", async () => {
    const d = await webDesk();
    const fr = new Visitor(d.app);
    const en = new Visitor(d.app);
    const again = new Visitor(d.app);
    await fr.signIn(d.ctx, 'C042', 'support@c042.example');
    await en.signIn(d.ctx, 'C042', 'bob@c042.example');
    await again.signIn(d.ctx, 'C042', 'support@c042.example');
    const [a, b, c] = [await fr.get('/'), await en.get('/'), await again.get('/')];
    expect(a.text).toMatch(/<html lang="fr">/);
    expect(b.text).toMatch(/<html lang="en">/);
    expect(b.text).toContain('Bob');
    expect(new Set([a.csrf, b.csrf, c.csrf]).size).toBe(3);
    // Each session's own form token still works after the pages were kept.
    expect((await fr.get('/')).csrf).toBe(a.csrf);
    expect((await en.get('/')).csrf).toBe(b.csrf);
    expect(c.text.replace(c.csrf!, '')).toBe(a.text.replace(a.csrf!, ''));
  });

  it('pages of one list: each page number its own', async () => {
    const d = await webDesk();
    for (let i = 0; i < 60; i++) await openTicket(d.ctx, { client: 'C042', subject: `Demande ${i}` });
    const v = new Visitor(d.app);
    await v.signIn(d.ctx, 'C042', 'support@c042.example');
    const [one, two] = [await v.get('/'), await v.get('/?page=2')];
    expect(one.text).not.toBe(two.text);
    expect((await v.get('/')).text).toBe(one.text);
    expect((await v.get('/?page=2')).text).toBe(two.text);
  });
});
