// A client's users: who sends requests, gets the e-mails and signs in to the client space.
import { LANGUAGES } from '../choices.js';
import { choice, declare, runs, text, textArg, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const add = declare({
  name: 'contacts add',
  summary: 'add a contact to a client (an e-mail address belongs to one contact across the desk)',
  args: { client: textArg('<client>', 'client code'), email: textArg('<email>', 'e-mail address') },
  options: {
    name: text('--name <name>', "the person's name"),
    language: choice('--language <fr|en>', 'language of the e-mails and of the client space', LANGUAGES, 'fr'),
  },
  mutates: true,
  examples: [
    'contacts add C042 marie.durand@dupont.fr --name "Marie Durand"',
    'contacts add C042 j.smith@dupont.fr --language en',
  ],
  errors: ['CLIENT_NOT_FOUND', 'DUPLICATE', 'INVALID_INPUT'],
  json: SHAPES.contact,
});

export const list = declare({
  name: 'contacts list',
  summary: 'the contacts of a client, or of every client',
  args: { client: textArg('[client]', 'client code') },
  mutates: false,
  examples: ['contacts list C042', 'contacts list --json'],
  errors: ['CLIENT_NOT_FOUND'],
  json: SHAPES.contacts,
});

export const remove = declare({
  name: 'contacts remove',
  summary:
    'remove a contact: it can no longer sign in and its client-space sessions end at once (its requests keep naming it)',
  args: { client: textArg('<client>', 'client code'), email: textArg('<email>', 'e-mail address') },
  mutates: true,
  examples: ['contacts remove C042 marie.durand@dupont.fr'],
  errors: ['CLIENT_NOT_FOUND', 'CONTACT_NOT_FOUND'],
  json: SHAPES.contact,
});

const run = () => import('../run/contacts.js');

export const file: CommandFile = {
  groups: [
    {
      name: 'contacts',
      summary: "a client's users: who sends requests, gets the e-mails and signs in to the client space",
    },
  ],
  commands: [
    runs(add, async () => (await run()).add),
    runs(list, async () => (await run()).list),
    runs(remove, async () => (await run()).remove),
  ],
};
