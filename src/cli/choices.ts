// The values some options accept, each the domain's own: a constant of
// src/rules where it lives there, else a list checked by the compiler against
// the service's type (a type import: declarations load no service).
import type { Language } from '../services/contacts.js';
import type { ImportFormat } from '../services/import/source.js';
import type { OutboxState } from '../services/outbox.js';
import type { UsageBy } from '../services/usage-report.js';

export { PLANS } from '../rules/licence-term.js';
export { QUEUE_STATES } from '../rules/ticket-states.js';

/** Every member of the union T, once each, or the compiler names the one missing. */
function all<T extends string>() {
  return <const L extends readonly T[]>(
    ...values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })
  ): L => values;
}

export const LANGUAGES = all<Language>()('fr', 'en');
export const OUTBOX_STATES = [...all<OutboxState>()('queued', 'sent', 'failed'), 'all'] as const;
export const USAGE_BY = all<UsageBy>()('client', 'agent', 'month');
export const IMPORT_FORMATS = all<ImportFormat>()('csv', 'json');
/** `--format` of the reports: a table for people, csv or json for programs. */
export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
