// The desk file (declared in ../commands/db.ts).
import { conflict, usageError } from '../../errors.js';
import type * as declared from '../commands/db.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function init(_input: InputOf<typeof declared.init>, rt: Runtime): Promise<void> {
  const { store } = await rt.ctx({ create: true });
  await rt.emit({ db: { path: store.path, created: store.created } }, (r) =>
    r.db.created ? `Created the desk ${r.db.path}` : `${r.db.path} is already a desk: nothing changed`,
  );
}

export async function check(input: InputOf<typeof declared.check>, rt: Runtime): Promise<void> {
  const { checkDatabase } = await import('../../services/db-check.js');
  const { checkReport } = await import('../../render/maintenance.js');
  const report = checkDatabase(await rt.ctx({ create: false }), { quick: Boolean(input.quick) });
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
}

export async function backup(input: InputOf<typeof declared.backup>, rt: Runtime): Promise<void> {
  const { backupDatabase } = await import('../../services/db-backup.js');
  const { backupLine } = await import('../../render/maintenance.js');
  const backup = await backupDatabase(await rt.ctx({ create: false }), input.file, { force: Boolean(input.force) });
  await rt.emit({ backup }, (r, c) => backupLine(r.backup, c));
  if (backup.check !== 'ok')
    throw conflict(
      'INTEGRITY',
      `the copy ${backup.file} fails its quick check: ${backup.check}`,
      "run 'alias-support db check' on the database",
    );
}

export async function copy(input: InputOf<typeof declared.copy>, rt: Runtime): Promise<void> {
  if (!input.to)
    throw usageError('db copy needs --to', 'give the empty desk to fill: a postgres:// URL or a file path');
  const { copyDesk } = await import('../../services/db-copy.js');
  const copy = await copyDesk(await rt.ctx({ create: false }), input.to);
  const rows = copy.tables.reduce((n, t) => n + t.rows, 0);
  await rt.emit(
    { copy },
    (r) =>
      `Copied ${r.copy.from} to ${r.copy.to}: ${rows} rows in ${r.copy.tables.length} tables, ${r.copy.balances} balances equal, db check clean on both`,
  );
}
