// Every hand-written statement of the SQLite store, prepared on a freshly
// migrated desk: SQLite checks each table and column it names against the
// schema the migrations made (src/db/schema.ts), so a misspelt column fails
// here rather than in the command that first runs it. And the rule that keeps
// them there: no SQL in src/ outside the store and the schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/store/sqlite/statements.js';
import { tempDesk } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SQLITE_STORE = join(ROOT, 'src', 'store', 'sqlite');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Which statements fail to prepare on `db`, with SQLite's reason. */
function unprepared(
  db: { prepare(sql: string): unknown },
  maps: readonly Readonly<Record<string, string>>[],
): string[] {
  const failures: string[] = [];
  for (const map of maps)
    for (const [name, sql] of Object.entries(map)) {
      try {
        db.prepare(sql);
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message}\n  ${sql.replace(/\s+/g, ' ')}`);
      }
    }
  return failures;
}

describe('the store statements', () => {
  it('every statement of every src/store/sqlite module prepares on a migrated desk', async () => {
    const modules = readdirSync(SQLITE_STORE).filter((f) => f.endsWith('.ts'));
    for (const file of modules) await import(join(SQLITE_STORE, file));
    const sources = modules.filter((f) => readFileSync(join(SQLITE_STORE, f), 'utf8').includes('statements({'));
    // Each module that declares statements has them in the registry.
    expect(registry.length).toBeGreaterThanOrEqual(sources.length);
    const desk = tempDesk();
    // The credit import's spool is TEMP tables made while an import runs: its statements are prepared by the import tests.
    const spool = /\btemp\./;
    const failures = unprepared(
      sqliteOf(desk.ctx.store),
      registry.map((map) => Object.fromEntries(Object.entries(map).filter(([, sql]) => !spool.test(sql)))),
    );
    expect(failures, failures.join('\n')).toEqual([]);
    expect(registry.flatMap((m) => Object.keys(m)).length).toBeGreaterThan(50);
  });

  it('a statement naming a column the schema lacks is caught', () => {
    const desk = tempDesk();
    expect(unprepared(sqliteOf(desk.ctx.store), [{ misspelt: 'SELECT tickets.queud_at FROM tickets' }])).toHaveLength(
      1,
    );
  });
});

/** SQL, or a statement prepared by hand: what only the store (and the schema's migrations) may hold. */
const SQL = /\bSELECT\s|\bINSERT INTO\b|\bUPDATE\s.*\sSET\s|\bDELETE FROM\b|\.prepare\(|\bormOf\(|\bstore\.sqlite\b/;

describe('no SQL outside the store', () => {
  it('no file under src/ outside src/store/ and src/db/ holds SQL or reaches the connection', () => {
    const src = join(ROOT, 'src');
    const offending = filesUnder(src)
      .filter((f) => !/^(store|db)\//.test(relative(src, f)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (SQL.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offending, offending.join('\n')).toEqual([]);
  });
});
