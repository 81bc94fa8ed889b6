import { Option, type Command } from 'commander';
import { AppError, EXIT } from '../../errors.js';
import { act, describe } from '../define.js';
import { nowFrom, positiveInt } from '../runtime.js';

function portNumber(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535)
    throw new AppError('USAGE', `invalid port '${value}': expected a whole number from 0 to 65535 (0: a free port)`, EXIT.usage);
  return Number(value);
}

export function registerServe(program: Command): void {
  describe(
    act(
      program
        .command('serve')
        .description('the client space: clients sign in, follow their requests and credit, and send new requests (see docs/client-space.md)')
        .addOption(new Option('--host <host>', 'address to listen on').env('ALIAS_SUPPORT_HOST').default('127.0.0.1'))
        .addOption(
          new Option('--port <port>', 'port to listen on (0: a free port)')
            .env('ALIAS_SUPPORT_PORT')
            .argParser(Object.assign(portNumber, { valueType: 'integer' as const }))
            .default(8080),
        )
        .addOption(
          new Option('--base-url <url>', 'the public URL clients use, behind a TLS proxy (default: the listening URL)').env('ALIAS_SUPPORT_BASE_URL'),
        ),
      async (rt) => {
        // Loaded only here: no other command pays for the web server.
        const [{ startServer }, { clientSpaceBase }, { busyTimeout }] = await Promise.all([import('../../web/server.js'), import('../../web/base-url.js'), import('../../store/open.js')]);
        const env = rt.env;
        const baseUrl = rt.opts.baseUrl === undefined ? undefined : clientSpaceBase(rt.opts.baseUrl as string);
        // SMTP configuration first: a bad one is reported before listening.
        const smtp = env.ALIAS_SUPPORT_SMTP_URL?.trim()
          ? (await import('../../services/outbox.js')).smtpSettings(
              env,
              env.ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS ? positiveInt('ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS')(env.ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS) : undefined,
            )
          : undefined;
        const ctx = await rt.ctx();
        const server = await startServer({
          ctx,
          host: rt.opts.host as string,
          port: rt.opts.port as number,
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
      },
    ),
    {
      mutates: true,
      examples: ['serve', 'serve --port 0 --json', 'serve --host 0.0.0.0 --port 8080 --base-url https://support.example.com'],
      errors: ['LISTEN_FAILED', 'SMTP_CONFIG_INVALID'],
    },
  );
}
