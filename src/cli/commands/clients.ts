import type { Command } from 'commander';
import { act, describe } from '../define.js';

export function registerClients(program: Command): void {
  const group = program.command('clients').description('the client register');

  describe(
    act(
      group
        .command('add')
        .description('register a client')
        .argument('[code]', 'client code, e.g. C042')
        .option('--name <name>', 'company name')
        .option('--email <address>', 'where receipts are sent')
        .option('--language <fr|en>', 'language of the e-mails', 'fr'),
      async (rt, [code]) => {
        const { addClient } = await import('../../services/clients.js');
        const { clientLine } = await import('../../render/clients.js');
        const { askText } = await import('../prompts.js');
        const input = {
          code: await rt.need(code as string | undefined, 'CODE (the client code argument)', () => askText('Client code (e.g. C042):')),
          name: await rt.need(rt.opts.name as string | undefined, '--name <name>', () => askText('Company name:')),
          email: rt.opts.email as string | undefined,
          language: rt.opts.language as string,
        };
        const client = addClient(await rt.ctx(), input);
        await rt.emit({ client }, (r, c) => `Client ${clientLine(r.client, c)} added${r.client.email ? '' : ' — no e-mail address: receipts cannot be sent'}`);
      },
    ),
    {
      mutates: true,
      examples: ['clients add C042 --name "Dupont SA" --email support@dupont.fr', 'clients add    # at a terminal: asks the code and the name'],
      errors: ['DUPLICATE', 'INVALID_INPUT'],
      prompts: true,
    },
  );

  describe(
    act(group.command('list').description('every client with its credit and validity'), async (rt) => {
      const { listClients } = await import('../../services/clients.js');
      const { clientsTable } = await import('../../render/clients.js');
      const clients = listClients(await rt.ctx());
      await rt.emit({ clients }, (r, c) => clientsTable(r.clients, c));
    }),
    { mutates: false, examples: ['clients list', 'clients list --json'] },
  );

  describe(
    act(group.command('show').description('licences, credit balance and validity, open tickets').argument('<code>', 'client code'), async (rt, [code]) => {
      const { showClient } = await import('../../services/clients.js');
      const { clientDetails } = await import('../../render/clients.js');
      const client = showClient(await rt.ctx(), code as string);
      await rt.emit({ client }, (r, c) => clientDetails(r.client, c));
    }),
    { mutates: false, examples: ['clients show C042'], errors: ['CLIENT_NOT_FOUND'] },
  );
}
