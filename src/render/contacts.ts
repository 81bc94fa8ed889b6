// Human forms of contacts and sign-in links.
import type { ChalkInstance } from 'chalk';
import type { ContactView } from '../services/contacts.js';
import { renderTable } from './table.js';
import { cleanLine } from './text.js';

export function contactLine(contact: ContactView, c: ChalkInstance): string {
  return `${c.bold(cleanLine(contact.email))}${contact.name ? ` (${cleanLine(contact.name)})` : ''} — ${cleanLine(contact.client)}, ${contact.language}`;
}

export function contactsTable(contacts: readonly ContactView[], c: ChalkInstance, empty: string): string {
  if (contacts.length === 0) return empty;
  return renderTable(
    c,
    [{ head: 'client' }, { head: 'e-mail' }, { head: 'name' }, { head: 'language' }],
    contacts.map((k) => [cleanLine(k.client), cleanLine(k.email), k.name ? cleanLine(k.name) : '—', k.language]),
  );
}
