// Store.bulk: a write transaction for a load of many rows. On SQLite it keeps
// statement journals in memory while it runs (a temporary file each statement
// otherwise: half the demo's CPU time), then gives the connection its settings
// back, so that the import's TEMP spool stays on disk.
import { describe, expect, it } from 'vitest';
import { rawOf } from '../helpers/raw-sql.js';
import { BACKEND, tempDesk } from '../helpers/store.js';

describe.skipIf(BACKEND === 'postgres')('Store.bulk on SQLite', () => {
  it('runs with statement journals in memory and restores the settings after', () => {
    const { ctx } = tempDesk();
    const raw = rawOf(ctx.store);
    const before = { temp: raw.value('PRAGMA temp_store'), cache: raw.value('PRAGMA cache_size') };
    const during = ctx.store.bulk(() => ({
      temp: raw.value('PRAGMA temp_store'),
      cache: raw.value('PRAGMA cache_size'),
    }));
    expect(during).toEqual({ temp: 2, cache: -65536 });
    expect({ temp: raw.value('PRAGMA temp_store'), cache: raw.value('PRAGMA cache_size') }).toEqual(before);
  });

  it('is all or nothing, and restores the settings after a failure', () => {
    const { ctx } = tempDesk();
    const raw = rawOf(ctx.store);
    const before = raw.value('PRAGMA temp_store');
    expect(() =>
      ctx.store.bulk(() => {
        raw.run("INSERT INTO clients (code, name, language, created_at) VALUES ('B1', 'Bulk', 'fr', 0)");
        throw new Error('stopped');
      }),
    ).toThrow('stopped');
    expect(raw.value('SELECT count(*) FROM clients')).toBe(0);
    expect(raw.value('PRAGMA temp_store')).toBe(before);
  });
});
