// A client's users (declared in ../commands/contacts.ts).
import type * as declared from '../commands/contacts.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function add(input: InputOf<typeof declared.add>, rt: Runtime): Promise<void> {
  const { addContact } = await import('../../services/contacts.js');
  const contact = addContact(await rt.ctx(), input);
  await rt.emit(
    { contact },
    async (r, c) => `Contact ${(await import('../../render/contacts.js')).contactLine(r.contact, c)} added`,
  );
}

export async function list(input: InputOf<typeof declared.list>, rt: Runtime): Promise<void> {
  const { listContacts } = await import('../../services/contacts.js');
  const contacts = listContacts(await rt.ctx(), input.client);
  const empty =
    input.client === undefined
      ? "No contacts yet (add one with 'alias-support contacts add CLIENT EMAIL')."
      : `${input.client} has no contact.`;
  await rt.emit({ contacts }, async (r, c) =>
    (await import('../../render/contacts.js')).contactsTable(r.contacts, c, empty),
  );
}

export async function remove(input: InputOf<typeof declared.remove>, rt: Runtime): Promise<void> {
  const { removeContact } = await import('../../services/contacts.js');
  const contact = removeContact(await rt.ctx(), input);
  await rt.emit(
    { contact },
    async (r, c) =>
      `Contact ${(await import('../../render/contacts.js')).contactLine(r.contact, c)} removed; its sessions are ended`,
  );
}
