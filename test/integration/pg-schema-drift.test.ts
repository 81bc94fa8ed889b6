// The two schemas (src/db/schema.ts for SQLite, src/db/schema.pg.ts for
// PostgreSQL) describe one desk: this test fails as soon as they part, table
// by table (columns with their types mapped across dialects, nullability,
// defaults, keys, uniques, foreign keys, indexes with their expressions and
// conditions); and when db/migrations-pg lags behind schema.pg.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { is, type SQL } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../src/db/schema.pg.js';
import * as sqliteSchema from '../../src/db/schema.js';
import { ROOT } from '../helpers/cli.js';

/** A column type as both dialects mean it: ids, instants, minutes and counts are integers, whatever their width. */
const TYPE: Record<string, string> = {
  integer: 'integer',
  bigint: 'integer',
  smallint: 'integer',
  text: 'text',
  boolean: 'boolean',
};

interface Shape {
  columns: Record<string, { type: string; notNull: boolean; default: unknown; primary: boolean; unique: boolean }>;
  primaryKeys: string[][];
  uniques: string[][];
  foreignKeys: string[];
  indexes: Record<string, { unique: boolean; on: string[]; where?: string }>;
}

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function shape(config: Config, render: (s: SQL) => string): Shape {
  const name = (c: { name: string }) => c.name;
  return {
    columns: Object.fromEntries(
      config.columns.map((c) => [
        c.name,
        {
          // SQLite stores booleans as integers: the column's declared mode says what it holds.
          type: c.columnType === 'SQLiteBoolean' ? 'boolean' : (TYPE[c.getSQLType()] ?? c.getSQLType()),
          notNull: c.notNull,
          default: c.default,
          primary: c.primary,
          unique: c.isUnique,
        },
      ]),
    ),
    primaryKeys: config.primaryKeys.map((k) => k.columns.map(name)),
    uniques: config.uniqueConstraints.map((u) => u.columns.map(name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const r = fk.reference();
        return `${r.columns.map(name).join(',')} → ${(r.foreignTable as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')]}(${r.foreignColumns.map(name).join(',')})`;
      })
      .sort(),
    indexes: Object.fromEntries(
      config.indexes.map((i) => [
        i.config.name,
        {
          unique: i.config.unique,
          on: i.config.columns.map((c) => ('name' in c && typeof c.name === 'string' ? c.name : render(c as SQL))),
          where: i.config.where && render(i.config.where),
        },
      ]),
    ),
  };
}

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();
const sqliteTables = Object.values(sqliteSchema).filter((t) => is(t, SQLiteTable));
const pgTables = Object.values(pgSchema).filter((t) => is(t, PgTable));
const sqliteShapes = Object.fromEntries(
  sqliteTables.map((t) => {
    const c = sqliteConfig(t);
    return [c.name, shape(c, (s) => sqliteDialect.sqlToQuery(s).sql)];
  }),
);
const pgShapes = Object.fromEntries(
  pgTables.map((t) => {
    const c = pgConfig(t);
    return [c.name, shape(c, (s) => pgDialect.sqlToQuery(s).sql)];
  }),
);

describe('the SQLite and PostgreSQL schemas', () => {
  it('have the same tables', () => {
    expect(Object.keys(pgShapes).sort()).toEqual(Object.keys(sqliteShapes).sort());
  });

  it.each(Object.keys(sqliteShapes).sort())('describe %s alike', (table) => {
    expect(pgShapes[table]).toEqual(sqliteShapes[table]);
  });
});

describe('db/migrations-pg', () => {
  it('holds every change of src/db/schema.pg.ts (drizzle-kit has nothing left to generate)', () => {
    // drizzle-kit takes --out relative to the project: a scratch copy inside it.
    mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    const copy = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'alias-support-migrations-pg-'));
    try {
      cpSync(join(ROOT, 'db', 'migrations-pg'), copy, { recursive: true });
      const before = readdirSync(copy).sort();
      const r = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs'),
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          'src/db/schema.pg.ts',
          '--out',
          relative(ROOT, copy),
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('No schema changes');
      expect(readdirSync(copy).sort()).toEqual(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
