// `portal link` (declared in ../commands/portal.ts).
import { cleanLine } from '../../render/text.js';
import { clientSpaceBase } from '../../web/base-url.js';
import type * as declared from '../commands/portal.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function link(input: InputOf<typeof declared.link>, rt: Runtime): Promise<void> {
  const [{ issueSignInLink }, { parseDuration }] = await Promise.all([
    import('../../services/portal-auth.js'),
    import('../../rules/duration.js'),
  ]);
  const baseUrl = clientSpaceBase(input.baseUrl);
  const ttlMinutes = input.ttl === undefined ? undefined : parseDuration(input.ttl);
  const link = issueSignInLink(await rt.ctx(), { client: input.client, email: input.email, ttlMinutes, baseUrl });
  await rt.emit(
    link,
    (r) => `Sign-in link for ${cleanLine(r.email)}, single use, valid until ${r.expiresAt}:\n${r.url}`,
  );
}
