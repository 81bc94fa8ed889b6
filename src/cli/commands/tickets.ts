// Support requests: opening one, showing one.
import { LANGUAGES } from '../choices.js';
import { choice, declare, integerArg, runs, text, ticketNumber, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const open = declare({
  name: 'tickets open',
  summary: 'record a received request (red), queue its receipt e-mail, print its number',
  options: {
    client: text('--client <code>', 'client code'),
    subject: text('--subject <text>', 'subject of the request'),
    body: text('--body <text>', 'text of the request'),
    bodyFile: text('--body-file <file>', 'read the text of the request from a file'),
    from: text(
      '--from <email>',
      "the requester, one of the client's contacts (receives the receipt; default: the client's first contact)",
    ),
    language: choice('--language <fr|en>', "language of the receipt (default: the recipient's)", LANGUAGES),
  },
  mutates: true,
  examples: [
    'tickets open --client C042 --subject "Export PDF plante" --body-file mail.txt',
    'tickets open --client C042 --from marie.durand@dupont.fr --subject "Licence non reconnue"',
    'tickets open    # at a terminal: pick the client from a searchable list, then type the subject',
  ],
  errors: ['CLIENT_NOT_FOUND', 'CONTACT_NOT_FOUND', 'INVALID_INPUT'],
  prompts: true,
  json: SHAPES.ticket,
  everyday: true,
});

export const show = declare({
  name: 'tickets show',
  summary: 'the ticket, its time entries, its history',
  args: { number: integerArg('<number>', 'ticket number', ticketNumber) },
  mutates: false,
  examples: ['tickets show 1042', 'tickets show 1042 --json'],
  errors: ['TICKET_NOT_FOUND'],
  json: SHAPES.ticket,
  everyday: true,
});

const run = () => import('../run/tickets.js');

export const file: CommandFile = {
  groups: [{ name: 'tickets', summary: 'support requests' }],
  commands: [runs(open, async () => (await run()).open), runs(show, async () => (await run()).show)],
};
