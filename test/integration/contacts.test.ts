// SPEC 5 "Contacts": a client's users, unique addresses across the desk
// (without regard to case), the requester of a ticket and where its receipt
// goes, and the migration that turns existing clients' e-mails into contacts.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { addClient } from '../../src/services/clients.js';
import {
  addContact,
  findContactByEmail,
  firstContact,
  listContacts,
  removeContact,
} from '../../src/services/contacts.js';
import { Readable } from 'node:stream';
import { importPurchases } from '../../src/services/credit-import.js';
import { listOutbox } from '../../src/services/outbox.js';
import { consumeSignInToken, issueSignInLink, readSession } from '../../src/services/portal-auth.js';
import { openTicket, showTicket } from '../../src/services/tickets.js';
import { rawOf, snapshotRaw } from '../helpers/raw-sql.js';
import { BACKEND, deskBefore, tempDesk } from '../helpers/store.js';

const NOW = '2026-11-26T09:00:00Z';

function desk() {
  const d = tempDesk(NOW);
  addClient(d.ctx, { code: 'C042', name: 'Dupont SA', email: 'accueil@dupont.fr' });
  addClient(d.ctx, { code: 'C043', name: 'Smith Ltd', email: 'ops@smith.example', language: 'en' });
  addClient(d.ctx, { code: 'C044', name: 'Sans Courriel' });
  return d;
}

describe('contacts add, list, remove', () => {
  it("a client's e-mail is its first contact, in the client's language", () => {
    const { ctx } = desk();
    expect(listContacts(ctx)).toEqual([
      { client: 'C042', email: 'accueil@dupont.fr', name: null, language: 'fr', createdAt: NOW.replace('Z', '.000Z') },
      { client: 'C043', email: 'ops@smith.example', name: null, language: 'en', createdAt: NOW.replace('Z', '.000Z') },
    ]);
    expect(listContacts(ctx, 'C044')).toEqual([]);
  });

  it('adds contacts (language fr by default), lists them per client in the order added; the first stays first', () => {
    const { ctx } = desk();
    expect(addContact(ctx, { client: 'c042', email: ' Marie.Durand@Dupont.fr ', name: 'Marie Durand' })).toEqual({
      client: 'C042',
      email: 'Marie.Durand@Dupont.fr',
      name: 'Marie Durand',
      language: 'fr',
      createdAt: '2026-11-26T09:00:00.000Z',
    });
    addContact(ctx, { client: 'C042', email: 'john@dupont.fr', language: 'en' });
    expect(listContacts(ctx, 'C042').map((c) => [c.email, c.language])).toEqual([
      ['accueil@dupont.fr', 'fr'],
      ['Marie.Durand@Dupont.fr', 'fr'],
      ['john@dupont.fr', 'en'],
    ]);
    expect(firstContact(ctx, findContactByEmail(ctx, 'JOHN@dupont.fr')!.clientId)!.email).toBe('accueil@dupont.fr');
  });

  it('an address is unique across the desk without regard to case (DUPLICATE, exit 4); nothing changes', () => {
    const d = desk();
    const before = snapshotRaw(rawOf(d.ctx.store));
    expect(() => addContact(d.ctx, { client: 'C043', email: 'ACCUEIL@dupont.fr' })).toThrow(
      expect.objectContaining({
        code: 'DUPLICATE',
        exitCode: 4,
        message: 'ACCUEIL@dupont.fr is already a contact of another client (C042)',
      }),
    );
    expect(() => addContact(d.ctx, { client: 'C042', email: 'accueil@DUPONT.fr' })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE' }),
    );
    // clients add --email: the same rule, the client is not added either
    expect(() => addClient(d.ctx, { code: 'C045', name: 'Copie', email: 'Ops@Smith.example' })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE', exitCode: 4 }),
    );
    expect(snapshotRaw(rawOf(d.ctx.store))).toEqual(before);
  });

  it('refuses a bad address or language (INVALID_INPUT, exit 6) and an unknown client (exit 3)', () => {
    const { ctx } = desk();
    expect(() => addContact(ctx, { client: 'C042', email: 'pas une adresse' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(() => addContact(ctx, { client: 'C042', email: 'a@b.fr', language: 'de' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 6 }),
    );
    expect(() => addContact(ctx, { client: 'C999', email: 'a@b.fr' })).toThrow(
      expect.objectContaining({ code: 'CLIENT_NOT_FOUND', exitCode: 3 }),
    );
  });

  it('remove: the contact can no longer sign in, its sessions end at once, its address is free again; its tickets keep naming it', async () => {
    const d = desk();
    addContact(d.ctx, { client: 'C042', email: 'marie@dupont.fr' });
    const ticket = await openTicket(d.ctx, { client: 'C042', subject: 'Export', from: 'marie@dupont.fr' });
    const link = issueSignInLink(d.ctx, { client: 'C042', email: 'marie@dupont.fr', baseUrl: 'http://127.0.0.1:8080' });
    const unused = issueSignInLink(d.ctx, {
      client: 'C042',
      email: 'marie@dupont.fr',
      baseUrl: 'http://127.0.0.1:8080',
    });
    const signedIn = consumeSignInToken(d.ctx, link.url.split('/').pop()!);
    if (!signedIn.ok) throw new Error('expected a session');
    expect((await readSession(d.ctx, signedIn.sessionId)).contact?.email).toBe('marie@dupont.fr');

    expect(() => removeContact(d.ctx, { client: 'C043', email: 'marie@dupont.fr' })).toThrow(
      expect.objectContaining({
        code: 'CONTACT_NOT_FOUND',
        exitCode: 3,
        message: 'marie@dupont.fr is not a contact of C043 (it is a contact of C042)',
      }),
    );
    expect(removeContact(d.ctx, { client: 'C042', email: 'MARIE@dupont.fr' }).email).toBe('marie@dupont.fr');
    expect((await readSession(d.ctx, signedIn.sessionId)).contact).toBeUndefined();
    expect(rawOf(d.ctx.store).value('SELECT count(*) FROM portal_sessions')).toBe(0);
    expect(consumeSignInToken(d.ctx, unused.url.split('/').pop()!)).toEqual({ ok: false, reason: 'unknown' });
    expect(findContactByEmail(d.ctx, 'marie@dupont.fr')).toBeUndefined();
    expect(listContacts(d.ctx, 'C042').map((c) => c.email)).toEqual(['accueil@dupont.fr']);
    expect((await showTicket(d.ctx, ticket.number)).ticket.requester).toBe('marie@dupont.fr');
    expect(() => removeContact(d.ctx, { client: 'C042', email: 'marie@dupont.fr' })).toThrow(
      expect.objectContaining({ code: 'CONTACT_NOT_FOUND' }),
    );
    // the address may be given to someone again
    expect(addContact(d.ctx, { client: 'C043', email: 'marie@dupont.fr' }).client).toBe('C043');
  });
});

describe('clients recorded by an import', () => {
  it('a client a shop file creates gets its e-mail as first contact; one whose address a contact holds gets none', async () => {
    const { ctx } = desk();
    const csv = [
      'order_id,client,product,quantity,purchased_at,client_name,client_email',
      'W-1,C050,AST01,1,2026-11-20T10:00:00Z,Nouveau SA,achats@nouveau.fr',
      'W-2,C051,AST01,1,2026-11-20T10:00:00Z,Copie SA,ACCUEIL@dupont.fr',
    ].join('\n');
    expect(
      (await importPurchases(ctx, { stream: Readable.from([Buffer.from(csv)]), format: 'csv' })).createdClients,
    ).toEqual(['C050', 'C051']);
    expect(listContacts(ctx, 'C050').map((c) => [c.email, c.language])).toEqual([['achats@nouveau.fr', 'fr']]);
    expect(listContacts(ctx, 'C051')).toEqual([]);
    expect(findContactByEmail(ctx, 'accueil@dupont.fr')!.clientCode).toBe('C042');
  });
});

describe('the requester of a ticket and its receipt', () => {
  it('tickets open --from records the requester; the receipt goes to it, in its language; the ticket JSON says who', async () => {
    const { ctx } = desk();
    addContact(ctx, { client: 'C042', email: 'john@dupont.fr', language: 'en' });
    const ticket = await openTicket(ctx, { client: 'C042', subject: 'Printer', from: 'John@Dupont.fr' });
    expect(ticket.requester).toBe('john@dupont.fr');
    const [receipt] = listOutbox(ctx, 'all');
    expect(receipt).toMatchObject({ ticket: ticket.number, to: 'john@dupont.fr' });
    expect(receipt!.subject).toMatch(/^\[ALIAS support #1\] Request received/);
  });

  it("without --from: no requester, the receipt goes to the client's first contact in that contact's language", async () => {
    const { ctx } = desk();
    // the first contact of C043 is English: so is its receipt, whatever is added later
    addContact(ctx, { client: 'C043', email: 'anne@smith.example', language: 'fr' });
    const ticket = await openTicket(ctx, { client: 'C043', subject: 'Printer' });
    expect(ticket.requester).toBeNull();
    expect(listOutbox(ctx, 'all')[0]).toMatchObject({
      to: 'ops@smith.example',
      subject: expect.stringMatching(/Request received/),
    });
    // once the first contact is removed, the next one is first
    removeContact(ctx, { client: 'C043', email: 'ops@smith.example' });
    await openTicket(ctx, { client: 'C043', subject: 'Encore' });
    expect(listOutbox(ctx, 'all')[1]).toMatchObject({
      to: 'anne@smith.example',
      subject: expect.stringMatching(/Demande reçue/),
    });
  });

  it('--from must be a contact of that client (CONTACT_NOT_FOUND, exit 3); no ticket, no receipt', async () => {
    const d = desk();
    const before = snapshotRaw(rawOf(d.ctx.store));
    await expect(openTicket(d.ctx, { client: 'C042', subject: 'x', from: 'ops@smith.example' })).rejects.toMatchObject({
      code: 'CONTACT_NOT_FOUND',
      exitCode: 3,
      message: 'ops@smith.example is not a contact of C042 (it is a contact of C043)',
    });
    await expect(
      openTicket(d.ctx, { client: 'C042', subject: 'x', from: 'nobody@nowhere.example' }),
    ).rejects.toMatchObject({
      code: 'CONTACT_NOT_FOUND',
      message: 'nobody@nowhere.example is not a contact of C042',
    });
    expect(snapshotRaw(rawOf(d.ctx.store))).toEqual(before);
  });
});

// SQLite's migrations 0007-0008 on an earlier release's file: PostgreSQL desks have had contacts from their first schema.
describe.skipIf(BACKEND === 'postgres')('a desk of the release before contacts (migrations up to 0006)', () => {
  const oldDesk = (): string =>
    deskBefore('0007_contacts_sign_in', (sqlite) => {
      const add = sqlite.prepare(
        'INSERT INTO clients (code, name, email, language, created_at) VALUES (?, ?, ?, ?, ?)',
      );
      add.run('C1', 'Un', 'Jeanne@Un.fr', 'fr', 1000);
      add.run('C2', 'Two', 'ops@two.example', 'en', 2000);
      add.run('C3', 'Trois', null, 'fr', 3000);
      add.run('C4', 'Quatre (même adresse que C1)', 'jeanne@un.FR', 'fr', 4000);
      add.run('C5', 'Cinq', '   ', 'fr', 5000);
      sqlite
        .prepare(
          "INSERT INTO tickets (client_id, subject, status, created_at, queued_at) VALUES (1, 'old', 'pending', 0, 0)",
        )
        .run();
    });

  it("each client's e-mail becomes its first contact (the oldest client keeps a shared address); old tickets have no requester", async () => {
    const store = openStore(oldDesk());
    try {
      const ctx = { store, now: Date.parse(NOW), agent: 'alice', tz: 'Europe/Paris' };
      expect(listContacts(ctx).map((c) => [c.client, c.email, c.language, c.createdAt])).toEqual([
        ['C1', 'Jeanne@Un.fr', 'fr', '1970-01-01T00:00:01.000Z'],
        ['C2', 'ops@two.example', 'en', '1970-01-01T00:00:02.000Z'],
      ]);
      expect((await showTicket(ctx, 1)).ticket.requester).toBeNull();
      // C4 shares C1's address: its receipts still go to the address on the client
      await openTicket(ctx, { client: 'C4', subject: 'x' });
      expect(listOutbox(ctx, 'all')[0]).toMatchObject({ to: 'jeanne@un.FR', state: 'queued' });
    } finally {
      store.close();
    }
  });
});
