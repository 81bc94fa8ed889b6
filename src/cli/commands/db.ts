// The desk file: creating it, the integrity and ledger check, the online backup.
import type { Command } from 'commander';
import { conflict } from '../../errors.js';
import { act, describe } from '../define.js';

export function registerDb(program: Command): void {
  const group = program.command('db').description('the desk file: create it, check its integrity, back it up online');

  describe(
    act(
      group.command('init').description('create a new desk at --db (or the default path); on an existing desk it changes nothing'),
      async (rt) => {
        const { store } = await rt.ctx({ create: true });
        await rt.emit({ db: { path: store.path, created: store.created } }, (r) =>
          r.db.created ? `Created the desk ${r.db.path}` : `${r.db.path} is already a desk: nothing changed`,
        );
      },
    ),
    { mutates: true, examples: ['db init --db /srv/support/desk.db', 'db init'] },
  );

  describe(
    act(
      group
        .command('check')
        .description('SQLite integrity and the ledger, billing and history invariants (exit 4 on findings)')
        .option('--quick', "SQLite's quick_check instead of the full integrity_check (much faster on a large file)"),
      async (rt) => {
        const { checkDatabase } = await import('../../services/db-check.js');
        const { checkReport } = await import('../../render/maintenance.js');
        const report = checkDatabase(await rt.ctx({ create: false }), { quick: Boolean(rt.opts.quick) });
        await rt.emit(report, (r, c) => checkReport(r, c));
        if (!report.ok) {
          const failed = report.checks.filter((k) => k.findings > 0);
          const count = failed.reduce((n, k) => n + k.findings, 0);
          throw conflict(
            'INTEGRITY',
            `${count} finding${count === 1 ? '' : 's'} in ${failed.map((k) => k.name).join(', ')}`,
            'see docs/reliability.md; restore the latest good backup if the file itself is damaged',
          );
        }
      },
    ),
    { mutates: false, examples: ['db check', 'db check --json', 'db check --quick', 'db check --db /backups/desk-2026-11-26.db'], errors: ['INTEGRITY'] },
  );

  describe(
    act(
      group
        .command('backup')
        .description('online backup to FILE, consistent while other agents write')
        .argument('<file>', 'where to write the copy')
        .option('--force', 'replace FILE if it exists'),
      async (rt, [file]) => {
        const { backupDatabase } = await import('../../services/db-backup.js');
        const { backupLine } = await import('../../render/maintenance.js');
        const backup = await backupDatabase(await rt.ctx({ create: false }), file as string, { force: Boolean(rt.opts.force) });
        await rt.emit({ backup }, (r, c) => backupLine(r.backup, c));
        if (backup.check !== 'ok')
          throw conflict('INTEGRITY', `the copy ${backup.file} fails its quick check: ${backup.check}`, "run 'alias-support db check' on the database");
      },
    ),
    {
      mutates: false,
      examples: ['db backup /backups/desk-2026-11-26.db', 'db backup /backups/desk-latest.db --force'],
      errors: ['FILE_EXISTS', 'INVALID_INPUT', 'INTEGRITY'],
    },
  );
}
