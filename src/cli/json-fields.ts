// `--json FIELDS`, like the GitHub CLI: the fields of each kind of JSON
// document (each command's declaration names its shape), the selection itself,
// and the argv pre-scan that tells a field list from a positional argument
// (`take --json 5` must still take #5).
//
// A command's document either holds its records under one key (`queue` →
// "tickets", `take` → "ticket") and the selection trims each record, keeping
// only that key; or it is the record itself (`credits balance`) and the
// selection trims its top-level fields. The lists are checked against the
// services' own types by the compiler (`fieldsOf`), so they cannot drift.
import type { BillLine, DefectResult } from '../services/billing.js';
import type { ClientDetails, ClientView } from '../services/clients.js';
import type { ContactView } from '../services/contacts.js';
import type { AdjustResult, BalanceView, CreditListing } from '../services/credit.js';
import type { ImportResult } from '../services/credit-import.js';
import type { StatementEntry } from '../services/credit-statement.js';
import type { BackupResult } from '../services/db-backup.js';
import type { CheckReport } from '../services/db-check.js';
import type { FixDetails } from '../services/fixes.js';
import type { ExpiryResult } from '../services/licence-expiry.js';
import type { LicenceView } from '../services/licences.js';
import type { OutboxView, SendReport } from '../services/outbox.js';
import type { SignInLink } from '../services/portal-auth.js';
import type { TicketView } from '../services/tickets.js';
import type { UsageRow } from '../services/usage-report.js';
import type { CommandManifest } from './manifest.js';
import { usageError } from '../errors.js';

/** Every key of T, and nothing else, or the compiler names what is missing. */
function fieldsOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    ...keys: K & (Exclude<keyof T, K[number]> extends never ? unknown : { missing: Exclude<keyof T, K[number]> })
  ): readonly string[] => keys;
}

const TICKET = fieldsOf<TicketView>()(
  'number',
  'client',
  'subject',
  'status',
  'color',
  'createdAt',
  'takenAt',
  'takenBy',
  'resolvedAt',
  'resolution',
  'defect',
  'workedSeconds',
  'slices',
  'billableMinutes',
  'chargedMinutes',
  'timerRunning',
  'ageBusinessMinutes',
  'requester',
);
const CLIENT = fieldsOf<ClientView>()(
  'code',
  'name',
  'email',
  'language',
  'balanceMinutes',
  'validity',
  'validUntil',
  'licences',
);
const CLIENT_DETAILS = fieldsOf<ClientDetails>()(...(CLIENT as (keyof ClientView)[]), 'openTickets');
const LICENCE = fieldsOf<LicenceView>()('id', 'client', 'plan', 'startsOn', 'endsOn', 'active');
const BALANCE = fieldsOf<BalanceView>()('client', 'balanceMinutes', 'validity', 'validUntil');
const ADJUST = fieldsOf<AdjustResult>()(...(BALANCE as (keyof BalanceView)[]), 'adjustmentMinutes', 'reason');
const CREDIT_LISTING = fieldsOf<CreditListing>()(
  'client',
  'name',
  'balanceMinutes',
  'validity',
  'validUntil',
  'forfeitsOn',
);
const IMPORT = fieldsOf<ImportResult>()('imported', 'skipped', 'minutesAdded', 'createdClients', 'errors', 'dryRun');
const STATEMENT_ENTRY = fieldsOf<StatementEntry>()(
  'at',
  'kind',
  'minutes',
  'balanceMinutes',
  'reference',
  'note',
  'due',
);
const EXPIRY = fieldsOf<ExpiryResult>()('asOf', 'expired', 'forfeited', 'dryRun');
const MESSAGE = fieldsOf<OutboxView>()(
  'id',
  'ticket',
  'to',
  'subject',
  'state',
  'attempts',
  'lastError',
  'createdAt',
  'sentAt',
  'nextAttemptAt',
  'kind',
);
const SEND = fieldsOf<SendReport>()('sent', 'requeued', 'failed', 'messages', 'waiting', 'nextAttemptAt');
const BILL = fieldsOf<BillLine>()(
  'ticket',
  'client',
  'workedSeconds',
  'slices',
  'billableMinutes',
  'previouslyChargedMinutes',
  'chargedMinutes',
  'waivedMinutes',
  'uncoveredMinutes',
  'balanceAfterMinutes',
);
const DEFECT = fieldsOf<DefectResult>()('ticket', 'fix', 'bill');
const FIX = fieldsOf<FixDetails>()(
  'ticket',
  'client',
  'plan',
  'delivery',
  'status',
  'version',
  'createdAt',
  'deliveredAt',
);
const USAGE_ROW = fieldsOf<UsageRow>()(
  'key',
  'tickets',
  'workedSeconds',
  'billableMinutes',
  'chargedMinutes',
  'waivedMinutes',
  'uncoveredMinutes',
);
const CONTACT = fieldsOf<ContactView>()('client', 'email', 'name', 'language', 'createdAt');
const SIGN_IN_LINK = fieldsOf<SignInLink>()('url', 'email', 'expiresAt');
const CHECK = fieldsOf<CheckReport>()('database', 'quick', 'ok', 'checks', 'findings');
const BACKUP = fieldsOf<BackupResult>()('file', 'bytes', 'pages', 'check');
const COMMAND = fieldsOf<CommandManifest>()(
  'name',
  'summary',
  'usage',
  'arguments',
  'options',
  'mutates',
  'prompts',
  'exitCodes',
  'errorCodes',
  'examples',
  'json',
);

export interface JsonShape {
  /** the top-level key holding the record or the list of records; absent: the document is the record */
  records?: string;
  fields: readonly string[];
}

/** The shapes the declarations of src/cli/commands state, by kind of record. */
export const SHAPES = {
  ticket: { records: 'ticket', fields: TICKET },
  tickets: { records: 'tickets', fields: TICKET },
  client: { records: 'client', fields: CLIENT },
  clients: { records: 'clients', fields: CLIENT },
  clientDetails: { records: 'client', fields: CLIENT_DETAILS },
  licence: { records: 'licence', fields: LICENCE },
  licences: { records: 'licences', fields: LICENCE },
  expiry: { fields: EXPIRY },
  import: { fields: IMPORT },
  balance: { fields: BALANCE },
  statement: { records: 'entries', fields: STATEMENT_ENTRY },
  credits: { records: 'clients', fields: CREDIT_LISTING },
  adjust: { fields: ADJUST },
  bills: { records: 'bills', fields: BILL },
  defect: { fields: DEFECT },
  fix: { records: 'fix', fields: FIX },
  fixes: { records: 'fixes', fields: FIX },
  usage: { records: 'rows', fields: USAGE_ROW },
  contact: { records: 'contact', fields: CONTACT },
  contacts: { records: 'contacts', fields: CONTACT },
  signInLink: { fields: SIGN_IN_LINK },
  messages: { records: 'messages', fields: MESSAGE },
  send: { fields: SEND },
  check: { fields: CHECK },
  backup: { records: 'backup', fields: BACKUP },
  commands: { records: 'commands', fields: COMMAND },
  db: { records: 'db', fields: ['path', 'created'] },
  demo: { fields: ['demo', 'db', 'clientSpace'] },
  url: { fields: ['url'] },
} as const satisfies Record<string, JsonShape>;

export function parseFieldList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  ];
}

/** A usage error before anything runs when a field is not in the command's document. */
export function checkFields(path: string, shape: JsonShape | undefined, fields: readonly string[]): void {
  if (!shape) return;
  const unknown = fields.filter((f) => !shape.fields.includes(f));
  if (unknown.length > 0)
    throw usageError(
      `unknown JSON field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `'${f}'`).join(', ')} for ${path}`,
      `valid fields: ${shape.fields.join(', ')}`,
    );
}

const pick = (record: unknown, fields: readonly string[]): unknown => {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
  const source = record as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => f in source).map((f) => [f, source[f]]));
};

/**
 * The document trimmed to `fields`. A command without a declared shape is
 * trimmed at the top level, its fields checked against the document itself.
 */
export function selectFields(
  path: string,
  shape: JsonShape | undefined,
  doc: unknown,
  fields: readonly string[],
): unknown {
  if (!shape) {
    const keys = doc !== null && typeof doc === 'object' ? Object.keys(doc) : [];
    const unknown = fields.filter((f) => !keys.includes(f));
    if (unknown.length > 0)
      throw usageError(`unknown JSON field '${unknown[0]}' for ${path}`, `valid fields: ${keys.join(', ')}`);
    return pick(doc, fields);
  }
  if (!shape.records) return pick(doc, fields);
  const records = (doc as Record<string, unknown>)[shape.records];
  return { [shape.records]: Array.isArray(records) ? records.map((r) => pick(r, fields)) : pick(records, fields) };
}

// ------------------------------------------------------------- argv pre-scan

/** Field names a bare word after --json may be made of: command names excluded, so `--json tickets show 5` still reads as a command. */
export function fieldVocabulary(shapes: Iterable<JsonShape>, commandNames: ReadonlySet<string>): Set<string> {
  const words = new Set<string>();
  for (const shape of shapes) for (const f of shape.fields) if (!commandNames.has(f)) words.add(f);
  return words;
}

const FIELD_LIST = /^[a-z][A-Za-z0-9]*(,[a-z][A-Za-z0-9]*)*$/;

/**
 * Rewrites argv so that commander's `--json [fields]` never swallows a
 * positional: the word after `--json` is a field list when it is a
 * comma-separated list of lowercase-initial names (`number,colr`: checked, and
 * refused, later) or one known field name (`number`), and becomes `--json=…`;
 * otherwise (`5`, `C042`, `queue`) `--json` moves to the end of the options
 * (before a `--`), where it has no value to take. `--json=a,b` is kept as written.
 */
export function normaliseJsonFlag(argv: readonly string[], vocabulary: () => ReadonlySet<string>): string[] {
  const head = argv.slice(0, 2);
  const rest = argv.slice(2);
  const end = rest.indexOf('--');
  const options = end === -1 ? rest : rest.slice(0, end);
  const operands = end === -1 ? [] : rest.slice(end);
  if (!options.includes('--json')) return [...argv];
  let words: ReadonlySet<string> | undefined; // only when a word follows --json (the names come from every declaration)
  const isField = (word: string): boolean => (words ??= vocabulary()).has(word);
  const kept: string[] = [];
  const fields: string[] = [];
  let bare = false;
  for (let i = 0; i < options.length; i++) {
    const token = options[i]!;
    if (token !== '--json') {
      kept.push(token);
      continue;
    }
    const next = options[i + 1];
    if (next !== undefined && FIELD_LIST.test(next) && (next.includes(',') || isField(next))) {
      fields.push(next);
      i++;
    } else {
      bare = true;
    }
  }
  const explicit = kept.some((t) => t.startsWith('--json='));
  const flag = fields.length > 0 ? [`--json=${fields.join(',')}`] : bare && !explicit ? ['--json'] : [];
  return [...head, ...kept, ...flag, ...operands];
}
