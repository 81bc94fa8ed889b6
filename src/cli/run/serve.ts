// `serve` (declared in ../commands/serve.ts): loaded only here, no other command pays for the web server.
import type * as declared from '../commands/serve.js';
import { positiveInt, type InputOf } from '../define.js';
import { nowFrom, type Runtime } from '../runtime.js';

export async function serve(input: InputOf<typeof declared.serve>, rt: Runtime): Promise<void> {
  const [{ startServer }, { clientSpaceBase }, { busyTimeout }] = await Promise.all([
    import('../../web/server.js'),
    import('../../web/base-url.js'),
    import('../../store/open.js'),
  ]);
  const env = rt.env;
  const baseUrl = input.baseUrl === undefined ? undefined : clientSpaceBase(input.baseUrl);
  // SMTP configuration first: a bad one is reported before listening.
  const smtp = env.ALIAS_SUPPORT_SMTP_URL?.trim()
    ? (await import('../../services/outbox.js')).smtpSettings(
        env,
        env.ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS
          ? positiveInt('ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS')(env.ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS)
          : undefined,
      )
    : undefined;
  const ctx = await rt.ctx();
  const server = await startServer({
    ctx,
    host: input.host,
    port: input.port,
    baseUrl,
    shopUrl: env.ALIAS_SUPPORT_SHOP_URL || undefined,
    clock: () => nowFrom(env),
    smtp,
    busyTimeoutMs: env.ALIAS_SUPPORT_BUSY_TIMEOUT_MS ? busyTimeout(env) : undefined,
    json: rt.json,
    out: (line) => rt.output.out(`${line}\n`),
    err: (line) => rt.output.err(`${line}\n`),
    debug: env.ALIAS_SUPPORT_DEBUG === '1',
  });
  rt.output.out(rt.json ? `${JSON.stringify({ url: server.url })}\n` : `listening on ${server.url}\n`);
  const stop = () => void server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
