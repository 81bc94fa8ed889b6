import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { unreadableFile, usageError } from '../../errors.js';
import { act, describe } from '../define.js';
import { positiveInt } from '../runtime.js';

export function registerTickets(program: Command): void {
  const group = program.command('tickets').description('support requests');

  describe(
    act(
      group
        .command('open')
        .description('record a received request (red), queue its receipt e-mail, print its number')
        .option('--client <code>', 'client code')
        .option('--subject <text>', 'subject of the request')
        .option('--body <text>', 'text of the request')
        .option('--body-file <file>', 'read the text of the request from a file')
        .option('--from <email>', "the requester, one of the client's contacts (receives the receipt; default: the client's first contact)")
        .option('--language <fr|en>', "language of the receipt (default: the recipient's)"),
      async (rt) => {
        const { openTicket } = await import('../../services/tickets.js');
        if (rt.opts.body !== undefined && rt.opts.bodyFile !== undefined) throw usageError('give --body or --body-file, not both');
        let body = rt.opts.body as string | undefined;
        if (rt.opts.bodyFile !== undefined) {
          try {
            body = readFileSync(rt.opts.bodyFile as string, 'utf8');
          } catch (err) {
            throw unreadableFile(err, rt.opts.bodyFile as string);
          }
        }
        const { askClient, askText } = await import('../prompts.js');
        // The client is picked (so known to exist) before anything else is typed.
        const client = await rt.need(rt.opts.client as string | undefined, '--client <code>', async () => askClient(await rt.ctx()));
        const subject = await rt.need(rt.opts.subject as string | undefined, '--subject <text>', () => askText('Subject of the request:'));
        const ctx = await rt.ctx();
        const ticket = await openTicket(ctx, {
          client,
          subject,
          body,
          language: rt.opts.language as string | undefined,
          from: rt.opts.from as string | undefined,
        });
        const [{ requireClient }, { receiptRecipient }] = await Promise.all([import('../../services/clients.js'), import('../../services/receipts.js')]);
        // Without an address the receipt is recorded failed at once: the agent must tell the client another way.
        const receipt =
          rt.json || ticket.requester || receiptRecipient(ctx, requireClient(ctx, ticket.client)).email
            ? 'receipt queued for the client'
            : 'no receipt: the client has no e-mail address, tell them another way';
        // Renderers are loaded only to print a human form (so are chalk and the table library they load).
        await rt.emit({ ticket }, async (r, c) => `${(await import('../../render/tickets.js')).ticketLine(r.ticket, c)} — opened, ${receipt}`);
      },
    ),
    {
      mutates: true,
      examples: [
        'tickets open --client C042 --subject "Export PDF plante" --body-file mail.txt',
        'tickets open --client C042 --from marie.durand@dupont.fr --subject "Licence non reconnue"',
        'tickets open    # at a terminal: pick the client from a searchable list, then type the subject',
      ],
      errors: ['CLIENT_NOT_FOUND', 'CONTACT_NOT_FOUND', 'INVALID_INPUT'],
      prompts: true,
    },
  );

  describe(
    act(group.command('show').description('the ticket, its time entries, its history').argument('<number>', 'ticket number', positiveInt('ticket number')), async (rt, [n]) => {
      const { showTicket } = await import('../../services/tickets.js');
      const ctx = await rt.ctx();
      const details = await showTicket(ctx, n as number);
      await rt.emit(details, async (r, c) => (await import('../../render/tickets.js')).ticketDetails(r, c, ctx.tz));
    }),
    { mutates: false, examples: ['tickets show 1042', 'tickets show 1042 --json'], errors: ['TICKET_NOT_FOUND'] },
  );
}
