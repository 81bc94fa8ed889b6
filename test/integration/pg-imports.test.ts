// `credits import` on PostgreSQL gives what it gives on SQLite: the same files
// imported into the same desk on both engines, the same answers, the same
// ledger; a file imported again adds nothing; a file with errors writes nothing.
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { balance } from '../../src/services/credit.js';
import { importPurchases } from '../../src/services/credit-import.js';
import { addLicence } from '../../src/services/licences.js';
import { openStore } from '../../src/store/open.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { freshPgDatabase, noPg, PG_HOOK_TIMEOUT } from '../helpers/pg.js';
import { tempDir } from '../helpers/store.js';

const NOW = Date.parse('2026-11-26T09:00:00Z');
const HEADER = 'order_id,client,product,quantity,purchased_at,client_name';

const csv = (...lines: string[]) => ({
  stream: Readable.from([Buffer.from([HEADER, ...lines].join('\n'))]),
  format: 'csv' as const,
});

const FIRST = [
  'W-1,C042,AST05,1,2026-11-20T14:03:00Z,',
  'W-2,c043,AST01,2,2026-11-21T10:00:00+01:00,',
  'W-3,C777,AST02,1,2026-11-22,Atelier Neuf',
  'W-2,C043,AST01,2,2026-11-21T10:00:00+01:00,',
  'W-0,C777,AST01,3,2026-11-23,',
];
const WITH_ERRORS = [
  'W-4,C042,AST01,1,2026-11-24,',
  'W-1,C042,AST05,2,2026-11-20T14:03:00Z,',
  'W-5,C999,AST01,1,2026-11-24,',
  'W-6,C888,AST01,1,2026-11-24,Un',
  'W-7,C888,AST01,1,2026-11-24,Deux',
  'W-4,C042,AST02,1,2026-11-24,',
  'W-8,C042,AST9,1,2026-11-24,',
];

describe.skipIf(noPg)('credits import on PostgreSQL and on SQLite', () => {
  const desks: Ctx[] = [];

  beforeAll(() => {
    for (const store of [openStore(join(tempDir(), 'desk.db')), openPostgresStore(freshPgDatabase())]) {
      const ctx: Ctx = { store, now: NOW, agent: 'alice', tz: 'Europe/Paris' };
      addClient(ctx, { code: 'C042', name: 'Dupont SA' });
      addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
      addClient(ctx, { code: 'C043', name: 'Martin & Fils' });
      desks.push(ctx);
    }
  }, PG_HOOK_TIMEOUT);
  afterAll(() => {
    for (const ctx of desks) ctx.store.close();
  });

  /** The same import on both desks: both answers. */
  const onBoth = async (lines: string[], dryRun = false) =>
    Promise.all(desks.map((ctx) => importPurchases(ctx, csv(...lines), { dryRun })));
  const ledgers = () =>
    desks.map((ctx) => ({
      balances: ['C042', 'C043', 'C777'].map((code) => balance(ctx, code)),
      // Without ids: SQLite numbers an import's entries by line, PostgreSQL from the table's sequence.
      entries: ctx.store.clients.all().map((c) => ctx.store.ledger.entries(c.id).map(({ id: _, ...entry }) => entry)),
      clients: ctx.store.clients.all().map(({ code, name, language }) => ({ code, name, language })),
    }));

  it('a dry run, then the import: the same result and the same ledger (repeats skipped, a client created)', async () => {
    const [dryRun, dryRunPg] = await onBoth(FIRST, true);
    expect(dryRunPg).toEqual(dryRun);
    const [sqlite, pg] = await onBoth(FIRST);
    expect(sqlite).toMatchObject({ imported: 4, skipped: 1, createdClients: ['C777'], errors: [] });
    expect(pg).toEqual(sqlite);
    const [own, pgOwn] = ledgers();
    expect(pgOwn).toEqual(own);
  });

  it('the same file again adds nothing, on both', async () => {
    const before = ledgers();
    const [sqlite, pg] = await onBoth(FIRST);
    expect(sqlite).toMatchObject({ imported: 0, skipped: 5, minutesAdded: 0, createdClients: [] });
    expect(pg).toEqual(sqlite);
    expect(ledgers()).toEqual(before);
  });

  it('a file with errors: the same errors, by line, and nothing written', async () => {
    const before = ledgers();
    const [sqlite, pg] = await onBoth(WITH_ERRORS);
    expect(sqlite!.errors.length).toBeGreaterThanOrEqual(4);
    expect(sqlite!.imported).toBe(0);
    expect(pg).toEqual(sqlite);
    expect(ledgers()).toEqual(before);
  });
});
