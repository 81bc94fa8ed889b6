// Human forms of clients, licences and balances.
import type { ChalkInstance } from 'chalk';
import { formatMinutes } from '../rules/duration.js';
import type { ClientDetails, ClientView } from '../services/clients.js';
import type { BalanceView } from '../services/credit.js';
import type { LicenceView } from '../services/licences.js';
import { THRESHOLDS } from '../rules/thresholds.js';
import { creditText, stateLabel, validityText } from './style.js';
import { renderTable } from './table.js';
import { cleanLine, cut } from './text.js';

/** Names and subjects in tables are cut to this width so a row fits 80 columns. */
export const NAME_WIDTH = 32;

/** `4h15 of credit`, `0h15 of credit (low)`, `no credit left`: the balance in a sentence. */
export function creditPhrase(c: ChalkInstance, minutes: number): string {
  if (minutes <= 0) return c.red('no credit left');
  return `${c.bold(formatMinutes(minutes))} of credit${minutes < THRESHOLDS.deskLowCreditMinutes ? ` (${c.yellow('low')})` : ''}`;
}

export function balanceLine(b: BalanceView, c: ChalkInstance): string {
  return `${b.client}: ${creditPhrase(c, b.balanceMinutes)}, ${validityText(c, b.validity, b.validUntil)}`;
}

export function clientLine(client: ClientView, c: ChalkInstance): string {
  return `${c.bold(client.code)} ${cleanLine(client.name)}${client.email ? ` <${cleanLine(client.email)}>` : ''}`;
}

/** Where the receipts of a client go. */
function receiptsText(client: Pick<ClientView, 'email' | 'language'>, c: ChalkInstance): string {
  return client.email
    ? `${cleanLine(client.email)} (${client.language})`
    : c.yellow('no e-mail address: receipts cannot be sent');
}

export function clientsTable(clients: readonly ClientView[], c: ChalkInstance): string {
  if (clients.length === 0) return "No clients yet (add one with 'alias-support clients add CODE --name NAME').";
  return renderTable(
    c,
    [
      { head: 'code' },
      { head: 'name' },
      { head: 'credit', align: 'right' },
      { head: 'validity' },
      { head: 'licences', align: 'right' },
    ],
    clients.map((cl) => [
      cleanLine(cl.code),
      cut(cleanLine(cl.name), NAME_WIDTH),
      creditText(c, cl.balanceMinutes),
      validityText(c, cl.validity, cl.validUntil),
      String(cl.licences.length),
    ]),
  );
}

export function licencesTable(licences: readonly LicenceView[], c: ChalkInstance, empty: string): string {
  if (licences.length === 0) return empty;
  return renderTable(
    c,
    [
      { head: 'id', align: 'right' },
      { head: 'client' },
      { head: 'plan' },
      { head: 'starts' },
      { head: 'ends' },
      { head: 'today' },
    ],
    licences.map((l) => [
      String(l.id),
      cleanLine(l.client),
      l.plan,
      l.startsOn,
      l.endsOn,
      l.active ? c.green('active') : '—',
    ]),
  );
}

export function clientDetails(client: ClientDetails, c: ChalkInstance): string {
  const lines = [
    clientLine(client, c),
    `  credit    ${creditPhrase(c, client.balanceMinutes)}, ${validityText(c, client.validity, client.validUntil)}`,
    `  receipts  ${receiptsText(client, c)}`,
    '',
    licencesTable(
      client.licences,
      c,
      `No licence: record one with 'alias-support licences add ${client.code} --plan … --start …'.`,
    ),
  ];
  if (client.openTickets.length > 0) {
    lines.push('', c.bold('Open tickets'));
    for (const t of client.openTickets)
      lines.push(`  #${t.number} ${stateLabel(c, t.color as 'red')} ${cut(cleanLine(t.subject), 60)}`);
  } else lines.push('', 'No open tickets.');
  return lines.join('\n');
}
