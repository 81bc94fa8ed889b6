// `demo` (declared in ../commands/demo.ts).
import type { Ctx } from '../../services/context.js';
import type { SignInLink } from '../../services/portal-auth.js';
import type * as declared from '../commands/demo.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';
import { queueText } from './queue.js';

/** How to try the client space on the demo desk: the command, and a sign-in link for the first demo contact (valid a day). */
async function demoClientSpace(
  ctx: Ctx,
  env: NodeJS.ProcessEnv,
): Promise<{ command: string; signIn: SignInLink | null }> {
  const [{ listContacts }, { issueSignInLink }, { clientSpaceBase }] = await Promise.all([
    import('../../services/contacts.js'),
    import('../../services/portal-auth.js'),
    import('../../web/base-url.js'),
  ]);
  const [first] = listContacts(ctx);
  const signIn = first
    ? issueSignInLink(ctx, {
        client: first.client,
        email: first.email,
        ttlMinutes: 24 * 60,
        baseUrl: clientSpaceBase(env.ALIAS_SUPPORT_BASE_URL || undefined),
      })
    : null;
  return { command: 'alias-support serve', signIn };
}

export async function demo(input: InputOf<typeof declared.demo>, rt: Runtime): Promise<void> {
  const { defaultDemoClients, runDemo } = await import('../../services/demo.js');
  const { tickets } = input;
  // A big desk takes a while: its progress on a terminal's stderr.
  const progress = !rt.json && process.stderr.isTTY;
  const result = await runDemo(await rt.ctx({ create: true }), {
    clients: input.clients ?? defaultDemoClients(tickets),
    tickets,
    seed: input.seed,
    force: Boolean(input.force),
    onProgress: progress
      ? (done, total) => process.stderr.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} tickets`)
      : undefined,
  });
  if (progress && tickets > 0) process.stderr.write('\n');
  const ctx = await rt.ctx();
  const clientSpace = await demoClientSpace(ctx, rt.env);
  await rt.emit({ demo: result, db: ctx.store.path, clientSpace }, async (r) =>
    [
      `Demo data written to ${r.db}:`,
      `  ${r.demo.clients} clients, ${r.demo.licences} licences, ${r.demo.purchases} purchases`,
      `  ${r.demo.tickets.red} red, ${r.demo.tickets.orange} orange, ${r.demo.tickets.green} green tickets`,
      '',
      await queueText(rt, {}),
      '',
      r.clientSpace.signIn
        ? `Client space: run '${r.clientSpace.command}', then sign in as ${r.clientSpace.signIn.email} with this link (single use, valid until ${r.clientSpace.signIn.expiresAt}):\n  ${r.clientSpace.signIn.url}`
        : `Client space: run '${r.clientSpace.command}'; 'alias-support portal link CLIENT' prints a sign-in link.`,
    ].join('\n'),
  );
}
