// docs/terms.md §4: every received request is confirmed to the client by e-mail with its
// ticket number. The message is queued in the outbox inside the transaction
// that creates the ticket; `outbox send` delivers it. It goes to the requester,
// else to the client's first contact (docs/client-space.md), in that contact's language.
import { invalidInput } from '../errors.js';
import { cleanLine } from '../render/text.js';
import type { ClientRow } from './clients.js';
import { firstContact, type Contact, type Language } from './contacts.js';
import type { Ctx } from './context.js';

export type { Language } from './contacts.js';

export interface ReceiptInput {
  number: number;
  subject: string;
  client: ClientRow;
  /** the contact who sent the request */
  requester?: Contact;
  /** overrides the recipient's language */
  language?: string;
}

/**
 * The receipt in the client's language. The subject is client text: it goes
 * into a mail header, so it is reduced to one line without control characters
 * (a CR/LF in it would start a new header).
 */
export function receiptText(language: Language, number: number, subject: string): { subject: string; body: string } {
  const quoted = cleanLine(subject.replace(/[\r\n]+/g, ' ')).trim();
  if (language === 'en')
    return {
      subject: `[ALIAS support #${number}] Request received: ${quoted}`,
      body: [
        'Hello,',
        '',
        `We have received your request "${quoted}". Its ticket number is #${number}.`,
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
    subject: `[Support ALIAS n°${number}] Demande reçue : ${quoted}`,
    body: [
      'Bonjour,',
      '',
      `Nous avons bien reçu votre demande « ${quoted} ». Son numéro de ticket est le ${number}.`,
      '',
      "Elle attend d'être prise en charge par un technicien (rouge dans notre file). Aucun temps",
      "n'est décompté avant sa prise en charge ; ensuite le temps est compté par tranches de 15 minutes.",
      '',
      'Horaires du support : du lundi au vendredi, de 9 h à 17 h (heure de Paris), jours ouvrés.',
      '',
      'Le support technique ALIAS',
    ].join('\n'),
  };
}

/** Where a receipt goes, and in which language: the requester, else the client's first contact, else the client's own address. */
export function receiptRecipient(
  ctx: Ctx,
  client: ClientRow,
  requester?: Contact,
): { email: string | null; language: string } {
  const contact = requester ?? firstContact(ctx, client.id);
  return contact
    ? { email: contact.email, language: contact.language }
    : { email: client.email, language: client.language };
}

/**
 * Queues the receipt: to the requester, else the client's first contact, else
 * the client's own address (one a contact could not take: another client's
 * contact holds it). A client without any address still gets its row
 * (a ticket never exists without its receipt), recorded as failed at once so
 * that `outbox list --state failed` shows who must be told another way; the
 * returned note goes into the ticket's history.
 */
export function queueReceipt(ctx: Ctx, input: ReceiptInput): string | null {
  if (input.language !== undefined && input.language !== 'fr' && input.language !== 'en')
    throw invalidInput(`invalid language '${input.language}'`, 'fr or en');
  const to = receiptRecipient(ctx, input.client, input.requester);
  const recipient = to.email;
  const language: Language = (input.language ?? to.language) === 'en' ? 'en' : 'fr';
  const text = receiptText(language, input.number, input.subject);
  const problem = recipient ? null : `no receipt e-mail: client ${input.client.code} has no e-mail address`;
  ctx.store.outbox.queue({
    ticketId: input.number,
    recipient,
    subject: text.subject,
    body: text.body,
    language,
    state: problem ? 'failed' : 'queued',
    lastError: problem,
    at: ctx.now,
    kind: 'receipt',
  });
  return problem;
}
