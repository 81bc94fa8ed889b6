// The desk file: creating it, the integrity and ledger check, the online backup.
import { declare, flag, runs, text, textArg, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const init = declare({
  name: 'db init',
  summary: 'create a new desk at --db (or the default path); on an existing desk it changes nothing',
  mutates: true,
  examples: ['db init --db /srv/support/desk.db', 'db init'],
  json: SHAPES.db,
});

export const check = declare({
  name: 'db check',
  summary: 'SQLite integrity and the ledger, billing and history invariants (exit 4 on findings)',
  options: {
    quick: flag('--quick', "SQLite's quick_check instead of the full integrity_check (much faster on a large file)"),
  },
  mutates: false,
  examples: ['db check', 'db check --json', 'db check --quick', 'db check --db /backups/desk-2026-11-26.db'],
  errors: ['INTEGRITY'],
  json: SHAPES.check,
});

export const backup = declare({
  name: 'db backup',
  summary: 'online backup to FILE, consistent while other agents write',
  args: { file: textArg('<file>', 'where to write the copy') },
  options: { force: flag('--force', 'replace FILE if it exists') },
  mutates: false,
  examples: ['db backup /backups/desk-2026-11-26.db', 'db backup /backups/desk-latest.db --force'],
  errors: ['FILE_EXISTS', 'INVALID_INPUT', 'INTEGRITY'],
  json: SHAPES.backup,
});

export const copy = declare({
  name: 'db copy',
  summary: 'copy the whole desk into an empty desk of the other engine (SQLite file ⇄ PostgreSQL), verified',
  options: { to: text('--to <target>', 'the empty desk to fill: a postgres:// URL, or a file path') },
  mutates: false,
  examples: [
    'db copy --to postgres://desk@db.example:5432/alias_support',
    'db copy --db postgres://desk@db.example:5432/alias_support --to /srv/support/desk.db',
  ],
  errors: ['FILE_EXISTS', 'INTEGRITY', 'DB_UNAVAILABLE'],
  json: { records: 'copy', fields: ['from', 'to', 'tables', 'balances'] },
});

const run = () => import('../run/db.js');

export const file: CommandFile = {
  groups: [{ name: 'db', summary: 'the desk file: create it, check its integrity, back it up online' }],
  commands: [
    runs(init, async () => (await run()).init),
    runs(check, async () => (await run()).check),
    runs(backup, async () => (await run()).backup),
    runs(copy, async () => (await run()).copy),
  ],
};
