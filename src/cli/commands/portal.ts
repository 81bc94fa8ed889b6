// The client space (see serve): sign-in links.
import { DEFAULT_BASE_URL } from '../../web/base-url.js';
import { declare, runs, text, textArg, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const link = declare({
  name: 'portal link',
  summary:
    "print a single-use sign-in link to the client space for a contact (the given e-mail, else the client's first contact)",
  args: { client: textArg('<client>', 'client code') },
  options: {
    email: text('--email <address>', 'the contact who signs in'),
    ttl: text('--ttl <duration>', 'how long the link stays valid (default 15m, at most 7 days)'),
    baseUrl: text('--base-url <url>', 'the public URL of the client space', {
      env: 'ALIAS_SUPPORT_BASE_URL',
      default: DEFAULT_BASE_URL,
    }),
  },
  mutates: true,
  examples: [
    'portal link C042',
    'portal link C042 --email marie.durand@dupont.fr --ttl 1h',
    'portal link C042 --base-url https://support.example.com --json',
  ],
  errors: ['CLIENT_NOT_FOUND', 'CONTACT_NOT_FOUND', 'INVALID_INPUT'],
  json: SHAPES.signInLink,
});

export const file: CommandFile = {
  groups: [{ name: 'portal', summary: 'the client space (see serve)' }],
  commands: [runs(link, async () => (await import('../run/portal.js')).link)],
};
