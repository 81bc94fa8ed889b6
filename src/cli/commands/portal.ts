import { Option, type Command } from 'commander';
import { clientSpaceBase, DEFAULT_BASE_URL } from '../../web/base-url.js';
import { act, describe } from '../define.js';

export function registerPortal(program: Command): void {
  const group = program.command('portal').description('the client space (see serve)');

  describe(
    act(
      group
        .command('link')
        .description("print a single-use sign-in link to the client space for a contact (the given e-mail, else the client's first contact)")
        .argument('<client>', 'client code')
        .option('--email <address>', 'the contact who signs in')
        .option('--ttl <duration>', 'how long the link stays valid (default 15m, at most 7 days)')
        .addOption(new Option('--base-url <url>', 'the public URL of the client space').env('ALIAS_SUPPORT_BASE_URL').default(DEFAULT_BASE_URL)),
      async (rt, [client]) => {
        const [{ issueSignInLink }, { parseDuration }] = await Promise.all([import('../../services/portal-auth.js'), import('../../rules/duration.js')]);
        const base = clientSpaceBase(rt.opts.baseUrl as string);
        const ttlMinutes = rt.opts.ttl === undefined ? undefined : parseDuration(rt.opts.ttl as string);
        const link = issueSignInLink(await rt.ctx(), { client: client as string, email: rt.opts.email as string | undefined, ttlMinutes, baseUrl: base });
        const { cleanLine } = await import('../../render/text.js');
        await rt.emit(link, (r) => `Sign-in link for ${cleanLine(r.email)}, single use, valid until ${r.expiresAt}:\n${r.url}`);
      },
    ),
    {
      mutates: true,
      examples: ['portal link C042', 'portal link C042 --email marie.durand@dupont.fr --ttl 1h', 'portal link C042 --base-url https://support.example.com --json'],
      errors: ['CLIENT_NOT_FOUND', 'CONTACT_NOT_FOUND', 'INVALID_INPUT'],
    },
  );
}
