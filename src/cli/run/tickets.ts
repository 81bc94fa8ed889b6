// Support requests: opening one, showing one (declared in ../commands/tickets.ts).
import { readFileSync } from 'node:fs';
import { unreadableFile, usageError } from '../../errors.js';
import type * as declared from '../commands/tickets.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

function readBody(input: InputOf<typeof declared.open>): string | undefined {
  if (input.body !== undefined && input.bodyFile !== undefined)
    throw usageError('give --body or --body-file, not both');
  if (input.bodyFile === undefined) return input.body;
  try {
    return readFileSync(input.bodyFile, 'utf8');
  } catch (err) {
    throw unreadableFile(err, input.bodyFile);
  }
}

export async function open(input: InputOf<typeof declared.open>, rt: Runtime): Promise<void> {
  const { openTicket } = await import('../../services/tickets.js');
  const body = readBody(input);
  const { askClient, askText } = await import('../prompts.js');
  // The client is picked (so known to exist) before anything else is typed.
  const client = await rt.need(input.client, '--client <code>', async () => askClient(await rt.ctx()));
  const subject = await rt.need(input.subject, '--subject <text>', () => askText('Subject of the request:'));
  const ctx = await rt.ctx();
  const ticket = await openTicket(ctx, { client, subject, body, language: input.language, from: input.from });
  const [{ requireClient }, { receiptRecipient }] = await Promise.all([
    import('../../services/clients.js'),
    import('../../services/receipts.js'),
  ]);
  // Without an address the receipt is recorded failed at once: the agent must tell the client another way.
  const receipt =
    rt.json || ticket.requester || receiptRecipient(ctx, requireClient(ctx, ticket.client)).email
      ? 'receipt queued for the client'
      : 'no receipt: the client has no e-mail address, tell them another way';
  // Renderers are loaded only to print a human form (so are chalk and the table library they load).
  await rt.emit(
    { ticket },
    async (r, c) => `${(await import('../../render/tickets.js')).ticketLine(r.ticket, c)} — opened, ${receipt}`,
  );
}

export async function show(input: InputOf<typeof declared.show>, rt: Runtime): Promise<void> {
  const { showTicket } = await import('../../services/tickets.js');
  const ctx = await rt.ctx();
  const details = await showTicket(ctx, input.number);
  await rt.emit(details, async (r, c) => (await import('../../render/tickets.js')).ticketDetails(r, c, ctx.tz));
}
