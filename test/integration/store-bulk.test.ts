// Store.bulk: a write transaction for a load of many rows (the demo), all or
// nothing on either engine. On SQLite it keeps statement journals in memory
// while it runs (a temporary file each statement otherwise: half the demo's CPU
// time), then gives the connection its settings back, so that the import's TEMP
// spool stays on disk.
import { describe, expect, it } from 'vitest';
import { rawOf, type RawSql } from '../helpers/raw-sql.js';
import { BACKEND, tempDesk } from '../helpers/store.js';

const settings = (raw: RawSql) => ({ temp: raw.value('PRAGMA temp_store'), cache: raw.value('PRAGMA cache_size') });

describe('Store.bulk', () => {
  it.skipIf(BACKEND === 'postgres')(
    "on SQLite, runs with statement journals in memory and restores the connection's settings after",
    () => {
      const { ctx } = tempDesk();
      const raw = rawOf(ctx.store);
      const before = settings(raw);
      expect(ctx.store.bulk(() => settings(raw))).toEqual({ temp: 2, cache: -65536 });
      expect(settings(raw)).toEqual(before);
    },
  );

  it('is all or nothing, and leaves the connection as it was after a failure', () => {
    const { ctx } = tempDesk();
    const raw = rawOf(ctx.store);
    const before = raw.dialect === 'sqlite' ? settings(raw) : undefined;
    expect(() =>
      ctx.store.bulk(() => {
        raw.run("INSERT INTO clients (code, name, language, created_at) VALUES ('B1', 'Bulk', 'fr', 0)");
        throw new Error('stopped');
      }),
    ).toThrow('stopped');
    expect(Number(raw.value('SELECT count(*) FROM clients'))).toBe(0);
    if (before) expect(settings(raw)).toEqual(before);
    // The next write goes through as usual.
    ctx.store.bulk(() =>
      raw.run("INSERT INTO clients (code, name, language, created_at) VALUES ('B2', 'Bulk', 'fr', 0)"),
    );
    expect(Number(raw.value('SELECT count(*) FROM clients'))).toBe(1);
  });
});
