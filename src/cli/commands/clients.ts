// The client register.
import { LANGUAGES } from '../choices.js';
import { choice, declare, runs, text, textArg, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const add = declare({
  name: 'clients add',
  summary: 'register a client',
  args: { code: textArg('[code]', 'client code, e.g. C042') },
  options: {
    name: text('--name <name>', 'company name'),
    email: text('--email <address>', 'where receipts are sent'),
    language: choice('--language <fr|en>', 'language of the e-mails', LANGUAGES, 'fr'),
  },
  mutates: true,
  examples: [
    'clients add C042 --name "Dupont SA" --email support@dupont.fr',
    'clients add    # at a terminal: asks the code and the name',
  ],
  errors: ['DUPLICATE', 'INVALID_INPUT'],
  prompts: true,
  json: SHAPES.client,
});

export const list = declare({
  name: 'clients list',
  summary: 'every client with its credit and validity',
  mutates: false,
  examples: ['clients list', 'clients list --json'],
  json: SHAPES.clients,
});

export const show = declare({
  name: 'clients show',
  summary: 'licences, credit balance and validity, open tickets',
  args: { code: textArg('<code>', 'client code') },
  mutates: false,
  examples: ['clients show C042'],
  errors: ['CLIENT_NOT_FOUND'],
  json: SHAPES.clientDetails,
});

const run = () => import('../run/clients.js');

export const file: CommandFile = {
  groups: [{ name: 'clients', summary: 'the client register' }],
  commands: [
    runs(add, async () => (await run()).add),
    runs(list, async () => (await run()).list),
    runs(show, async () => (await run()).show),
  ],
};
