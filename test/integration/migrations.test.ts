// The committed migrations must be what drizzle-kit generates from the schema:
// generating into a copy of db/migrations must find nothing to write.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const COMMITTED = join(ROOT, 'db', 'migrations');

function listing(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
}

describe('schema and migrations agree', () => {
  it('drizzle-kit generate writes no new migration', () => {
    const copy = join(tempDir(), 'migrations');
    cpSync(COMMITTED, copy, { recursive: true });
    // drizzle-kit prefixes "./" to the --out folder: give it a path relative to the project.
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs'), 'generate', '--dialect', 'sqlite', '--schema', 'src/db/schema.ts', '--out', relative(ROOT, copy)],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    // drizzle-kit exits 0 even when it fails: judge by its output and the folder.
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/No schema changes/);
    expect(listing(copy)).toEqual(listing(COMMITTED));
    for (const file of listing(COMMITTED).filter((f) => f.includes('.')))
      expect(readFileSync(join(copy, file), 'utf8'), file).toBe(readFileSync(join(COMMITTED, file), 'utf8'));
  });

  it('the journal lists every migration file, in order', () => {
    const journal = JSON.parse(readFileSync(join(COMMITTED, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
    const sqlFiles = readdirSync(COMMITTED).filter((f) => f.endsWith('.sql')).sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(sqlFiles);
    expect(journal.entries.map((e) => e.idx)).toEqual(sqlFiles.map((_, i) => i));
  });
});
