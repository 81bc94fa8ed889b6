import { Option, type Command } from 'commander';
import { act, describe } from '../define.js';

export function registerContacts(program: Command): void {
  const group = program.command('contacts').description("a client's users: who sends requests, gets the e-mails and signs in to the client space");

  describe(
    act(
      group
        .command('add')
        .description('add a contact to a client (an e-mail address belongs to one contact across the desk)')
        .argument('<client>', 'client code')
        .argument('<email>', 'e-mail address')
        .option('--name <name>', "the person's name")
        .addOption(new Option('--language <fr|en>', 'language of the e-mails and of the client space').choices(['fr', 'en']).default('fr')),
      async (rt, [client, email]) => {
        const { addContact } = await import('../../services/contacts.js');
        const contact = addContact(await rt.ctx(), {
          client: client as string,
          email: email as string,
          name: rt.opts.name as string | undefined,
          language: rt.opts.language as string,
        });
        await rt.emit({ contact }, async (r, c) => `Contact ${(await import('../../render/contacts.js')).contactLine(r.contact, c)} added`);
      },
    ),
    {
      mutates: true,
      examples: ['contacts add C042 marie.durand@dupont.fr --name "Marie Durand"', 'contacts add C042 j.smith@dupont.fr --language en'],
      errors: ['CLIENT_NOT_FOUND', 'DUPLICATE', 'INVALID_INPUT'],
    },
  );

  describe(
    act(group.command('list').description("the contacts of a client, or of every client").argument('[client]', 'client code'), async (rt, [client]) => {
      const { listContacts } = await import('../../services/contacts.js');
      const contacts = listContacts(await rt.ctx(), client as string | undefined);
      const empty = client === undefined ? "No contacts yet (add one with 'alias-support contacts add CLIENT EMAIL')." : `${client as string} has no contact.`;
      await rt.emit({ contacts }, async (r, c) => (await import('../../render/contacts.js')).contactsTable(r.contacts, c, empty));
    }),
    { mutates: false, examples: ['contacts list C042', 'contacts list --json'], errors: ['CLIENT_NOT_FOUND'] },
  );

  describe(
    act(
      group
        .command('remove')
        .description("remove a contact: it can no longer sign in and its client-space sessions end at once (its requests keep naming it)")
        .argument('<client>', 'client code')
        .argument('<email>', 'e-mail address'),
      async (rt, [client, email]) => {
        const { removeContact } = await import('../../services/contacts.js');
        const contact = removeContact(await rt.ctx(), { client: client as string, email: email as string });
        await rt.emit({ contact }, async (r, c) => `Contact ${(await import('../../render/contacts.js')).contactLine(r.contact, c)} removed; its sessions are ended`);
      },
    ),
    { mutates: true, examples: ['contacts remove C042 marie.durand@dupont.fr'], errors: ['CLIENT_NOT_FOUND', 'CONTACT_NOT_FOUND'] },
  );
}
