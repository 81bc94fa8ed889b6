// The client register.
import { conflict, invalidInput } from '../errors.js';
import { COLOR, type TicketStatus } from '../rules/ticket-states.js';
import { EMAIL, requireClient, type ClientRow } from './client-lookup.js';

export { EMAIL, requireClient, type ClientRow } from './client-lookup.js';
import { assertEmailFree } from './contacts.js';
import { creditState } from './credit.js';
import { today, type Ctx } from './context.js';
import { licenceView, type LicenceView } from './licences.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export interface ClientView {
  code: string;
  name: string;
  email: string | null;
  language: string;
  balanceMinutes: number;
  validity: string;
  validUntil: string | null;
  licences: LicenceView[];
}

export interface ClientDetails extends ClientView {
  openTickets: { number: number; subject: string; status: string; color: string }[];
}

export function clientView(ctx: Ctx, row: ClientRow): ClientView {
  const credit = creditState(ctx, row.id);
  const own = ctx.store.clients.licencesOf(row.id);
  return {
    code: row.code,
    name: row.name,
    email: row.email,
    language: row.language,
    balanceMinutes: credit.balanceMinutes,
    validity: credit.validity,
    validUntil: credit.validUntil,
    licences: own.map((l) => licenceView(l, row.code, today(ctx))),
  };
}

export interface NewClient {
  code: string;
  name: string;
  email?: string;
  language?: string;
}

export function validateNewClient(input: NewClient): Required<Omit<NewClient, 'email'>> & { email: string | null } {
  const code = input.code.trim();
  if (!CODE.test(code))
    throw invalidInput(`invalid client code '${input.code}'`, 'letters, digits, dot, dash or underscore, up to 32');
  const name = input.name.trim();
  if (!name) throw invalidInput('a client needs a --name');
  const email = input.email?.trim() || null;
  if (email !== null && !EMAIL.test(email)) throw invalidInput(`invalid e-mail address '${input.email}'`);
  const language = input.language ?? 'fr';
  if (language !== 'fr' && language !== 'en') throw invalidInput(`invalid language '${language}'`, 'fr or en');
  return { code, name, email, language };
}

export function addClient(ctx: Ctx, input: NewClient): ClientView {
  const values = validateNewClient(input);
  return ctx.store.immediate(() => {
    const existing = ctx.store.clients.byCode(values.code);
    if (existing)
      throw conflict(
        'DUPLICATE',
        `client ${existing.code} already exists`,
        `see 'alias-support clients show ${existing.code}'`,
      );
    // docs/client-space.md: the client's address becomes its first contact (trigger clients_first_contact): it must be free.
    if (values.email !== null) assertEmailFree(ctx, values.email);
    const row = ctx.store.clients.add({ ...values, at: ctx.now });
    return clientView(ctx, row);
  });
}

export function listClients(ctx: Ctx): ClientView[] {
  return ctx.store.clients.all().map((row) => clientView(ctx, row));
}

/** Every client's code and name, by code (for a picker). */
export function clientNames(ctx: Ctx): Pick<ClientRow, 'code' | 'name'>[] {
  return ctx.store.clients.all();
}

export function showClient(ctx: Ctx, code: string): ClientDetails {
  const row = requireClient(ctx, code);
  const open = ctx.store.clients.openTickets(row.id);
  return { ...clientView(ctx, row), openTickets: open.map((t) => ({ ...t, color: COLOR[t.status as TicketStatus] })) };
}
