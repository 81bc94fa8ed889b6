// Human forms of clients, licences and balances.
import type { ChalkInstance } from 'chalk';
import { formatMinutes } from '../rules/duration.js';
import type { ClientDetails, ClientView } from '../services/clients.js';
import type { BalanceView } from '../services/credit.js';
import type { LicenceView } from '../services/licences.js';
import { stateLabel } from './style.js';
import { renderTable } from './table.js';
import { cleanLine } from './text.js';

function validityText(c: ChalkInstance, validity: string, validUntil: string | null): string {
  const paint = validity === 'active' ? c.green : validity === 'frozen' ? c.yellow : c.red;
  return `${paint(validity)}${validUntil && validity !== 'forfeited' ? ` until ${validUntil}` : ''}`;
}

export function balanceLine(b: BalanceView, c: ChalkInstance): string {
  return `${b.client}: ${c.bold(formatMinutes(b.balanceMinutes))} of credit (${b.balanceMinutes} min), ${validityText(c, b.validity, b.validUntil)}`;
}

export function clientLine(client: ClientView, c: ChalkInstance): string {
  return `${c.bold(client.code)} ${cleanLine(client.name)}${client.email ? ` <${cleanLine(client.email)}>` : ''}`;
}

export function clientsTable(clients: readonly ClientView[], c: ChalkInstance): string {
  if (clients.length === 0) return "No clients yet (add one with 'alias-support clients add').";
  return renderTable(
    c,
    [{ head: 'code' }, { head: 'name' }, { head: 'credit', align: 'right' }, { head: 'validity' }, { head: 'licences', align: 'right' }],
    clients.map((cl) => [cl.code, cleanLine(cl.name), formatMinutes(cl.balanceMinutes), validityText(c, cl.validity, cl.validUntil), String(cl.licences.length)]),
  );
}

export function licencesTable(licences: readonly LicenceView[], c: ChalkInstance): string {
  if (licences.length === 0) return 'No licences.';
  return renderTable(
    c,
    [{ head: 'id', align: 'right' }, { head: 'client' }, { head: 'plan' }, { head: 'starts' }, { head: 'ends' }, { head: 'today' }],
    licences.map((l) => [String(l.id), l.client, l.plan, l.startsOn, l.endsOn, l.active ? c.green('active') : '—']),
  );
}

export function clientDetails(client: ClientDetails, c: ChalkInstance): string {
  const lines = [
    clientLine(client, c),
    `  credit   ${formatMinutes(client.balanceMinutes)} (${client.balanceMinutes} min), ${validityText(c, client.validity, client.validUntil)}`,
    `  e-mails  ${client.language}`,
    '',
    licencesTable(client.licences, c),
  ];
  if (client.openTickets.length > 0) {
    lines.push('', c.bold('Open tickets'));
    for (const t of client.openTickets) lines.push(`  #${t.number} ${stateLabel(c, t.color as 'red')} ${cleanLine(t.subject)}`);
  } else lines.push('', 'No open tickets.');
  return lines.join('\n');
}
