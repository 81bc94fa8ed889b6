// Text from clients (names, e-mail addresses, subjects, bodies, order ids from
// the shop's file) and from agents (names, notes, resolutions, reasons) is
// stored as given. In a terminal it must never act: no escape sequence (clear
// the screen, retitle the window, hide a hyperlink, move the cursor to forge a
// line), no control character, no bidi override. In a CSV it must never become
// a spreadsheet formula. Every human output and every CSV that shows such text
// is tried here through the real CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { addClient } from '../../src/services/clients.js';
import type { Ctx } from '../../src/services/context.js';
import { adjust } from '../../src/services/credit.js';
import { importPurchases } from '../../src/services/credit-import.js';
import { addLicence } from '../../src/services/licences.js';
import { close, openTicket, take, timeAdd } from '../../src/services/tickets.js';
import { cli, type CliResult, type RunOptions } from '../helpers/cli.js';

const NOW = '2026-11-26T09:00:00Z';
const ESC = '\u001b';
// Each hostile text carries a visible word, checked to still be shown.
const NAME = `Evil${ESC}[2J${ESC}[H Corp${ESC}]0;pwned\u0007\u202e`;
const EMAIL = `a${ESC}[8m@evil.example`;
const SUBJECT = `Printer${ESC}[32m ● green${ESC}[0m\r\n#999 fake line\u009b31m\u0008\u0008`;
const BODY = `first line\n${ESC}]8;;https://evil.example${ESC}\\click here${ESC}]8;;${ESC}\\\n\u0007last line`;
const RESOLUTION = `=cmd|' /C calc'!A0 ${ESC}[5mfixed`;
const NOTE = `+call${ESC}[1A${ESC}[2K noted`;
const REASON = `-2+3 ${ESC}[31mrefund${ESC}[0m`;
const ORDER = `@SUM(1)${ESC}[2JW-1`;
const AGENT = `=agent${ESC}[7m`;

/** Anything a terminal would act on; \n and \t are layout. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What a spreadsheet would run as a formula, unless it is a plain number. */
const FORMULA = /^[=+\-@\t\r]/;

// One desk for the whole file (tempDir() folders last one test only).
const dir = mkdtempSync(join(tmpdir(), 'alias-support-untrusted-'));
const db = join(dir, 'desk.db');
const runner = cli(NOW);
const desk = {
  run: (args: string[], options: RunOptions = {}): CliResult =>
    runner.run(args, { ...options, env: { ALIAS_SUPPORT_DB: db, ...options.env } }),
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The hostile desk: written in-process through the use cases, as the CLI would store it. */
beforeAll(async () => {
  const store = openStore(db);
  const ctx: Ctx = { store, now: Date.parse(NOW), agent: 'admin', tz: 'Europe/Paris' };
  const as = (iso: string, agent = AGENT): Ctx => ({ ...ctx, now: Date.parse(iso), agent });
  addClient(ctx, { code: 'EVIL', name: NAME, email: EMAIL });
  addLicence(ctx, { client: 'EVIL', plan: 'all-inclusive', start: '2025-01-15' });
  adjust(ctx, 'EVIL', 30, REASON);
  const csv = `order_id,client,product,quantity,purchased_at\n"${ORDER}",EVIL,AST02,1,2026-11-20T14:03:00Z\n`;
  expect((await importPurchases(ctx, { stream: Readable.from([Buffer.from(csv)]), format: 'csv' })).errors).toEqual([]);
  // #1 green, worked and noted; #2 red; #3 orange.
  await openTicket(as('2026-11-26T07:00:00Z', 'admin'), { client: 'EVIL', subject: SUBJECT, body: BODY });
  await take(as('2026-11-26T07:10:00Z'), 1);
  await timeAdd(as('2026-11-26T07:40:00Z', 'admin'), 1, 20, NOTE); // a colleague's call: their time, beside the taker's timer
  await close(as('2026-11-26T07:40:00Z'), 1, { resolution: RESOLUTION });
  await openTicket(as('2026-11-26T07:50:00Z', 'admin'), { client: 'EVIL', subject: SUBJECT });
  await openTicket(as('2026-11-26T07:55:00Z', 'admin'), { client: 'EVIL', subject: SUBJECT, body: BODY });
  await take(as('2026-11-26T08:00:00Z'), 3);
  store.close();
  // The bill is written by the CLI: its own output is one of those tried below.
  const billed = desk.run(['bill', '1'], { env: { NO_COLOR: '1' }, agent: AGENT });
  expect(billed.code, billed.stderr).toBe(0);
  expectInert(billed.stdout, 'bill 1');
});

function expectInert(text: string, what: string): void {
  const at = text.search(ACTIVE);
  expect(at, `${what}: ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`).toBe(-1);
}

const human: [string, string[], RegExp][] = [
  ['clients list', ['clients', 'list'], /Evil.*Corp/],
  ['clients show', ['clients', 'show', 'EVIL'], /Evil.*Corp[\s\S]*Printer/],
  [
    'tickets show (green: body, time note, resolution, history)',
    ['tickets', 'show', '1'],
    /Printer[\s\S]*first line[\s\S]*last line[\s\S]*noted[\s\S]*fixed/,
  ],
  ['tickets show (orange)', ['tickets', 'show', '3'], /Printer[\s\S]*click here/],
  ['time', ['time', '1'], /noted/],
  ['queue', ['queue'], /Printer/],
  ['queue --state all', ['queue', '--state', 'all'], /Printer/],
  ['credits balance', ['credits', 'balance', 'EVIL'], /EVIL/],
  ['credits statement', ['credits', 'statement', 'EVIL'], /(?=[\s\S]*refund)[\s\S]*W-1/],
  ['credits list', ['credits', 'list'], /Evil.*Corp/],
  ['bill --all --dry-run', ['bill', '--all', '--dry-run'], /./],
  ['report usage --by client', ['report', 'usage', '--by', 'client'], /EVIL/],
  ['report usage --by agent', ['report', 'usage', '--by', 'agent'], /agent/],
  ['outbox list', ['outbox', 'list'], /evil\.example/],
];

describe('escape sequences and control characters never reach the terminal', () => {
  it.each(human)('%s', (what, args, shown) => {
    const r = desk.run(args, { env: { NO_COLOR: '1' } });
    expect(r.code, `${what}: ${r.stderr}`).toBe(0);
    expectInert(r.stdout, what);
    expectInert(r.stderr, `${what} (stderr)`);
    expect(r.stdout).toMatch(shown);
  });

  it('one-line outputs of the agent commands (take, close) too', () => {
    const taken = desk.run(['take', '2', '--force'], { env: { NO_COLOR: '1' } });
    expect(taken.code, taken.stderr).toBe(0);
    expectInert(taken.stdout, 'take');
    const closed = desk.run(['close', '2', '--resolution', RESOLUTION], { env: { NO_COLOR: '1' } });
    expect(closed.code, closed.stderr).toBe(0);
    expectInert(closed.stdout, 'close');
    expect(closed.stdout).toMatch(/Printer/);
  });

  it('errors that quote the file being imported', () => {
    const file = `order_id,client,product,quantity,purchased_at\nX-1,EVIL,AST${ESC}[2J03,1,2026-11-20\nX-2,${ESC}]0;t\u0007NOBODY,AST01,1,2026-11-20\n`;
    const r = desk.run(['credits', 'import', '-'], { input: file, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(6);
    expectInert(r.stderr, 'import errors');
    expect(r.stderr).toMatch(/line 2: .*AST/);
    // An error message quoting an argument (a program may pass client text along).
    const unknown = desk.run(['clients', 'show', `X${ESC}[2J${ESC}]0;t\u0007`], { env: { NO_COLOR: '1' } });
    expect(unknown.code).toBe(3);
    expectInert(unknown.stderr, 'error message');
    expect(unknown.stderr).toMatch(/^alias-support: no client X/);
  });

  it('--json keeps the text exactly as stored (escaped by JSON, never altered)', () => {
    const r = desk.run(['tickets', 'show', '1', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().ticket.subject).toBe(SUBJECT);
    expect(r.json().body).toBe(BODY);
    expectInert(r.stdout, 'tickets show --json');
  });
});

describe('no CSV cell is a formula', () => {
  const csvs: [string, string[], string][] = [
    ['credits statement', ['credits', 'statement', 'EVIL', '--format', 'csv'], `'${REASON}`],
    ['report usage --by agent', ['report', 'usage', '--by', 'agent', '--format', 'csv'], `'${AGENT}`],
    ['report usage --by client', ['report', 'usage', '--by', 'client', '--format', 'csv'], 'EVIL'],
  ];

  it.each(csvs)('%s', (what, args, expected) => {
    const r = desk.run(args);
    expect(r.code, `${what}: ${r.stderr}`).toBe(0);
    const rows = parse(r.stdout);
    expect(rows.length).toBeGreaterThan(1);
    for (const cell of rows.flat()) {
      if (FORMULA.test(cell)) expect(cell, `${what}: formula cell`).toMatch(/^-?\d+(\.\d+)?$/);
    }
    expect(rows.flat()).toContain(expected);
  });

  it('the statement keeps the order id from the shop, neutralised', () => {
    const rows = parse(desk.run(['credits', 'statement', 'EVIL', '--format', 'csv']).stdout);
    expect(rows.flat()).toContain(`'${ORDER}`);
  });
});
