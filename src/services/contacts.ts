// A client's contacts (docs/client-space.md): the people of a client company who send
// requests, receive the e-mails and may sign in to the client space. An
// address is unique across the desk, compared without regard to case.
import { conflict, invalidInput, notFound } from '../errors.js';
import { EMAIL, requireClient, type ClientRow } from './client-lookup.js';
import type { ContactRow } from '../store/clients.js';
import { iso, type Ctx } from './context.js';

export type Language = 'fr' | 'en';

export interface Contact {
  id: number;
  clientId: number;
  clientCode: string;
  clientName: string;
  email: string;
  name: string | null;
  language: Language;
}

/** A contact as `contacts … --json` shows it. */
export interface ContactView {
  client: string;
  email: string;
  name: string | null;
  language: Language;
  createdAt: string;
}

export const contactOf = ({ createdAt: _, ...row }: ContactRow): Contact => ({
  ...row,
  language: row.language === 'en' ? 'en' : 'fr',
});
const viewOf = (row: ContactRow): ContactView => ({
  client: row.clientCode,
  email: row.email,
  name: row.name,
  language: contactOf(row).language,
  createdAt: iso(row.createdAt),
});

/** The contact with this address (case-insensitive), or undefined; removed contacts are not found. */
export function findContactByEmail(ctx: Ctx, email: string): Contact | undefined {
  const row = ctx.store.clients.contactByEmail(email.trim());
  return row && contactOf(row);
}

/** The client's first contact (the oldest one not removed): where e-mails go when no requester is named. */
export function firstContact(ctx: Ctx, clientId: number): Contact | undefined {
  const row = ctx.store.clients.firstContact(clientId);
  return row && contactOf(row);
}

/** The contact of `client` with this address, or a not-found error that says why. */
export function requireContactOf(ctx: Ctx, client: ClientRow, email: string): Contact {
  const found = findContactByEmail(ctx, email);
  if (found?.clientId === client.id) return found;
  const elsewhere = found ? ` (it is a contact of ${found.clientCode})` : '';
  throw notFound(
    'CONTACT_NOT_FOUND',
    `${email.trim()} is not a contact of ${client.code}${elsewhere}`,
    `see 'alias-support contacts list ${client.code}'`,
  );
}

export function checkEmail(text: string): string {
  const email = text.trim();
  if (!EMAIL.test(email) || email.length > 254) throw invalidInput(`invalid e-mail address '${text}'`);
  return email;
}

export function checkLanguage(text: string | undefined): Language {
  const language = text ?? 'fr';
  if (language !== 'fr' && language !== 'en') throw invalidInput(`invalid language '${language}'`, 'fr or en');
  return language;
}

/** An address already used by any contact is a DUPLICATE (contacts add, clients add --email). */
export function assertEmailFree(ctx: Ctx, email: string, client?: ClientRow): void {
  const taken = ctx.store.clients.contactByEmail(email);
  if (taken)
    throw conflict(
      'DUPLICATE',
      `${email} is already a contact${taken.clientId === client?.id ? ` of ${taken.clientCode}` : ` of another client (${taken.clientCode})`}`,
      'an address belongs to one contact across the desk',
    );
}

export function addContact(
  ctx: Ctx,
  input: { client: string; email: string; name?: string; language?: string },
): ContactView {
  const email = checkEmail(input.email);
  const language = checkLanguage(input.language);
  return ctx.store.immediate(() => {
    const client = requireClient(ctx, input.client);
    assertEmailFree(ctx, email, client);
    const id = ctx.store.clients.addContact({
      clientId: client.id,
      email,
      name: input.name?.trim() || null,
      language,
      at: ctx.now,
    });
    return viewOf(ctx.store.clients.contactById(id)!);
  });
}

/** The contacts of one client, or of every client (by client code). */
export function listContacts(ctx: Ctx, client?: string): ContactView[] {
  const rows =
    client === undefined ? ctx.store.clients.contacts() : ctx.store.clients.contactsOf(requireClient(ctx, client).id);
  return rows.map(viewOf);
}

/** Removes a contact: it can no longer sign in, its sessions end at once; its tickets keep naming it. */
export function removeContact(ctx: Ctx, input: { client: string; email: string }): ContactView {
  return ctx.store.immediate(() => {
    const contact = requireContactOf(ctx, requireClient(ctx, input.client), input.email);
    ctx.store.clients.removeContact(contact.id, ctx.now);
    return viewOf(ctx.store.clients.contactById(contact.id)!);
  });
}
