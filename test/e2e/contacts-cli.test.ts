// SPEC 5 on the command line: contacts add/list/remove, tickets open --from,
// portal link; human and --json forms, exit codes.
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { cli } from '../helpers/cli.js';
import { deskTemplate } from '../helpers/store.js';

const NOW = '2026-11-26T09:00:00Z';

const template = deskTemplate((ctx) => {
  addClient(ctx, { code: 'C042', name: 'Dupont SA', email: 'accueil@dupont.fr' });
  addClient(ctx, { code: 'C043', name: 'Smith Ltd', language: 'en' });
});

/** A CLI on a copy of the seeded desk (a file, or a database on the PostgreSQL run). */
function desk() {
  const base = cli(NOW);
  template.copyTo(base.db);
  return {
    run: (args: string[], env: NodeJS.ProcessEnv = {}) => base.run(args, { env }),
  };
}

describe('contacts', () => {
  it('add (JSON and human), list, remove; the client e-mail is the first contact', () => {
    const c = desk();
    const added = c.run([
      'contacts',
      'add',
      'c043',
      'John.Smith@Smith.example',
      '--name',
      'John Smith',
      '--language',
      'en',
      '--json',
    ]);
    expect(added.code).toBe(0);
    expect(added.json()).toEqual({
      contact: {
        client: 'C043',
        email: 'John.Smith@Smith.example',
        name: 'John Smith',
        language: 'en',
        createdAt: '2026-11-26T09:00:00.000Z',
      },
    });
    const human = c.run(['contacts', 'add', 'C042', 'marie@dupont.fr']);
    expect(human.stdout).toBe('Contact marie@dupont.fr — C042, fr added\n');
    expect(
      c
        .run(['contacts', 'list', 'C042', '--json'])
        .json()
        .contacts.map((k: { email: string }) => k.email),
    ).toEqual(['accueil@dupont.fr', 'marie@dupont.fr']);
    expect(c.run(['contacts', 'list']).stdout).toMatch(
      /^client\s+e-mail\s+name\s+language\nC042\s+accueil@dupont\.fr\s+—\s+fr\n/,
    );
    expect(c.run(['contacts', 'remove', 'C042', 'MARIE@dupont.fr', '--json']).json().contact.email).toBe(
      'marie@dupont.fr',
    );
    expect(c.run(['contacts', 'list', 'C042', '--json']).json().contacts).toHaveLength(1);
  });

  it('a duplicate address (any case) exits 4; an unknown contact 3; a bad language 2', () => {
    const c = desk();
    const dup = c.run(['contacts', 'add', 'C043', 'ACCUEIL@dupont.fr', '--json']);
    expect([dup.code, dup.error().code]).toEqual([4, 'DUPLICATE']);
    const missing = c.run(['contacts', 'remove', 'C043', 'accueil@dupont.fr', '--json']);
    expect([missing.code, missing.error().code, missing.error().message]).toEqual([
      3,
      'CONTACT_NOT_FOUND',
      'accueil@dupont.fr is not a contact of C043 (it is a contact of C042)',
    ]);
    expect(c.run(['contacts', 'add', 'C043', 'a@b.example', '--language', 'de']).code).toBe(2);
  });
});

describe('tickets open --from', () => {
  it("records the requester in the ticket JSON; another client's contact exits 3 with a clear message", () => {
    const c = desk();
    c.run(['contacts', 'add', 'C042', 'marie@dupont.fr']);
    const opened = c
      .run(['tickets', 'open', '--client', 'C042', '--from', 'Marie@Dupont.fr', '--subject', 'Export', '--json'])
      .json();
    expect(opened.ticket).toMatchObject({ number: 1, requester: 'marie@dupont.fr' });
    expect(c.run(['outbox', 'list', '--json']).json().messages[0]).toMatchObject({ ticket: 1, to: 'marie@dupont.fr' });
    expect(
      c.run(['tickets', 'open', '--client', 'C042', '--subject', 'x', '--json']).json().ticket.requester,
    ).toBeNull();
    const wrong = c.run(['tickets', 'open', '--client', 'C043', '--from', 'marie@dupont.fr', '--subject', 'x']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('marie@dupont.fr is not a contact of C043 (it is a contact of C042)');
  });
});

describe('portal link', () => {
  it('prints a single-use link for the first contact, or the one named; base URL from the option or the environment', () => {
    const c = desk();
    const link = c.run(['portal', 'link', 'C042', '--json']).json();
    expect(link).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8080\/sign-in\/[A-Za-z0-9_-]{43}$/),
      email: 'accueil@dupont.fr',
      expiresAt: '2026-11-26T09:15:00.000Z',
    });
    const env = c
      .run(['portal', 'link', 'C042', '--ttl', '1h', '--json'], {
        ALIAS_SUPPORT_BASE_URL: 'https://support.example.com',
      })
      .json();
    expect(env).toMatchObject({
      url: expect.stringMatching(/^https:\/\/support\.example\.com\/sign-in\//),
      expiresAt: '2026-11-26T10:00:00.000Z',
    });
    const human = c.run(['portal', 'link', 'C042', '--base-url', 'https://desk.example.org']);
    expect(human.stdout).toMatch(
      /^Sign-in link for accueil@dupont\.fr, single use, valid until 2026-11-26T09:15:00\.000Z:\nhttps:\/\/desk\.example\.org\/sign-in\/[A-Za-z0-9_-]{43}\n$/,
    );
  });

  it('a client without contact exits 3; a bad base URL exits 2; a bad --ttl exits 6', () => {
    const c = desk();
    const none = c.run(['portal', 'link', 'C043', '--json']);
    expect([none.code, none.error().code]).toEqual([3, 'CONTACT_NOT_FOUND']);
    expect(c.run(['portal', 'link', 'C042', '--base-url', 'ftp://x.example']).code).toBe(2);
    expect(c.run(['portal', 'link', 'C042', '--base-url', 'https://x.example/support']).code).toBe(2);
    expect(c.run(['portal', 'link', 'C042', '--ttl', 'soon']).code).toBe(6);
    expect(c.run(['portal', 'link', 'C042', '--ttl', '200h']).code).toBe(6);
  });
});

describe('demo and the client space', () => {
  it('gives the demo clients contacts and ends by saying how to open the client space, with a sign-in link', () => {
    const c = cli(NOW);
    const human = c.run(['demo', '--tickets', '20', '--clients', '4']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /Client space: run 'alias-support serve', then sign in as support@c001\.example\.fr with this link \(single use, valid until 2026-11-27T09:00:00\.000Z\):\n {2}http:\/\/127\.0\.0\.1:8080\/sign-in\/[A-Za-z0-9_-]{43}\n/,
    );
    const contacts = c.run(['contacts', 'list', '--json']).json().contacts as { client: string; email: string }[];
    expect(contacts.map((k) => k.client)).toEqual(expect.arrayContaining(['C001', 'C002', 'C003', 'C004']));

    const other = cli(NOW);
    const doc = other
      .run(['demo', '--tickets', '20', '--clients', '4', '--json'], {
        env: { ALIAS_SUPPORT_BASE_URL: 'https://support.example.com' },
      })
      .json();
    expect(doc.clientSpace).toEqual({
      command: 'alias-support serve',
      signIn: {
        url: expect.stringMatching(/^https:\/\/support\.example\.com\/sign-in\//),
        email: 'support@c001.example.fr',
        expiresAt: '2026-11-27T09:00:00.000Z',
      },
    });
  });
});
