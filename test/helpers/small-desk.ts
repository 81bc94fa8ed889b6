// A small desk for end-to-end tests of the command line's surfaces (prompts,
// --json fields, MCP): two licensed clients with credit and three red tickets
// opened ten minutes apart, #1 the oldest (09:00 in Paris). Written through the
// services, then driven through the real CLI.
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket } from '../../src/services/tickets.js';
import { cli, type Cli } from './cli.js';
import { tempDesk } from './store.js';

export const NOW = '2026-11-26T10:00:00Z';

export async function smallDesk(now = NOW): Promise<Cli> {
  const setup = tempDesk(now);
  const { ctx } = setup;
  for (const [code, name, minutes] of [
    ['C042', 'Dupont SA', 120],
    ['C043', 'Martin SARL', 300],
  ] as const) {
    addClient(ctx, { code, name, email: `support@${code.toLowerCase()}.example` });
    addLicence(ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, code, minutes, 'opening balance');
  }
  await openTicket(setup.at('2026-11-26T08:00:00Z'), { client: 'C042', subject: 'Export PDF plante' });
  await openTicket(setup.at('2026-11-26T08:10:00Z'), { client: 'C043', subject: 'Licence non reconnue' });
  await openTicket(setup.at('2026-11-26T08:20:00Z'), { client: 'C042', subject: 'Question sur les modèles' });
  ctx.store.close();
  const base = cli(now);
  return {
    ...base,
    db: setup.path,
    run: (args, options = {}) => base.run(args, { ...options, env: { ALIAS_SUPPORT_DB: setup.path, ...options.env } }),
    start: (args, options = {}) =>
      base.start(args, { ...options, env: { ALIAS_SUPPORT_DB: setup.path, ...options.env } }),
  };
}
