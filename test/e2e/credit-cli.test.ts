// The credit commands through the real CLI: import (exit 6 with every error,
// dry run, re-import, stdin, JSON), statement (CSV neutralised), list, and
// `licences expire` as cron runs it; the progress bar only at a terminal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, type Cli } from '../helpers/cli.js';
import { terminal } from '../helpers/terminal.js';
import { tempDir } from '../helpers/store.js';

const HEADER = 'order_id,client,product,quantity,purchased_at,client_name,client_email';

function desk(now = '2026-11-26T09:00:00Z'): Cli {
  const d = cli(now);
  expect(d.run(['clients', 'add', 'C042', '--name', 'Dupont SA']).code).toBe(0);
  expect(d.run(['licences', 'add', 'C042', '--plan', 'all-inclusive', '--start', '2025-01-15']).code).toBe(0);
  return d;
}

function file(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

const balanceOf = (d: Cli, client = 'C042', now?: string) =>
  d.run(['credits', 'balance', client, '--json'], { now }).json();

describe('credits import', () => {
  it('imports the example file of the README, then skips all of it the second time', () => {
    const d = desk();
    const dry = d.run(['credits', 'import', join(ROOT, 'docs', 'examples', 'shop-orders.csv'), '--dry-run']);
    expect(dry.stdout).toBe(
      'Dry run: would import 4 orders (+14h00 of credit), 0 already imported and skipped. Nothing was written.\nWould create 1 new client: C107.\n',
    );
    const first = d.run(['credits', 'import', join(ROOT, 'docs', 'examples', 'shop-orders.csv'), '--json']);
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({
      imported: 4,
      skipped: 0,
      minutesAdded: 840,
      createdClients: ['C107'],
      errors: [],
      dryRun: false,
    });
    expect(balanceOf(d)).toEqual({ client: 'C042', balanceMinutes: 420, validity: 'active', validUntil: '2031-01-14' });
    expect(balanceOf(d, 'C107')).toMatchObject({ balanceMinutes: 420, validity: 'unlicensed' });
    const again = d.run(['credits', 'import', join(ROOT, 'docs', 'examples', 'shop-orders.csv')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('Imported 0 orders (0h00 of credit), 4 already imported and skipped.\n');
  });

  it('a file with bad lines: every error with its line, exit 6, nothing imported (JSON on stdout, error on stderr)', () => {
    const d = desk();
    const bad = file(
      'bad.csv',
      [
        HEADER,
        'B-1,C042,AST05,1,2026-11-20T14:03:00Z,,',
        'B-2,C042,AST07,1,2026-11-20T14:03:00Z,,',
        'B-3,C777,AST01,-2,2026-11-20T14:03:00Z,,',
        'B-1,C042,AST05,2,2026-11-20T14:03:00Z,,',
      ].join('\n'),
    );
    const json = d.run(['credits', 'import', bad, '--json']);
    expect(json.code).toBe(6);
    expect(json.json()).toEqual({
      imported: 0,
      skipped: 0,
      minutesAdded: 0,
      createdClients: [],
      errors: [
        { line: 3, message: "unknown product 'AST07' (AST01, AST02, AST05)" },
        { line: 4, message: "quantity must be a whole number from 1 to 100000, got '-2'" },
        { line: 4, message: "unknown client 'C777' (give client_name, and client_email, to create it)" },
        { line: 5, message: 'order B-1 is already on line 2 with different content' },
      ],
      dryRun: false,
    });
    expect(json.error()).toMatchObject({
      code: 'INVALID_INPUT',
      exitCode: 6,
      message: `4 errors in ${bad}: nothing was imported`,
    });

    const human = d.run(['credits', 'import', bad]);
    expect(human.code).toBe(6);
    expect(human.stdout).toBe('');
    expect(human.stderr.split('\n').slice(0, 4)).toEqual([
      "line 3: unknown product 'AST07' (AST01, AST02, AST05)",
      "line 4: quantity must be a whole number from 1 to 100000, got '-2'",
      "line 4: unknown client 'C777' (give client_name, and client_email, to create it)",
      'line 5: order B-1 is already on line 2 with different content',
    ]);
    expect(human.stderr).toContain('nothing was imported');
    expect(balanceOf(d).balanceMinutes).toBe(0);
  });

  it('--dry-run reports and writes nothing; stdin with --format json', () => {
    const d = desk();
    const orders = JSON.stringify([
      { order_id: 'J-1', client: 'C042', product: 'AST02', quantity: 2, purchased_at: '2026-11-20T14:03:00Z' },
    ]);
    const dry = d.run(['credits', 'import', '-', '--format', 'json', '--dry-run', '--json'], { input: orders });
    expect(dry.json()).toEqual({
      imported: 1,
      skipped: 0,
      minutesAdded: 240,
      createdClients: [],
      errors: [],
      dryRun: true,
    });
    expect(balanceOf(d).balanceMinutes).toBe(0);
    expect(d.run(['credits', 'import', '-', '--format', 'json'], { input: orders }).stdout).toBe(
      'Imported 1 order (+4h00 of credit), 0 already imported and skipped.\n',
    );
    expect(balanceOf(d).balanceMinutes).toBe(240);
  });

  it('names the clients it creates; c042 in a file is the client C042', () => {
    const d = desk();
    const orders = file(
      'orders.csv',
      [
        HEADER,
        'N-1,c042,AST01,1,2026-11-20T14:03:00Z,,',
        'N-2,C9,AST01,1,2026-11-20T14:03:00Z,Neuf SARL,',
        'N-3,c9,AST01,1,2026-11-20T14:03:00Z,,',
      ].join('\n'),
    );
    const r = d.run(['credits', 'import', orders]);
    expect(r.stdout).toBe(
      'Imported 3 orders (+3h00 of credit), 0 already imported and skipped.\nCreated 1 new client: C9.\n',
    );
    expect(balanceOf(d).balanceMinutes).toBe(60);
    expect(balanceOf(d, 'C9').balanceMinutes).toBe(120);
    expect(
      d
        .run(['clients', 'list', '--json'])
        .json()
        .clients.map((c: { code: string }) => c.code),
    ).toEqual(['C042', 'C9']);
  });

  it('a file naming a client whose old credit was forfeited, then another client: imported (was INTERNAL, connection busy)', () => {
    const d = cli('2026-11-26T09:00:00Z');
    for (const args of [
      ['clients', 'add', 'OLD', '--name', 'Ancien'],
      ['licences', 'add', 'OLD', '--plan', 'on-demand', '--start', '2018-01-01', '--end', '2022-12-31'],
      ['licences', 'add', 'OLD', '--plan', 'on-demand', '--start', '2026-01-01', '--months', '12'],
      ['clients', 'add', 'NEW', '--name', 'Nouveau'],
      ['licences', 'add', 'NEW', '--plan', 'all-inclusive', '--start', '2025-01-01'],
    ])
      expect(d.run(args).code, args.join(' ')).toBe(0);
    const orders = file(
      'orders.csv',
      [
        'order_id,client,product,quantity,purchased_at',
        'X1,OLD,AST01,1,2026-11-20T14:03:00Z',
        'X2,NEW,AST01,1,2026-11-20T14:03:00Z',
      ].join('\n'),
    );
    const r = d.run(['credits', 'import', orders, '--json']);
    expect(r.stderr).toBe('');
    expect(r.json()).toMatchObject({ imported: 2, minutesAdded: 120 });
  });

  it('product names such as constructor or __proto__ are unknown products: exit 6 with their lines', () => {
    const d = desk();
    const orders = file(
      'orders.csv',
      [HEADER, 'O-1,C042,constructor,1,2026-11-20T14:03:00Z,,', 'O-2,C042,__proto__,1,2026-11-20T14:03:00Z,,'].join(
        '\n',
      ),
    );
    const r = d.run(['credits', 'import', orders, '--json']);
    expect(r.code).toBe(6);
    expect(r.json().errors).toEqual([
      { line: 2, message: "unknown product 'constructor' (AST01, AST02, AST05)" },
      { line: 3, message: "unknown product '__proto__' (AST01, AST02, AST05)" },
    ]);
  });

  it('a missing file is invalid input (exit 6) and creates no database', () => {
    const d = cli();
    const r = d.run(['credits', 'import', join(tempDir(), 'nope.csv'), '--json']);
    expect(r.code).toBe(6);
    expect(r.error().message).toMatch(/no such file or folder: .*nope\.csv/);
  });

  it('shows a progress bar on a terminal for a large file, and none with --json', async () => {
    const d = desk();
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `P-${i},C042,AST01,1,2026-11-20T14:03:00Z,Dupont SA,support@dupont.fr`,
    );
    const big = file('big.csv', [HEADER, ...rows].join('\n')); // > 1 MB
    const atTerminal = async (args: string[]) => {
      const t = terminal(args, { db: d.db, cols: 120, rows: 10 });
      await t.exit;
      return t.output();
    };
    expect(await atTerminal(['credits', 'import', big, '--dry-run'])).toMatch(/reading \|[█░]+\| \d+%/);
    const json = await atTerminal(['credits', 'import', big, '--dry-run', '--json']);
    expect(json).not.toContain('█');
    expect(JSON.parse(json)).toMatchObject({ imported: 20_000, dryRun: true });
    // Without a terminal: nothing on stderr.
    expect(d.run(['credits', 'import', big, '--dry-run']).stderr).toBe('');
  });
});

describe('credits statement and list', () => {
  it('statement as CSV: running balance, formula-like notes neutralised, numbers kept', () => {
    const d = desk();
    expect(
      d.run(['credits', 'import', '-'], { input: `${HEADER}\nW-1,C042,AST02,1,2026-11-20T14:03:00Z,,\n` }).code,
    ).toBe(0);
    expect(d.run(['credits', 'adjust', 'C042', '--reason', '=HYPERLINK("http://evil")', '--', '-30m']).code).toBe(0);
    const csv = d.run(['credits', 'statement', 'C042', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual([
      'client,at,kind,minutes,balance_minutes,reference,note,due',
      'C042,2026-11-20T14:03:00.000Z,purchase,120,120,W-1,1 × AST02,false',
      `C042,2026-11-26T09:00:00.000Z,adjustment,-30,90,,"'=HYPERLINK(""http://evil"")",false`,
    ]);
    const json = d.run(['credits', 'statement', 'C042', '--from', '2026-11-21', '--json']).json();
    expect(json).toMatchObject({ client: 'C042', openingBalanceMinutes: 120, balanceMinutes: 90 });
    expect(json.entries).toEqual([
      {
        at: '2026-11-26T09:00:00.000Z',
        kind: 'adjustment',
        minutes: -30,
        balanceMinutes: 90,
        reference: null,
        note: '=HYPERLINK("http://evil")',
        due: false,
      },
    ]);
    const table = d.run(['credits', 'statement', 'C042']).stdout;
    expect(table).toMatch(/2026-11-20 15:03 .*purchase .*\+2h00 .*2h00 .*W-1/);
    expect(table).toMatch(/\nBalance: 1h30\n$/);
  });

  it('list: all clients, --below, --forfeit-within, and bad values', () => {
    const d = desk();
    expect(d.run(['clients', 'add', 'C050', '--name', 'Lapsed']).code).toBe(0);
    expect(
      d.run(['licences', 'add', 'C050', '--plan', 'on-demand', '--start', '2023-01-01', '--end', '2024-12-10']).code,
    ).toBe(0);
    expect(
      d.run(['credits', 'import', '-'], {
        input: `${HEADER}\nL-1,C050,AST01,1,2024-06-01T10:00:00Z,,\nL-2,C042,AST05,1,2026-11-01T10:00:00Z,,\n`,
      }).code,
    ).toBe(0);
    expect(
      d
        .run(['credits', 'list', '--json'])
        .json()
        .clients.map((c: { client: string; validity: string }) => [c.client, c.validity]),
    ).toEqual([
      ['C042', 'active'],
      ['C050', 'frozen'],
    ]);
    expect(
      d
        .run(['credits', 'list', '--below', '1h30', '--json'])
        .json()
        .clients.map((c: { client: string }) => c.client),
    ).toEqual(['C050']);
    expect(d.run(['credits', 'list', '--forfeit-within', '15', '--json']).json().clients).toMatchObject([
      { client: 'C050', forfeitsOn: '2026-12-11' },
    ]);
    expect(d.run(['credits', 'list', '--forfeit-within', '14', '--json']).json().clients).toEqual([]);
    expect(d.run(['credits', 'list', '--below', 'soon']).code).toBe(6);
    expect(d.run(['credits', 'list', '--forfeit-within', '0']).code).toBe(2);
    expect(d.run(['credits', 'list']).stdout).toMatch(/C050 .*Lapsed .*1h00 .*frozen until 2026-12-10 .*2026-12-11/);
    expect(d.run(['credits', 'list', '--below', '1m']).stdout).toBe('No client matches (balance below 1m).\n');
  });
});

describe('licences expire, as cron runs it', () => {
  it('writes the forfeit once, prints the SPEC JSON, exits 0; a second run changes nothing', () => {
    const d = cli('2023-06-01T09:00:00Z');
    expect(d.run(['clients', 'add', 'C042', '--name', 'Dupont SA']).code).toBe(0);
    expect(d.run(['licences', 'add', 'C042', '--plan', 'all-inclusive', '--start', '2020-01-01']).code).toBe(0);
    expect(
      d.run(['credits', 'import', '-'], { input: `${HEADER}\nW-1,C042,AST02,1,2023-05-10T10:00:00Z,,\n` }).code,
    ).toBe(0);

    const dusk = '2026-01-01T02:00:00Z';
    const first = d.run(['licences', 'expire', '--json'], { now: dusk });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.json()).toEqual({
      asOf: '2026-01-01',
      expired: [],
      forfeited: [{ client: 'C042', minutes: 120, day: '2026-01-01' }],
      dryRun: false,
    });
    const second = d.run(['licences', 'expire', '--json'], { now: '2026-01-01T05:00:00Z' });
    expect(second.json()).toEqual({ asOf: '2026-01-01', expired: [], forfeited: [], dryRun: false });
    expect(balanceOf(d, 'C042', dusk)).toEqual({
      client: 'C042',
      balanceMinutes: 0,
      validity: 'forfeited',
      validUntil: '2025-12-31',
    });
    const statement = d.run(['credits', 'statement', 'C042', '--json'], { now: dusk }).json();
    expect(statement.entries.at(-1)).toMatchObject({
      kind: 'forfeit',
      minutes: -120,
      balanceMinutes: 0,
      reference: '2026-01-01',
      due: false,
    });

    // The day after the licence ended, the human report names it.
    const human = d.run(['licences', 'expire', '--dry-run'], { now: '2024-01-01T02:00:00Z' });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('licence #1 of C042 ended on 2023-12-31: credit frozen');
    // Taking a ticket for a frozen client is refused (exit 5).
    const open = d.run(['tickets', 'open', '--client', 'C042', '--subject', 'Question', '--json'], {
      now: '2024-06-01T09:00:00Z',
    });
    const take = d.run(['take', String(open.json().ticket.number), '--json'], { now: '2024-06-01T09:05:00Z' });
    expect(take.code).toBe(5);
    expect(take.error().code).toBe('LICENCE_INACTIVE');
  });
});
