// Rule 4: every received request is confirmed to the client by e-mail with its
// ticket number. The message is queued in the outbox inside the transaction
// that creates the ticket; `outbox send` delivers it.
import { outbox } from '../db/schema.js';
import type { ClientRow } from './clients.js';
import type { Ctx } from './context.js';

export type Language = 'fr' | 'en';

export interface ReceiptInput {
  number: number;
  subject: string;
  client: ClientRow;
  /** overrides the client's language */
  language?: string;
}

export function receiptText(language: Language, number: number, subject: string): { subject: string; body: string } {
  if (language === 'en')
    return {
      subject: `[ALIAS support #${number}] Request received: ${subject}`,
      body: [
        'Hello,',
        '',
        `We have received your request "${subject}". Its ticket number is #${number}.`,
        '',
        'It is waiting to be taken by a support agent (red in our queue). No time is counted',
        'until an agent takes it; from then on time is counted by 15-minute slices.',
        '',
        'Support hours: Monday to Friday, 9:00–17:00 (Paris time), working days.',
        '',
        'ALIAS technical support',
      ].join('\n'),
    };
  return {
    subject: `[Support ALIAS n°${number}] Demande reçue : ${subject}`,
    body: [
      'Bonjour,',
      '',
      `Nous avons bien reçu votre demande « ${subject} ». Son numéro de ticket est le ${number}.`,
      '',
      "Elle attend d'être prise en charge par un technicien (rouge dans notre file). Aucun temps",
      "n'est décompté avant sa prise en charge ; ensuite le temps est compté par tranches de 15 minutes.",
      '',
      'Horaires du support : du lundi au vendredi, de 9 h à 17 h (heure de Paris), jours ouvrés.',
      '',
      "Le support technique ALIAS",
    ].join('\n'),
  };
}

export function queueReceipt(ctx: Ctx, input: ReceiptInput): void {
  const language: Language = (input.language ?? input.client.language) === 'en' ? 'en' : 'fr';
  const text = receiptText(language, input.number, input.subject);
  ctx.store.orm
    .insert(outbox)
    .values({
      ticketId: input.number,
      recipient: input.client.email,
      subject: text.subject,
      body: text.body,
      language,
      state: 'queued',
      createdAt: ctx.now,
    })
    .run();
}
