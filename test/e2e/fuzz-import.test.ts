// Random shop exports thrown at `credits import` (fast-check). Whatever the
// input — well-formed files in every dress (BOM, LF, CRLF or both, empty
// rows, quoting, column order, quoted newlines, client codes in any case,
// JSON), the same with one bad line, or garbage (binary,
// UTF-16, Latin-1, huge fields, missing columns, random JSON) — an import
// either succeeds with counts that match what it wrote, or reports errors
// with their line numbers and writes nothing; it never crashes nor hangs.
// The runs call the import service in-process (speed); a handful go through
// the real CLI for the exit codes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { Ctx } from '../../src/services/context.js';
import { importPurchases, type ImportResult } from '../../src/services/credit-import.js';
import { checkDatabase } from '../../src/services/db-check.js';
import { cli } from '../helpers/cli.js';
import { tempDesk, tempDir } from '../helpers/store.js';
import { rawOf } from '../helpers/raw-sql.js';

const NOW = '2026-11-26T09:00:00Z';
const RUNS = 60; // per property: 3 properties, 180 imports
const RUN_TIMEOUT_MS = 5_000;
const MINUTES: Record<string, number> = { AST01: 60, AST02: 120, AST05: 300 };

/** Two licensed clients, and one whose credit was forfeited on 2026-01-01 (orders dated before cannot revive it). */
function desk(): Ctx {
  const { ctx } = tempDesk(NOW);
  const raw = rawOf(ctx.store);
  // Test speed only: durability is not what is tried here.
  raw.exec(raw.dialect === 'sqlite' ? 'PRAGMA synchronous = OFF' : 'SET synchronous_commit = off');
  raw.exec(`
    INSERT INTO clients (code, name, created_at) VALUES ('C1', 'Dupont SA', 0), ('C2', 'Martin', 0), ('OLD', 'Lapsed', 0);
    INSERT INTO licences (client_id, plan, starts_on, ends_on, created_at, created_by)
      VALUES (1, 'all-inclusive', '2025-01-15', '2029-01-14', 0, 'x'), (2, 'on-demand', '2026-01-01', '2026-12-31', 0, 'x'),
             (3, 'on-demand', '2020-01-01', '2023-12-31', 0, 'x');`);
  return ctx;
}

interface Totals {
  ledger: number;
  entries: number;
  purchases: number;
  clients: number;
}

function totals(ctx: Ctx): Totals {
  return rawOf(ctx.store).get<Totals>(
    `SELECT (SELECT coalesce(sum(minutes), 0) FROM ledger_entries) AS ledger, (SELECT count(*) FROM ledger_entries) AS entries,
            (SELECT count(*) FROM purchases) AS purchases, (SELECT count(*) FROM clients) AS clients`,
  )!;
}

/** One import, bounded in time: a hang fails the property like a crash does. */
async function attempt(ctx: Ctx, bytes: Buffer, format: 'csv' | 'json'): Promise<ImportResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`import hung for ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      importPurchases(ctx, { stream: Readable.from([bytes]), format, size: bytes.length }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The contract every run must keep: a result (or an INVALID_INPUT refusal),
 * never another error; errors name lines within the file and mean nothing
 * written; success writes exactly what it counts and leaves db check clean.
 */
async function importKeepsContract(
  ctx: Ctx,
  bytes: Buffer,
  format: 'csv' | 'json',
  lines: number,
): Promise<ImportResult | undefined> {
  const before = totals(ctx);
  let result: ImportResult;
  try {
    result = await attempt(ctx, bytes, format);
  } catch (err) {
    if (err instanceof AppError && err.exitCode === 6) {
      expect(totals(ctx)).toEqual(before);
      return undefined;
    }
    throw err;
  }
  const after = totals(ctx);
  if (result.errors.length > 0) {
    expect(result).toMatchObject({ imported: 0, minutesAdded: 0 });
    for (const e of result.errors) {
      expect(
        Number.isInteger(e.line) && e.line >= 1 && e.line <= lines,
        `line ${e.line} of ${lines}: ${e.message}`,
      ).toBe(true);
      expect(e.message.length).toBeGreaterThan(0);
    }
    expect(after).toEqual(before);
  } else {
    expect(after.ledger - before.ledger).toBe(result.minutesAdded);
    expect(after.purchases - before.purchases).toBe(result.imported);
    expect(after.entries - before.entries).toBe(result.imported);
    expect(checkDatabase(ctx).findings).toEqual([]);
  }
  return result;
}

// ---------------------------------------------------------------- generating files

const COLUMNS = ['order_id', 'client', 'product', 'quantity', 'purchased_at'] as const;
type Column = (typeof COLUMNS)[number] | 'note';
type Row = Record<Column, string>;

const okInstant = fc.constantFrom(
  '2026-11-20T14:03:00Z',
  '2026-11-20',
  '2026-11-20T15:03:00+01:00',
  '2026-11-20 14:03Z',
  '2025-02-28T23:59:59.999Z',
);
/** Free text for the ignored column: commas, quotes, line breaks, any Unicode. */
const note = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'crlf\r\ninside', '', 'é€😀'),
);

const validRow = fc.record({
  client: fc.constantFrom('C1', 'C2', 'c1', 'c2'), // codes without regard to case
  product: fc.constantFrom('AST01', 'AST02', 'AST05'),
  quantity: fc.integer({ min: 1, max: 5 }).map(String),
  purchased_at: okInstant,
  note,
});

/** What makes a line wrong, with the line's fields (order ids are given later). */
const badRow = fc.oneof(
  validRow.chain((r) =>
    fc.constantFrom('AST03', 'constructor', '__proto__', 'toString').map((product) => ({ ...r, product })),
  ),
  validRow.map((r) => ({ ...r, quantity: '0' })),
  validRow.map((r) => ({ ...r, quantity: '1.5' })),
  validRow.map((r) => ({ ...r, quantity: '-2' })),
  validRow.map((r) => ({ ...r, purchased_at: '2026-02-30' })),
  validRow.map((r) => ({ ...r, purchased_at: 'yesterday' })),
  validRow.map((r) => ({ ...r, purchased_at: '2027-01-01T00:00:00Z' })), // in the future
  validRow.map((r) => ({ ...r, client: 'NOBODY' })), // unknown, no client_name
  validRow.map((r) => ({ ...r, client: 'OLD', purchased_at: '2023-06-01T10:00:00Z' })), // would revive forfeited credit
  validRow.map((r) => ({ ...r, client: '' })),
);

interface Dress {
  bom: boolean;
  /** the line endings: LF, CRLF, or both in turn (files pasted together) */
  eol: 'lf' | 'crlf' | 'mixed';
  quoteAll: boolean;
  order: Column[];
  trailingNewline: boolean;
  blankLineAfter: number; // -1: none
  /** the blank line: empty, or as a spreadsheet saves an empty row (",,,,,") */
  blankCells: boolean;
}

const dress = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom('lf' as const, 'crlf' as const, 'mixed' as const),
  quoteAll: fc.boolean(),
  order: fc.shuffledSubarray([...COLUMNS, 'note'] as Column[], { minLength: 6, maxLength: 6 }),
  trailingNewline: fc.boolean(),
  blankLineAfter: fc.integer({ min: -1, max: 5 }),
  blankCells: fc.boolean(),
});

function cell(value: string, quoteAll: boolean): string {
  return quoteAll || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV text, and the line on which each row starts (the header is line 1). */
function toCsv(rows: Row[], d: Dress): { text: string; lineOf: number[]; lines: number } {
  const eol = (i: number): string => (d.eol === 'crlf' || (d.eol === 'mixed' && i % 2 === 1) ? '\r\n' : '\n');
  const records: string[] = [d.order.join(',')];
  const lineOf: number[] = [];
  let line = 2;
  rows.forEach((row, i) => {
    const record = d.order.map((c) => cell(row[c], d.quoteAll)).join(',');
    lineOf.push(line);
    records.push(record);
    line += 1 + (record.match(/\n/g)?.length ?? 0);
    if (i === d.blankLineAfter) {
      records.push(d.blankCells ? ','.repeat(d.order.length - 1) : '');
      line++;
    }
  });
  const text = records.map((r, i) => (i < records.length - 1 || d.trailingNewline ? r + eol(i) : r)).join('');
  return { text: `${d.bom ? '\uFEFF' : ''}${text}`, lineOf, lines: line };
}

function arrayLength(text: string): number {
  try {
    const doc: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return Array.isArray(doc) ? doc.length : 0;
  } catch {
    return 0;
  }
}

let run = 0;
const orderIds = (n: number): string[] => {
  run++;
  return Array.from({ length: n }, (_, i) => `R${run}-${i + 1}`);
};

const withIds = (rows: Omit<Row, 'order_id'>[], ids: string[]): Row[] =>
  rows.map((r, i) => ({ ...r, order_id: ids[i]! }));

describe('credits import under random input (in-process)', () => {
  it(`well-formed files in any dress import exactly (${RUNS} runs)`, async () => {
    const ctx = desk();
    await fc.assert(
      fc.asyncProperty(
        fc.array(validRow, { minLength: 1, maxLength: 25 }),
        dress,
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (rows, d, repeats, asJson) => {
          const orders = withIds(rows, orderIds(rows.length));
          // The same order twice in a file is imported once and counted as skipped.
          const file = [...orders, ...orders.slice(0, repeats)];
          const expected = orders.reduce((s, o) => s + MINUTES[o.product]! * Number(o.quantity), 0);
          const bytes = asJson
            ? Buffer.from(JSON.stringify(file.map((o, i) => (i % 2 ? { ...o, quantity: Number(o.quantity) } : o))))
            : Buffer.from(toCsv(file, d).text);
          const result = await importKeepsContract(
            ctx,
            bytes,
            asJson ? 'json' : 'csv',
            asJson ? file.length : toCsv(file, d).lines,
          );
          expect(result).toEqual({
            imported: orders.length,
            skipped: Math.min(repeats, orders.length),
            minutesAdded: expected,
            createdClients: [],
            errors: [],
            dryRun: false,
          });
        },
      ),
      { numRuns: RUNS, seed: 20261126 },
    );
  });

  it(`one bad line is reported on its exact line and nothing is imported (${RUNS} runs)`, async () => {
    const ctx = desk();
    await fc.assert(
      fc.asyncProperty(
        fc.array(validRow, { minLength: 1, maxLength: 15 }),
        fc.oneof(badRow, fc.constant('conflicting-repeat' as const)),
        fc.nat(),
        dress,
        fc.boolean(),
        async (rows, bad, where, d, asJson) => {
          const ids = orderIds(rows.length + 1);
          const good = withIds(rows, ids);
          // A repeat of an order with other content is an error on the repeat.
          const wrong: Row =
            bad === 'conflicting-repeat'
              ? { ...good[0]!, quantity: String(Number(good[0]!.quantity) + 1) }
              : { ...bad, order_id: ids[rows.length]! };
          const at = bad === 'conflicting-repeat' ? 1 + (where % good.length) : where % (good.length + 1);
          const file = [...good.slice(0, at), wrong, ...good.slice(at)];
          const csv = toCsv(file, d);
          const result = await importKeepsContract(
            ctx,
            Buffer.from(asJson ? JSON.stringify(file) : csv.text),
            asJson ? 'json' : 'csv',
            asJson ? file.length : csv.lines,
          );
          expect(result).toBeDefined();
          expect(result!.errors.map((e) => e.line)).toContain(asJson ? at + 1 : csv.lineOf[at]);
        },
      ),
      { numRuns: RUNS, seed: 20261127 },
    );
  });

  it(`garbage of every kind: a result with line-numbered errors, or an import that adds up; never a crash or a hang (${RUNS} runs)`, async () => {
    const ctx = desk();
    const header = 'order_id,client,product,quantity,purchased_at\n';
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 4000 }).map((b) => ({ bytes: Buffer.from(b), format: 'csv' as const })),
      fc
        .uint8Array({ maxLength: 2000 })
        .map((b) => ({ bytes: Buffer.concat([Buffer.from(header), Buffer.from(b)]), format: 'csv' as const })),
      fc.string({ maxLength: 300 }).map((s) => ({ bytes: Buffer.from(header + s), format: 'csv' as const })),
      fc
        .constantFrom(
          '',
          '\uFEFF',
          '\n\n\n',
          header,
          'order_id;client;product;quantity;purchased_at\nX;C1;AST01;1;2026-11-20\n',
        )
        .map((s) => ({ bytes: Buffer.from(s), format: 'csv' as const })),
      // UTF-16 (with its BOM), as a spreadsheet may save it.
      fc.constant({
        bytes: Buffer.from(`\uFEFF${header}U16-1,C1,AST01,1,2026-11-20T14:03:00Z\n`, 'utf16le'),
        format: 'csv' as const,
      }),
      // Latin-1 bytes for a new client's name.
      fc.constant({
        bytes: Buffer.from(
          `${header.trim()},client_name\nL1-${Math.random()},NEW1,AST01,1,2026-11-20,Société Générale\n`,
          'latin1',
        ),
        format: 'csv' as const,
      }),
      // A huge field, a missing column, an unterminated quote.
      fc.integer({ min: 10_000, max: 300_000 }).map((n) => ({
        bytes: Buffer.from(`${header}H-${n},C1,AST01,1,2026-11-20,${'x'.repeat(n)}\n`),
        format: 'csv' as const,
      })),
      fc
        .constantFrom(
          'order_id,client,quantity,purchased_at\nM-1,C1,1,2026-11-20\n',
          `${header}Q-1,C1,AST01,"1,2026-11-20\nQ-2,C1,AST01,1,2026-11-20\n`,
          `${header}Q-3,C1,AST01,1\n`,
          `${header}"Q-4"x,C1,AST01,1,2026-11-20\n`,
        )
        .map((s) => ({ bytes: Buffer.from(s), format: 'csv' as const })),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => ({ bytes: Buffer.from(JSON.stringify(v) ?? 'null'), format: 'json' as const })),
      fc
        .array(
          fc.dictionary(
            fc.constantFrom(...COLUMNS, 'client_name', 'x'),
            fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
          ),
          { maxLength: 8 },
        )
        .map((a) => ({
          bytes: Buffer.from(JSON.stringify(a)),
          format: 'json' as const,
        })),
      fc
        .string({ maxLength: 200 })
        .map((s) => ({ bytes: Buffer.from(`[{"order_id": "J-1", ${s}`), format: 'json' as const })),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async ({ bytes, format }) => {
        // Errors name a line of the text, or (JSON) a position in the array.
        const text = bytes.toString('utf8');
        const lines = text.split('\n').length + 1;
        await importKeepsContract(ctx, bytes, format, format === 'json' ? Math.max(lines, arrayLength(text)) : lines);
      }),
      { numRuns: RUNS, seed: 20261128 },
    );
  });
});

describe('credits import through the CLI', () => {
  // [what, file, exit status, minutes imported]
  const cases: [string, Buffer, number, number][] = [
    ['binary garbage', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 251 + 7) % 256)), 6, 0],
    ['a missing column', Buffer.from('order_id,client,quantity,purchased_at\nA-1,C1,1,2026-11-20T14:03:00Z\n'), 6, 0],
    [
      'a line with a field too few',
      Buffer.from('order_id,client,product,quantity,purchased_at\nA-1,C1,AST01,1,2026-11-20\nA-2,C1,AST01,1\n'),
      6,
      0,
    ],
    [
      'UTF-16 with its BOM (decoded)',
      Buffer.from(
        '\uFEFForder_id,client,product,quantity,purchased_at\nA-1,C1,AST02,2,2026-11-20T14:03:00Z\n',
        'utf16le',
      ),
      0,
      240,
    ],
    [
      'a quoted newline, CRLF and a BOM',
      Buffer.from(
        '\uFEFForder_id,client,product,quantity,purchased_at,note\r\nA-1,C1,AST02,1,2026-11-20T14:03:00Z,"two\r\nlines"\r\nA-2,C1,AST01,2,2026-11-20,\r\n',
      ),
      0,
      240,
    ],
  ];

  it.each(cases)(
    '%s: exit status, errors with line numbers, nothing written unless all is right',
    (_, bytes, exit, minutes) => {
      const desk = cli(NOW);
      expect(desk.run(['clients', 'add', 'C1', '--name', 'Dupont SA']).code).toBe(0);
      const file = join(tempDir(), 'orders.csv');
      writeFileSync(file, bytes);
      const r = desk.run(['credits', 'import', file, '--json']);
      expect(r.code, r.stderr).toBe(exit);
      const doc = r.json();
      const balance = desk.run(['credits', 'balance', 'C1', '--json']).json().balanceMinutes;
      if (exit === 0) {
        expect(doc).toMatchObject({ skipped: 0, minutesAdded: minutes, errors: [], dryRun: false });
        expect(balance).toBe(minutes);
      } else {
        expect(r.error()).toMatchObject({ code: 'INVALID_INPUT', exitCode: 6 });
        expect(doc.errors.length).toBeGreaterThan(0);
        for (const e of doc.errors) expect(e.line).toBeGreaterThanOrEqual(1);
        expect(balance).toBe(0);
      }
    },
  );
});
