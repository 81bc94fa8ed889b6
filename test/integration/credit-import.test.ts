// `credits import` through the service: validation of the whole file with line
// numbers, all or nothing, idempotency by order_id, clients created by the file.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { balance } from '../../src/services/credit.js';
import { importPurchases, type ImportFormat } from '../../src/services/credit-import.js';
import { runDemo } from '../../src/services/demo.js';
import { addLicence } from '../../src/services/licences.js';
import { tempDesk } from '../helpers/store.js';
import { rawOf } from '../helpers/raw-sql.js';

const NOW = '2026-11-26T09:00:00Z';
const HEADER = 'order_id,client,product,quantity,purchased_at';

function source(text: string, format: ImportFormat = 'csv') {
  return { stream: Readable.from([Buffer.from(text)]), format };
}

function rowCount(ctx: Ctx, table: string): number {
  return rawOf(ctx.store).value<number>(`SELECT count(*) AS n FROM ${table}`);
}

function desk() {
  const d = tempDesk(NOW);
  addClient(d.ctx, { code: 'C042', name: 'Dupont SA' });
  addLicence(d.ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
  addClient(d.ctx, { code: 'C043', name: 'Martin & Fils' });
  return d;
}

describe('credits import', () => {
  it('SPEC example: AST05 × 1 adds 300 minutes; AST01/AST02/AST05 are 60/120/300 per unit', async () => {
    const { ctx } = desk();
    const csv = [
      HEADER,
      'WEB-2026-0001,C042,AST05,1,2026-11-20T14:03:00Z',
      'WEB-2026-0002,C043,AST01,2,2026-11-21T10:00:00+01:00',
      'WEB-2026-0003,C043,AST02,3,2026-11-22',
    ].join('\n');
    const result = await importPurchases(ctx, source(csv));
    expect(result).toEqual({
      imported: 3,
      skipped: 0,
      minutesAdded: 300 + 120 + 360,
      createdClients: [],
      errors: [],
      dryRun: false,
    });
    expect(balance(ctx, 'C042').balanceMinutes).toBe(300);
    expect(balance(ctx, 'C043').balanceMinutes).toBe(480);
    const entry = rawOf(ctx.store).get(
      "SELECT at, kind, minutes, reference, note, agent FROM ledger_entries WHERE reference = 'WEB-2026-0001'",
    );
    expect(entry).toEqual({
      at: Date.parse('2026-11-20T14:03:00Z'),
      kind: 'purchase',
      minutes: 300,
      reference: 'WEB-2026-0001',
      note: '1 × AST05',
      agent: 'alice',
    });
    // +01:00 is an offset; a bare date is the start of that day in Europe/Paris.
    const at = (order: string) =>
      rawOf(ctx.store).value<number>('SELECT purchased_at AS t FROM purchases WHERE order_id = ?', order);
    expect(at('WEB-2026-0002')).toBe(Date.parse('2026-11-21T09:00:00Z'));
    expect(at('WEB-2026-0003')).toBe(Date.parse('2026-11-21T23:00:00Z'));
  });

  it('refuses a file that is not UTF-8 (a Latin-1 export) with the line, instead of storing mangled names', async () => {
    const { ctx } = desk();
    const latin1 = Buffer.concat([
      Buffer.from(
        `${HEADER},client_name\nB-1,C042,AST01,1,2026-11-20T14:03:00Z,\nB-2,C777,AST01,1,2026-11-20T14:03:00Z,Soci`,
      ),
      Buffer.from([0xe9]), // é in Latin-1
      Buffer.from('t\u00e9\n'.replace('\u00e9', 'e')),
    ]);
    const result = await importPurchases(ctx, { stream: Readable.from([latin1]), format: 'csv' });
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([{ line: 3, message: expect.stringContaining('not valid UTF-8') }]);
    expect(rowCount(ctx, 'ledger_entries')).toBe(0);
  });

  it('lists every kind of bad line with its line number and imports nothing', async () => {
    const { ctx } = desk();
    const csv = [
      `${HEADER},client_name`,
      'A-1,C042,AST03,1,2026-11-20T14:03:00Z,', // 2 unknown product
      'A-2,C042,AST01,0,2026-11-20T14:03:00Z,', // 3 non-positive quantity
      'A-3,C042,AST01,1.5,2026-11-20T14:03:00Z,', // 4 non-integer quantity
      'A-4,C042,AST01,1,2026-02-30T10:00:00Z,', // 5 no such day
      'A-5,C042,AST01,1,2026-11-20 14:03,', // 6 a time without its zone
      'A-6,C999,AST01,1,2026-11-20T14:03:00Z,', // 7 unknown client without a name
      'A-7,C042,AST02,1,2026-11-20T14:03:00Z,',
      'A-7,C042,AST02,2,2026-11-20T14:03:00Z,', // 9 same order, other content
      'A-8,C042,AST01,1,2027-01-01T00:00:00Z,', // 10 in the future
      '"A-9","C042","AST01","1"', // 11 missing fields
      ',C042,AST01,1,2026-11-20T14:03:00Z,', // 12 no order id
      'A-10,C043,AST01,1,2026-11-20T14:03:00Z,Martin & Fils', // fine: client exists, name ignored
    ].join('\n');
    const result = await importPurchases(ctx, source(csv));
    expect(result.imported + result.skipped + result.minutesAdded).toBe(0);
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 9, 10, 11, 11, 12]);
    const byLine = (line: number) =>
      result.errors
        .filter((e) => e.line === line)
        .map((e) => e.message)
        .join(' | ');
    expect(byLine(2)).toMatch(/unknown product 'AST03'/);
    expect(byLine(3)).toMatch(/quantity must be a whole number/);
    expect(byLine(4)).toMatch(/'1\.5'/);
    expect(byLine(5)).toMatch(/invalid purchased_at/);
    expect(byLine(6)).toMatch(/invalid purchased_at/);
    expect(byLine(7)).toMatch(/unknown client 'C999'/);
    expect(byLine(9)).toMatch(/order A-7 is already on line 8 with different content/);
    expect(byLine(10)).toMatch(/in the future/);
    expect(byLine(11)).toMatch(/expected 6 fields.*got 4 \| purchased_at is missing/);
    expect(byLine(12)).toMatch(/order_id is missing/);
    expect(rowCount(ctx, 'purchases')).toBe(0);
    expect(rowCount(ctx, 'ledger_entries')).toBe(0);
  });

  it('counts lines across quoted line breaks and blank lines', async () => {
    const { ctx } = desk();
    const csv = `${HEADER},client_name\r\n\r\nB-1,C050,AST01,1,2026-11-20T14:03:00Z,"Atelier\r\nLeroy"\r\nB-2,C042,AST09,1,2026-11-20T14:03:00Z,\r\n`;
    const result = await importPurchases(ctx, source(csv));
    expect(result.errors).toEqual([{ line: 5, message: "unknown product 'AST09' (AST01, AST02, AST05)" }]);
  });

  it('re-importing the same file skips every order; a changed order is an error and nothing is written', async () => {
    const { ctx } = desk();
    const csv = [
      HEADER,
      'W-1,C042,AST01,1,2026-11-20T14:03:00Z',
      'W-2,C043,AST02,1,2026-11-20T15:00:00Z',
      'W-1,C042,AST01,1,2026-11-20T14:03:00Z',
    ].join('\n');
    expect(await importPurchases(ctx, source(csv))).toMatchObject({
      imported: 2,
      skipped: 1,
      minutesAdded: 180,
      errors: [],
    });
    expect(await importPurchases(ctx, source(csv))).toEqual({
      imported: 0,
      skipped: 3,
      minutesAdded: 0,
      createdClients: [],
      errors: [],
      dryRun: false,
    });
    const changed = [HEADER, 'W-3,C042,AST05,1,2026-11-21T09:00:00Z', 'W-2,C043,AST02,2,2026-11-20T15:00:00Z'].join(
      '\n',
    );
    const result = await importPurchases(ctx, source(changed));
    expect(result.errors).toEqual([
      {
        line: 3,
        message:
          'order W-2 was imported before with different content (C043, 1 × AST02, purchased 2026-11-20T15:00:00.000Z)',
      },
    ]);
    expect(balance(ctx, 'C042').balanceMinutes).toBe(60);
    expect(rowCount(ctx, 'purchases')).toBe(2);
  });

  it('creates unknown clients from client_name and client_email; their lines must agree', async () => {
    const { ctx } = desk();
    const csv = [
      `${HEADER},client_name,client_email`,
      'N-1,C100,AST01,1,2026-11-20T14:03:00Z,Garage Moreau,atelier@moreau.fr',
      'N-2,C100,AST02,1,2026-11-21T14:03:00Z,,',
      'N-3,C100,AST01,1,2026-11-22T14:03:00Z,Garage Moreau,atelier@moreau.fr',
    ].join('\n');
    expect(await importPurchases(ctx, source(csv))).toMatchObject({ imported: 3, minutesAdded: 240, errors: [] });
    expect(rawOf(ctx.store).get("SELECT code, name, email, language FROM clients WHERE code = 'C100'")).toEqual({
      code: 'C100',
      name: 'Garage Moreau',
      email: 'atelier@moreau.fr',
      language: 'fr',
    });
    expect(balance(ctx, 'C100')).toMatchObject({ balanceMinutes: 240, validity: 'unlicensed' });

    const clash = [
      `${HEADER},client_name,client_email`,
      'N-4,C101,AST01,1,2026-11-20T14:03:00Z,Cabinet Petit,',
      'N-5,C101,AST01,1,2026-11-20T14:03:00Z,Cabinet Grand,',
      'N-6,C1 02,AST01,1,2026-11-20T14:03:00Z,Bad Code,x@y',
    ].join('\n');
    const result = await importPurchases(ctx, source(clash));
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([
      [3, "new client 'C101' is named differently on line 2"],
      [4, "invalid client code 'C1 02'"],
    ]);
    expect(rowCount(ctx, 'clients')).toBe(3);
  });

  it('a dry run reports what would be imported and writes nothing', async () => {
    const { ctx } = desk();
    const csv = [
      `${HEADER},client_name`,
      'D-1,C042,AST05,2,2026-11-20T14:03:00Z,',
      'D-2,C200,AST01,1,2026-11-20T14:03:00Z,Nouveau',
    ].join('\n');
    expect(await importPurchases(ctx, source(csv), { dryRun: true })).toEqual({
      imported: 2,
      skipped: 0,
      minutesAdded: 660,
      createdClients: ['C200'],
      errors: [],
      dryRun: true,
    });
    expect(rowCount(ctx, 'purchases') + rowCount(ctx, 'ledger_entries')).toBe(0);
    expect(rowCount(ctx, 'clients')).toBe(2);
  });

  it('refuses a header without the required columns, and an empty file', async () => {
    const { ctx } = desk();
    expect((await importPurchases(ctx, source('order,client,product\nX,C042,AST01'))).errors).toEqual([
      {
        line: 1,
        message:
          'the header lacks order_id, quantity, purchased_at (it must name order_id, client, product, quantity, purchased_at)',
      },
    ]);
    expect((await importPurchases(ctx, source(''))).errors).toEqual([
      { line: 1, message: 'the file is empty: a header row naming the columns is expected' },
    ]);
  });

  it('reports malformed CSV with its line', async () => {
    const { ctx } = desk();
    const result = await importPurchases(
      ctx,
      source(`${HEADER}\nM-1,C042,AST01,1,2026-11-20T14:03:00Z\nM-2,"C0"42,AST01,1,2026-11-20T14:03:00Z\n`),
    );
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^malformed CSV/) });
    expect(rowCount(ctx, 'purchases')).toBe(0);
  });

  it('imports JSON: an array of objects with the same keys, positions as line numbers', async () => {
    const { ctx } = desk();
    const json = JSON.stringify([
      { order_id: 'J-1', client: 'C042', product: 'AST02', quantity: 1, purchased_at: '2026-11-20T14:03:00Z' },
      { order_id: 'J-2', client: 'C042', product: 'AST02', quantity: 2.5, purchased_at: '2026-11-20T14:03:00Z' },
      'not an object',
    ]);
    const bad = await importPurchases(ctx, source(json, 'json'));
    expect(bad.errors.map((e) => e.line)).toEqual([2, 3]);
    const good = await importPurchases(
      ctx,
      source(
        JSON.stringify([
          { order_id: 'J-1', client: 'C042', product: 'AST02', quantity: '1', purchased_at: '2026-11-20T14:03:00Z' },
        ]),
        'json',
      ),
    );
    expect(good).toMatchObject({ imported: 1, minutesAdded: 120 });
    const broken = await importPurchases(ctx, source('[\n{"order_id": "J-9",\n}\n]', 'json'));
    expect(broken.errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^malformed JSON/) });
  });

  it('refuses credit dated before a forfeit that already happened', async () => {
    const { ctx } = tempDesk('2026-03-05T09:00:00Z');
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    addLicence(ctx, { client: 'C042', plan: 'on-demand', start: '2020-01-01', end: '2023-12-31' });
    const csv = [HEADER, 'F-1,C042,AST02,1,2025-12-31T22:59:59Z', 'F-2,C042,AST01,1,2025-12-31T23:00:00Z'].join('\n');
    const result = await importPurchases(ctx, source(csv));
    // 2026-01-01 begins at 2025-12-31T23:00Z in Paris.
    expect(result.errors.map((e) => e.line)).toEqual([2]);
    expect(result.errors[0]!.message).toMatch(/forfeited on 2026-01-01/);
  });

  it('a file naming a client whose credit was forfeited, then other clients with licences (issue: connection busy)', async () => {
    const { ctx } = tempDesk(NOW);
    addClient(ctx, { code: 'OLD', name: 'Lapsed SARL' });
    addLicence(ctx, { client: 'OLD', plan: 'on-demand', start: '2018-01-01', end: '2022-12-31' });
    addLicence(ctx, { client: 'OLD', plan: 'on-demand', start: '2026-01-01', months: 12 });
    addClient(ctx, { code: 'NEW', name: 'Fresh SA' });
    addLicence(ctx, { client: 'NEW', plan: 'all-inclusive', start: '2025-01-01' });
    const csv = [HEADER, 'X1,OLD,AST01,1,2026-11-20T14:03:00Z', 'X2,NEW,AST01,1,2026-11-20T14:04:00Z'].join('\n');
    expect(await importPurchases(ctx, source(csv))).toMatchObject({ imported: 2, minutesAdded: 120, errors: [] });
    expect(balance(ctx, 'OLD').balanceMinutes).toBe(60);
    expect(balance(ctx, 'NEW').balanceMinutes).toBe(60);
  });

  it(
    "re-imports the whole shop's export of a 20,000-ticket demo desk: every order skipped",
    { timeout: 60_000 },
    async () => {
      const { ctx } = tempDesk(NOW);
      await runDemo(ctx, { clients: 80, tickets: 20_000, seed: 7, force: false });
      const orders = rawOf(ctx.store)
        .all<{ order_id: string; code: string; product: string; quantity: number; purchased_at: number }>(
          `SELECT p.order_id, c.code, p.product, p.quantity, p.purchased_at FROM purchases p JOIN clients c ON c.id = p.client_id ORDER BY p.purchased_at, p.order_id`,
        )
        .map((o) => [o.order_id, o.code, o.product, o.quantity, o.purchased_at] as const);
      expect(orders.length).toBeGreaterThan(100);
      const csv = [
        HEADER,
        ...orders.map(
          ([id, code, product, quantity, at]) => `${id},${code},${product},${quantity},${new Date(at).toISOString()}`,
        ),
      ].join('\n');
      expect(await importPurchases(ctx, source(csv))).toMatchObject({
        imported: 0,
        skipped: orders.length,
        errors: [],
      });
    },
  );

  it('product names every object has (constructor, __proto__…) are unknown products with their lines, not a crash', async () => {
    const { ctx } = desk();
    const names = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'];
    const csv = [HEADER, ...names.map((name, i) => `P-${i},C042,${name},1,2026-11-20T14:03:00Z`)].join('\n');
    const result = await importPurchases(ctx, source(csv));
    expect(result.errors).toEqual(
      names.map((name, i) => ({ line: i + 2, message: `unknown product '${name}' (AST01, AST02, AST05)` })),
    );
    const json = JSON.stringify(
      names.map((product, i) => ({
        order_id: `P-${i}`,
        client: 'C042',
        product,
        quantity: 1,
        purchased_at: '2026-11-20T14:03:00Z',
      })),
    );
    expect((await importPurchases(ctx, source(json, 'json'))).errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5]);
    expect(rowCount(ctx, 'purchases')).toBe(0);
  });

  it('skips rows of empty cells (",,,,", as spreadsheets save them) like blank lines', async () => {
    const { ctx } = desk();
    const csv = [
      `${HEADER},client_name`,
      ',,,,,',
      'E-1,C042,AST01,1,2026-11-20T14:03:00Z,',
      ' , ,,,,',
      ',,,,',
      'E-2,C042,AST05,1,2026-11-20T14:03:00Z,',
      ',,,,,',
      '',
    ].join('\n');
    expect(await importPurchases(ctx, source(csv))).toMatchObject({ imported: 2, minutesAdded: 360, errors: [] });
    // The line numbers stay those of the file.
    const bad = [HEADER, ',,,,', '"",,,,', 'E-3,C042,AST03,1,2026-11-20T14:03:00Z'].join('\r\n');
    expect((await importPurchases(ctx, source(bad))).errors).toEqual([
      { line: 4, message: "unknown product 'AST03' (AST01, AST02, AST05)" },
    ]);
  });

  it('reads a file mixing LF and CRLF line endings, quoted fields included', async () => {
    const lines = [
      `${HEADER},client_name`,
      'L-1,C042,AST01,1,2026-11-20T14:03:00Z,',
      'L-2,C300,AST01,1,2026-11-20T14:03:00Z,"Atelier, Leroy"',
      'L-3,C042,AST02,1,2026-11-20T14:03:00Z,',
      'L-4,C300,AST01,1,2026-11-20T14:03:00Z,"Atelier, Leroy"',
      'L-5,C042,AST99,1,2026-11-20T14:03:00Z,',
    ];
    // The header's ending first LF then CRLF, the others alternating; the bad last line gives the line count.
    for (const first of ['\n', '\r\n']) {
      const { ctx } = desk();
      const other = first === '\n' ? '\r\n' : '\n';
      const csv = lines.map((l, i) => l + (i % 2 === 0 ? first : other)).join('');
      const result = await importPurchases(ctx, source(csv));
      expect(result.errors, JSON.stringify(csv)).toEqual([
        { line: 6, message: "unknown product 'AST99' (AST01, AST02, AST05)" },
      ]);
      expect(await importPurchases(ctx, source(csv.slice(0, csv.lastIndexOf('L-5'))))).toMatchObject({
        imported: 4,
        minutesAdded: 300,
        errors: [],
      });
      expect(rawOf(ctx.store).value("SELECT name FROM clients WHERE code = 'C300'")).toBe('Atelier, Leroy');
    }
  });

  it('says which clients it created (createdClients), also in a dry run', async () => {
    const { ctx } = desk();
    const csv = [
      `${HEADER},client_name`,
      'K-1,C200,AST01,1,2026-11-20T14:03:00Z,Nouveau',
      'K-2,C042,AST01,1,2026-11-20T14:03:00Z,',
      'K-3,B7,AST01,1,2026-11-20T14:03:00Z,Autre',
      'K-4,C200,AST01,1,2026-11-20T14:03:00Z,Nouveau',
    ].join('\n');
    expect(await importPurchases(ctx, source(csv), { dryRun: true })).toMatchObject({
      imported: 4,
      createdClients: ['B7', 'C200'],
      dryRun: true,
    });
    expect(await importPurchases(ctx, source(csv))).toMatchObject({ imported: 4, createdClients: ['B7', 'C200'] });
    expect(await importPurchases(ctx, source(csv))).toMatchObject({ imported: 0, skipped: 4, createdClients: [] });
  });

  it('matches client codes without regard to case: c042 credits C042, never a second client', async () => {
    const { ctx } = desk();
    const csv = [
      `${HEADER},client_name`,
      'Q-1,c042,AST01,1,2026-11-20T14:03:00Z,Dupont',
      'Q-2,C042,AST01,1,2026-11-20T14:03:00Z,',
      'Q-3,n9,AST01,1,2026-11-20T14:03:00Z,Neuf',
      'Q-4,N9,AST01,1,2026-11-20T14:03:00Z,',
    ].join('\n');
    expect(await importPurchases(ctx, source(csv))).toMatchObject({ imported: 4, createdClients: ['n9'], errors: [] });
    expect(balance(ctx, 'C042').balanceMinutes).toBe(120);
    expect(
      rawOf(ctx.store)
        .all<{ code: string }>('SELECT code FROM clients ORDER BY id')
        .map((c) => c.code),
    ).toEqual(['C042', 'C043', 'n9']);
    expect(balance(ctx, 'n9').balanceMinutes).toBe(120);
    // An order imported before under another case of its client's code is the same order.
    const again = [HEADER, 'Q-1,C042,AST01,1,2026-11-20T14:03:00Z', 'Q-3,N9,AST01,1,2026-11-20T14:03:00Z'].join('\n');
    expect(await importPurchases(ctx, source(again))).toMatchObject({ imported: 0, skipped: 2, errors: [] });
    // Unknown in any case: one error per line.
    const unknown = [HEADER, 'Q-5,zz1,AST01,1,2026-11-20T14:03:00Z', 'Q-6,ZZ1,AST01,1,2026-11-20T14:03:00Z'].join('\n');
    expect((await importPurchases(ctx, source(unknown))).errors.map((e) => e.line)).toEqual([2, 3]);
  });
});
