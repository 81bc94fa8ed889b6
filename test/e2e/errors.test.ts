// Bad input gets the exit code of the SPEC's table and a clear message, on
// stderr only, and changes nothing in the database.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket, take } from '../../src/services/tickets.js';
import { cli, type Cli } from '../helpers/cli.js';
import { withRaw, snapshotDesk } from '../helpers/raw-sql.js';
import { BACKEND, deskTemplate, tempDir } from '../helpers/store.js';

/**
 * Each test gets a copy of one desk: C042 licensed with credit, #1 orange
 * (taken by alice), #2 red, #3 of C043 (licensed, no credit), #4 of C044 (no licence).
 */
const template = deskTemplate(async (ctx) => {
  addClient(ctx, { code: 'C042', name: 'Dupont SA' });
  addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
  adjust(ctx, 'C042', 120, 'order W1');
  addClient(ctx, { code: 'C043', name: 'Martin' });
  addLicence(ctx, { client: 'C043', plan: 'on-demand', start: '2026-01-01', months: 12 });
  addClient(ctx, { code: 'C044', name: 'Leroy' });
  for (const [client, subject] of [
    ['C042', 'Export PDF plante'],
    ['C042', 'Lenteur'],
    ['C043', 'Sans crédit'],
    ['C044', 'Sans licence'],
  ] as const)
    await openTicket(ctx, { client, subject });
  await take(ctx, 1);
});
let c: Cli;

beforeEach(() => {
  c = cli('2026-11-26T08:00:00Z', undefined, template.location);
});

const cases: { args: string[]; exit: number; code: string; says: RegExp }[] = [
  // 2: usage
  { args: ['frobnicate'], exit: 2, code: 'USAGE', says: /unknown command 'frobnicate'/ },
  { args: ['tak', '2'], exit: 2, code: 'USAGE', says: /unknown command 'tak'.*Did you mean take\?/ },
  { args: ['tickets', 'shwo', '1'], exit: 2, code: 'USAGE', says: /Did you mean show\?/ },
  { args: ['take', '2', '--forse'], exit: 2, code: 'USAGE', says: /unknown option '--forse'.*Did you mean --force\?/ },
  { args: ['take'], exit: 2, code: 'USAGE', says: /missing NUMBER/ },
  { args: ['close', '1'], exit: 2, code: 'USAGE', says: /missing --resolution/ },
  { args: ['tickets', 'open', '--subject', 'x'], exit: 2, code: 'USAGE', says: /missing --client/ },
  { args: ['clients', 'add', 'C050'], exit: 2, code: 'USAGE', says: /missing --name/ },
  { args: ['licences', 'add', 'C042', '--start', '2026-01-01'], exit: 2, code: 'USAGE', says: /missing --plan/ },
  { args: ['credits', 'adjust', 'C042', '+1h'], exit: 2, code: 'USAGE', says: /missing --reason/ },
  { args: ['time', '1', 'add'], exit: 2, code: 'USAGE', says: /missing DURATION/ },
  { args: ['time'], exit: 2, code: 'USAGE', says: /missing NUMBER/ },
  { args: ['take', 'abc'], exit: 2, code: 'USAGE', says: /invalid ticket number 'abc'/ },
  { args: ['take', '2', '--next'], exit: 2, code: 'USAGE', says: /number or --next/ },
  { args: ['time', '1', 'pause'], exit: 2, code: 'USAGE', says: /unknown time action 'pause'/ },
  {
    args: ['licences', 'add', 'C042', '--plan', 'gold', '--start', '2026-01-01'],
    exit: 2,
    code: 'USAGE',
    says: /gold.*all-inclusive, on-demand/,
  },
  // 3: not found
  { args: ['take', '99999'], exit: 3, code: 'TICKET_NOT_FOUND', says: /no ticket #99999/ },
  { args: ['tickets', 'show', '99'], exit: 3, code: 'TICKET_NOT_FOUND', says: /#99/ },
  { args: ['time', '99', 'add', '10m'], exit: 3, code: 'TICKET_NOT_FOUND', says: /#99/ },
  { args: ['close', '99', '--resolution', 'x'], exit: 3, code: 'TICKET_NOT_FOUND', says: /#99/ },
  { args: ['clients', 'show', 'C404'], exit: 3, code: 'CLIENT_NOT_FOUND', says: /C404/ },
  { args: ['credits', 'balance', 'C404'], exit: 3, code: 'CLIENT_NOT_FOUND', says: /C404/ },
  { args: ['tickets', 'open', '--client', 'C404', '--subject', 'x'], exit: 3, code: 'CLIENT_NOT_FOUND', says: /C404/ },
  {
    args: ['licences', 'add', 'C404', '--plan', 'all-inclusive', '--start', '2026-01-01'],
    exit: 3,
    code: 'CLIENT_NOT_FOUND',
    says: /C404/,
  },
  // 4: conflict
  { args: ['take', '1'], exit: 4, code: 'TICKET_ALREADY_TAKEN', says: /#1 is already taken by alice/ },
  { args: ['reopen', '1'], exit: 4, code: 'INVALID_TRANSITION', says: /#1 is orange/ },
  { args: ['release', '2'], exit: 4, code: 'INVALID_TRANSITION', says: /#2 is red/ },
  { args: ['time', '2', 'add', '10m'], exit: 4, code: 'INVALID_TRANSITION', says: /#2 is red/ },
  { args: ['time', '1', 'stop'], exit: 4, code: 'TIMER_NOT_RUNNING', says: /no timer running on #1/ },
  { args: ['clients', 'add', 'C042', '--name', 'again'], exit: 4, code: 'DUPLICATE', says: /C042 already exists/ },
  // 5: refused by the support terms
  { args: ['take', '3'], exit: 5, code: 'NO_CREDIT', says: /C043 has no assistance credit/ },
  { args: ['take', '4'], exit: 5, code: 'LICENCE_INACTIVE', says: /C044 holds no licence covering 2026-11-26/ },
  // 6: invalid input
  { args: ['time', '1', 'add', '1h75'], exit: 6, code: 'INVALID_INPUT', says: /invalid duration '1h75'/ },
  { args: ['time', '1', 'add', 'ten'], exit: 6, code: 'INVALID_INPUT', says: /invalid duration 'ten'/ },
  { args: ['time', '1', 'add', '24h01'], exit: 6, code: 'INVALID_INPUT', says: /at most 24h/ },
  { args: ['time', '1', 'add', '9999999'], exit: 6, code: 'INVALID_INPUT', says: /at most 24h/ },
  {
    args: ['licences', 'add', 'C043', '--plan', 'on-demand', '--start', '2026-01-01', '--end', '9999-12-31'],
    exit: 6,
    code: 'INVALID_INPUT',
    says: /invalid end date '9999-12-31'/,
  },
  {
    args: ['licences', 'add', 'C043', '--plan', 'on-demand', '--start', '2026-01-01', '--months', '100000'],
    exit: 6,
    code: 'INVALID_INPUT',
    says: /--months '100000'/,
  },
  {
    args: ['credits', 'adjust', 'C042', '1.5h', '--reason', 'x'],
    exit: 6,
    code: 'INVALID_INPUT',
    says: /invalid duration '1.5h'/,
  },
  { args: ['credits', 'adjust', 'C042', '-180', '--reason', 'x'], exit: 6, code: 'INVALID_INPUT', says: /negative/ },
  {
    args: ['licences', 'add', 'C042', '--plan', 'all-inclusive', '--start', '2026-02-30'],
    exit: 6,
    code: 'INVALID_INPUT',
    says: /invalid start date '2026-02-30'/,
  },
  {
    args: ['licences', 'add', 'C042', '--plan', 'on-demand', '--start', '2026-01-01'],
    exit: 6,
    code: 'INVALID_INPUT',
    says: /--months N or --end DATE/,
  },
  { args: ['clients', 'add', 'C 50', '--name', 'x'], exit: 6, code: 'INVALID_INPUT', says: /invalid client code/ },
];

describe('the exit-code table', () => {
  it.each(cases)('$args → exit $exit $code', async ({ args, exit, code, says }) => {
    const before = snapshotDesk(c.db);

    const options = { now: '2026-11-26T09:00:00Z', agent: 'bob' };
    const [human, json] = await Promise.all([c.start(args, options), c.start([...args, '--json'], options)]);
    expect(human.code).toBe(exit);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/^alias-support: .+\n$/);
    expect(human.stderr.split('\n')).toHaveLength(2); // one line
    expect(human.stderr).toMatch(says);

    expect(json.code).toBe(exit);
    expect(json.stdout).toBe('');
    const doc = JSON.parse(json.stderr);
    expect(doc).toStrictEqual({
      error: {
        code,
        message: expect.stringMatching(says),
        exitCode: exit,
        ...(doc.error.hint ? { hint: expect.any(String) } : {}),
      },
    });

    expect(snapshotDesk(c.db)).toEqual(before);
  });
});

describe('the database cannot be used: exit 7', () => {
  it('a file that is not a database: DB_UNAVAILABLE, the file left as it was', () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'shopping list\n'.repeat(100));
    const r = c.run(['clients', 'list', '--json', '--db', file]);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.error()).toMatchObject({ code: 'DB_UNAVAILABLE', exitCode: 7, message: expect.stringContaining(file) });
  });

  it('a path below a file: DB_UNAVAILABLE, not an internal error', () => {
    const file = join(tempDir(), 'plain-file');
    writeFileSync(file, '');
    const r = c.run(['clients', 'list', '--db', join(file, 'desk.db')]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^alias-support: .*desk\.db.*\n$/);
  });

  it('another command holds the write lock longer than the busy timeout: DB_BUSY, retry later', () => {
    const busy = () => {
      const r = c.run(['take', '2', '--json'], { env: { ALIAS_SUPPORT_BUSY_TIMEOUT_MS: '200' } });
      expect(r.code).toBe(7);
      expect(r.error()).toMatchObject({ code: 'DB_BUSY', exitCode: 7 });
    };
    if (BACKEND === 'sqlite') {
      const lock = new Database(c.db);
      try {
        lock.exec('BEGIN IMMEDIATE');
        busy();
      } finally {
        lock.exec('ROLLBACK');
        lock.close();
      }
    } else
      // On PostgreSQL another command holds the ticket's row.
      withRaw(c.db, (lock) => {
        lock.exec('BEGIN');
        try {
          lock.all('SELECT id FROM tickets WHERE id = 2 FOR UPDATE');
          busy();
        } finally {
          lock.exec('ROLLBACK');
        }
      });
    expect(c.run(['tickets', 'show', '2', '--json']).json().ticket.color).toBe('red');
  });
});

describe('internal errors: exit 1, a stack trace only with ALIAS_SUPPORT_DEBUG=1', () => {
  // A broken migrations folder is an internal fault of the installation, met
  // when a new database is migrated (an up-to-date one never reads it).
  function brokenInstall(): string {
    const folder = join(tempDir(), 'migrations');
    mkdirSync(join(folder, 'meta'), { recursive: true });
    writeFileSync(join(folder, 'meta', '_journal.json'), '{ not json');
    return folder;
  }

  it('without ALIAS_SUPPORT_DEBUG: one line, no stack', () => {
    const env = { ALIAS_SUPPORT_MIGRATIONS: brokenInstall(), ALIAS_SUPPORT_DB: join(tempDir(), 'new.db') };
    const human = c.run(['db', 'init'], { env });
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^alias-support: internal error: .*ALIAS_SUPPORT_DEBUG=1.*\n$/);
    expect(human.stderr).not.toMatch(/\n\s+at /);
    const json = c.run(['db', 'init', '--json'], { env });
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(json.error()).toMatchObject({ code: 'INTERNAL', exitCode: 1 });
  });

  it('with ALIAS_SUPPORT_DEBUG=1: the stack trace too', () => {
    const r = c.run(['db', 'init'], {
      env: {
        ALIAS_SUPPORT_MIGRATIONS: brokenInstall(),
        ALIAS_SUPPORT_DB: join(tempDir(), 'new.db'),
        ALIAS_SUPPORT_DEBUG: '1',
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('user errors never show a stack, even as --json', () => {
    for (const args of [
      ['take', '99999'],
      ['time', '1', 'add', 'abc', '--json'],
    ]) {
      const r = c.run(args);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });
});

describe('a command group without its subcommand: exit 2', () => {
  it('with --json, stderr is exactly the JSON error, naming the subcommands', () => {
    for (const [args, names] of [
      [['credits', '--json'], /'credits' needs a subcommand: balance, adjust, import, statement, list/],
      [['--json'], /needs a command: clients, .*licences, credits/],
    ] as const) {
      const r = c.run([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(JSON.parse(r.stderr)).toStrictEqual({
        error: {
          code: 'USAGE',
          message: expect.stringMatching(names),
          exitCode: 2,
          hint: expect.stringContaining('--help'),
        },
      });
    }
  });

  it('without --json, its help on stderr as before', () => {
    const r = c.run(['credits']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: alias-support credits \[options\] \[command\]\n/);
    expect(r.stderr).toMatch(/statement \[options\] <client>/);
  });
});

describe('environment errors', () => {
  it('ALIAS_SUPPORT_NOW that is not an ISO-8601 instant: exit 6', () => {
    const r = c.run(['clients', 'list', '--json'], { now: 'yesterday' });
    expect(r.code).toBe(6);
    expect(r.error()).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('ALIAS_SUPPORT_NOW') });
  });

  it('an unknown ALIAS_SUPPORT_TZ: exit 6', () => {
    const r = c.run(['clients', 'list', '--json'], { env: { ALIAS_SUPPORT_TZ: 'Mars/Olympus' } });
    expect(r.code).toBe(6);
    expect(r.error()).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Mars/Olympus') });
  });
});

describe('errors point to the right help and speak in words', () => {
  it.each([
    [['tickets', 'show'], 'tickets show'],
    [['time'], 'time'],
    [['queue', '--bogus'], 'queue'],
    [['credits', 'balance'], 'credits balance'],
  ])('%j: the hint names the command’s own --help', (args, path) => {
    const r = c.run([...args, '--json']);
    expect(r.code).toBe(2);
    expect(r.error()).toMatchObject({
      code: 'USAGE',
      hint: expect.stringMatching(new RegExp(`^see 'alias-support ${path} --help'`)),
    });
  });

  it('an unknown command points to the program’s help', () => {
    expect(c.run(['frobnicate', '--json']).error()).toMatchObject({ hint: "see 'alias-support --help'" });
  });

  it('a stray word after --json is an unknown JSON field, as in a list', () => {
    for (const args of [
      ['queue', '--json', 'nuber'],
      ['queue', '--json', 'number,colr'],
    ]) {
      const r = c.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.error()).toMatchObject({
        code: 'USAGE',
        message: expect.stringMatching(/^unknown JSON field 'nuber|colr' for queue$/),
        hint: expect.stringContaining('valid fields:'),
      });
    }
    // a client code after --json is still an argument
    expect(c.run(['clients', 'show', '--json', 'c042']).json().client.code).toBe('C042');
    expect(c.run(['clients', 'show', '--json', 'c042', 'extra']).error().message).toMatch(/too many arguments/);
  });

  it('file errors in words, not ENOENT / EACCES', () => {
    const missing = join(tempDir(), 'mail.txt');
    const open = c.run(['tickets', 'open', '--client', 'C042', '--subject', 'x', '--body-file', missing, '--json']);
    expect(open.code).toBe(6);
    expect(open.error().message).toBe(`no such file or folder: ${missing}`);
    const folder = tempDir();
    expect(
      c.run(['tickets', 'open', '--client', 'C042', '--subject', 'x', '--body-file', folder, '--json']).error().message,
    ).toBe(`it is a folder, not a file: ${folder}`);
    const orders = c.run(['credits', 'import', missing, '--json']);
    expect(orders.code).toBe(6);
    expect(orders.error().message).toBe(`no such file or folder: ${missing}`);
    const backup = c.run(['db', 'backup', join(missing, 'sub', 'b.db'), '--json']);
    expect(backup.error().message).not.toMatch(/E[A-Z]{3,}/);
  });
});
