// `serve`: the client space's web server.
import { AppError, EXIT } from '../../errors.js';
import { declare, integer, runs, text, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

function portNumber(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535)
    throw new AppError(
      'USAGE',
      `invalid port '${value}': expected a whole number from 0 to 65535 (0: a free port)`,
      EXIT.usage,
    );
  return Number(value);
}

export const serve = declare({
  name: 'serve',
  summary:
    'the client space: clients sign in, follow their requests and credit, and send new requests (see docs/client-space.md)',
  options: {
    host: text('--host <host>', 'address to listen on', { env: 'ALIAS_SUPPORT_HOST', default: '127.0.0.1' }),
    port: integer('--port <port>', 'port to listen on (0: a free port)', portNumber, {
      env: 'ALIAS_SUPPORT_PORT',
      default: 8080,
    }),
    baseUrl: text('--base-url <url>', 'the public URL clients use, behind a TLS proxy (default: the listening URL)', {
      env: 'ALIAS_SUPPORT_BASE_URL',
    }),
  },
  mutates: true,
  examples: [
    'serve',
    'serve --port 0 --json',
    'serve --host 0.0.0.0 --port 8080 --base-url https://support.example.com',
  ],
  errors: ['LISTEN_FAILED', 'SMTP_CONFIG_INVALID'],
  json: SHAPES.url,
});

export const file: CommandFile = {
  commands: [runs(serve, async () => (await import('../run/serve.js')).serve)],
};
