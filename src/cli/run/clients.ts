// The client register (declared in ../commands/clients.ts).
import type * as declared from '../commands/clients.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function add(input: InputOf<typeof declared.add>, rt: Runtime): Promise<void> {
  const { addClient } = await import('../../services/clients.js');
  const { clientLine } = await import('../../render/clients.js');
  const { askText } = await import('../prompts.js');
  const client = addClient(await rt.ctx(), {
    code: await rt.need(input.code, 'CODE (the client code argument)', () => askText('Client code (e.g. C042):')),
    name: await rt.need(input.name, '--name <name>', () => askText('Company name:')),
    email: input.email,
    language: input.language,
  });
  await rt.emit(
    { client },
    (r, c) =>
      `Client ${clientLine(r.client, c)} added${r.client.email ? '' : ' — no e-mail address: receipts cannot be sent'}`,
  );
}

export async function list(_input: InputOf<typeof declared.list>, rt: Runtime): Promise<void> {
  const { listClients } = await import('../../services/clients.js');
  const { clientsTable } = await import('../../render/clients.js');
  const clients = listClients(await rt.ctx());
  await rt.emit({ clients }, (r, c) => clientsTable(r.clients, c));
}

export async function show(input: InputOf<typeof declared.show>, rt: Runtime): Promise<void> {
  const { showClient } = await import('../../services/clients.js');
  const { clientDetails } = await import('../../render/clients.js');
  const client = showClient(await rt.ctx(), input.code);
  await rt.emit({ client }, (r, c) => clientDetails(r.client, c));
}
