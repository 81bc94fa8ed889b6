// The committed migrations must be what drizzle-kit generates from the schema:
// generating into a copy of db/migrations must find nothing to write.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { requireClient } from '../../src/services/clients.js';
import { ROOT } from '../helpers/cli.js';
import { deskBefore, tempDir } from '../helpers/store.js';

const COMMITTED = join(ROOT, 'db', 'migrations');

function listing(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
}

describe('schema and migrations agree', () => {
  it('drizzle-kit generate writes no new migration', () => {
    const scratch = tempDir();
    const copy = join(scratch, 'migrations');
    cpSync(COMMITTED, copy, { recursive: true });
    // drizzle-kit prefixes "./" to the --out folder: give it a path relative to the project.
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs'),
        'generate',
        '--dialect',
        'sqlite',
        '--schema',
        'src/db/schema.ts',
        '--out',
        relative(ROOT, copy),
      ],
      // Its bundled tsx keeps a cache folder in the temporary folder (tsx-UID): a private one, removed with the test's.
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: scratch } },
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
    const journal = JSON.parse(readFileSync(join(COMMITTED, 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; tag: string }[];
    };
    const sqlFiles = readdirSync(COMMITTED)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(sqlFiles);
    expect(journal.entries.map((e) => e.idx)).toEqual(sqlFiles.map((_, i) => i));
  });
});

describe('a desk of the release that matched client codes exactly (before 0006_client_codes_nocase)', () => {
  /** A desk migrated up to 0005, holding clients with these codes. */
  const oldDesk = (codes: string[]): string =>
    deskBefore('0006_client_codes_nocase', (sqlite) => {
      for (const code of codes)
        sqlite.prepare('INSERT INTO clients (code, name, created_at) VALUES (?, ?, 0)').run(code, `client ${code}`);
    });
  const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

  it('holding c1 and C1: refused (DB_UNAVAILABLE, exit 7) naming them, with a way out; not a byte changed', () => {
    const file = oldDesk(['c1', 'C2', 'C1', 'c3']);
    const before = sha256(file);
    expect(() => openStore(file)).toThrow(
      expect.objectContaining({
        code: 'DB_UNAVAILABLE',
        exitCode: 7,
        message: `${file} holds client codes that differ only by case (c1 and C1); this version matches codes without regard to case`,
        hint: expect.stringContaining('UPDATE clients SET code'),
      }),
    );
    expect(sha256(file)).toBe(before);
  });

  it('without such codes: migrated, codes kept as recorded and found in any case', () => {
    const file = oldDesk(['c1', 'C2']);
    const store = openStore(file);
    try {
      const ctx = { store, now: 0, agent: 'alice', tz: 'Europe/Paris' };
      expect(requireClient(ctx, 'C1').code).toBe('c1');
      expect(requireClient(ctx, 'c2').code).toBe('C2');
    } finally {
      store.close();
    }
  });
});

describe('a desk of the release that summed balances on each read (before 0012_client_balances)', () => {
  it('migrated: each balance kept is the sum of its entries, and follows the entries written after', () => {
    const file = deskBefore('0012_client_balances', (sqlite) => {
      sqlite.exec(`INSERT INTO clients (code, name, created_at) VALUES ('C1', 'one', 0), ('C2', 'two', 0), ('C3', 'three', 0);
        INSERT INTO ledger_entries (client_id, at, kind, minutes, agent) VALUES
          (1, 0, 'purchase', 600, 'x'), (1, 1, 'adjustment', -45, 'x'), (2, 0, 'purchase', 120, 'x'), (2, 1, 'adjustment', -120, 'x')`);
    });
    const store = openStore(file);
    try {
      expect([1, 2, 3].map((id) => store.ledger.balance(id))).toEqual([555, 0, 0]);
      expect(store.ledger.balances()).toEqual(
        new Map([
          [1, 555],
          [2, 0],
        ]),
      );
      store.ledger.append({
        clientId: 3,
        at: 2,
        kind: 'purchase',
        minutes: 60,
        reference: null,
        ticketId: null,
        note: null,
        agent: 'x',
      });
      store.ledger.append({
        clientId: 1,
        at: 2,
        kind: 'adjustment',
        minutes: 15,
        reference: null,
        ticketId: null,
        note: null,
        agent: 'x',
      });
      expect([1, 2, 3].map((id) => store.ledger.balance(id))).toEqual([570, 0, 60]);
    } finally {
      store.close();
    }
  });
});
