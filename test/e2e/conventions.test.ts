// SPEC §2 conventions: where the database is, who acts, colour, --json, --help.
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, type Cli, type CliResult } from '../helpers/cli.js';
import { addClient } from '../../src/services/clients.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import { openTicket } from '../../src/services/tickets.js';
import { seed, tempDir } from '../helpers/store.js';

const ESC = '\u001b';

/** A successful run, its stderr shown if not. */
function ok(r: CliResult): CliResult {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

async function deskWithTicket(): Promise<Cli> {
  const c = cli('2026-11-26T08:00:00Z');
  await seed(c.db, async (ctx) => {
    addClient(ctx, { code: 'C042', name: 'Dupont SA' });
    addLicence(ctx, { client: 'C042', plan: 'all-inclusive', start: '2025-01-15' });
    adjust(ctx, 'C042', 120, 'order W1');
    await openTicket(ctx, { client: 'C042', subject: 'Export PDF plante' });
  });
  return c;
}

describe('the database path', () => {
  it('--db, then ALIAS_SUPPORT_DB, then $XDG_DATA_HOME/alias-support/alias-support.db, then ~/.local/share', () => {
    const c = cli();
    const home = tempDir();
    const xdg = tempDir();
    const flag = join(tempDir(), 'flag', 'desk.db');
    const env = join(tempDir(), 'env', 'desk.db');

    ok(c.run(['db', 'init', '--db', flag], { env: { ALIAS_SUPPORT_DB: env } }));
    ok(c.run(['clients', 'add', 'F1', '--name', 'x', '--db', flag], { env: { ALIAS_SUPPORT_DB: env } }));
    expect(existsSync(flag)).toBe(true);
    expect(existsSync(env)).toBe(false);

    ok(c.run(['db', 'init'], { env: { ALIAS_SUPPORT_DB: env } }));
    ok(c.run(['clients', 'add', 'E1', '--name', 'x'], { env: { ALIAS_SUPPORT_DB: env } }));
    expect(existsSync(env)).toBe(true);

    const noDb = { ALIAS_SUPPORT_DB: undefined, HOME: home };
    ok(c.run(['clients', 'add', 'X1', '--name', 'x'], { env: { ...noDb, XDG_DATA_HOME: xdg } }));
    const xdgFile = join(xdg, 'alias-support', 'alias-support.db');
    expect(existsSync(xdgFile)).toBe(true);

    ok(c.run(['clients', 'add', 'H1', '--name', 'x'], { env: noDb }));
    const homeFile = join(home, '.local', 'share', 'alias-support', 'alias-support.db');
    expect(existsSync(homeFile)).toBe(true);

    // Each file holds only its own client.
    for (const [db, code] of [
      [flag, 'F1'],
      [env, 'E1'],
      [xdgFile, 'X1'],
      [homeFile, 'H1'],
    ] as const) {
      expect(
        c
          .run(['clients', 'list', '--json', '--db', db])
          .json()
          .clients.map((cl: { code: string }) => cl.code),
      ).toEqual([code]);
      expect(statSync(db).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(home, '.local', 'share', 'alias-support')).mode & 0o777).toBe(0o700);
  });

  it('--help and --version open no database', () => {
    const c = cli();
    const env = { env: { ALIAS_SUPPORT_DB: join(tempDir(), 'none.db') } };
    const help = c.run(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: alias-support/);
    expect(c.run(['take', '--help'], env).stdout).toMatch(/Examples:\n\s+\$ alias-support take 1042/);
    expect(c.run(['--version'], env).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(env.env.ALIAS_SUPPORT_DB)).toBe(false);
  });

  it('--version --json and --help --json print one JSON document', () => {
    const c = cli();
    for (const args of [
      ['--version', '--json'],
      ['--json', '-V'],
    ]) {
      const r = ok(c.run(args));
      expect(r.json()).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.version });
    }
    const show = ok(c.run(['tickets', 'show', '--help', '--json'])).json();
    expect(show).toMatchObject({
      name: 'tickets show',
      usage: expect.stringContaining('alias-support tickets show'),
      arguments: [expect.objectContaining({ name: 'number' })],
    });
    const group = ok(c.run(['credits', '--help', '--json'])).json();
    expect(group.commands.map((x: { name: string }) => x.name)).toContain('credits balance');
    const all = ok(c.run(['--help', '--json'])).json();
    expect(all).toMatchObject({
      name: 'alias-support',
      commands: expect.arrayContaining([expect.objectContaining({ name: 'take' })]),
    });
    expect(ok(c.run(['--json', 'take', '--help'])).json().name).toBe('take');
  });
});

describe('the acting agent', () => {
  it('--agent beats ALIAS_SUPPORT_AGENT, and is recorded in the history', async () => {
    const c = await deskWithTicket();
    c.run(['take', '1', '--agent', 'carol'], { agent: 'alice' });
    c.run(['time', '1', 'add', '10m'], { agent: 'dave', now: '2026-11-26T08:30:00Z' }); // work done after the take
    const shown = c.run(['tickets', 'show', '1', '--json']).json();
    expect(shown.ticket.takenBy).toBe('carol');
    expect(shown.history.map((h: { agent: string; event: string }) => `${h.event}:${h.agent}`)).toEqual([
      'opened:alice',
      'taken:carol',
      'time-added:dave',
    ]);
  });

  it('is untrusted text: its control characters never reach the terminal in a confirmation', async () => {
    const c = await deskWithTicket();
    const r = ok(
      c.run(['take', '1', '--agent', 'eve\u001b]0;pwned\u0007\u001b[2J\u009b31m'], { now: '2026-11-26T09:00:00Z' }),
    );
    expect(r.stdout).toMatch(/taken by eve/);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('without either, the OS user name', async () => {
    const c = await deskWithTicket();
    const r = c.run(['take', '1', '--json'], { env: { ALIAS_SUPPORT_AGENT: undefined } });
    expect(r.code).toBe(0);
    expect(r.json().ticket.takenBy).toBe(userInfo().username);
  });
});

describe('time and zone', () => {
  it('ALIAS_SUPPORT_NOW is "now" for every command; ALIAS_SUPPORT_TZ decides which day it is', () => {
    const c = cli('2026-11-26T23:30:00Z'); // 27 Nov in Paris, still 26 Nov in New York
    c.run(['clients', 'add', 'C042', '--name', 'x']);
    c.run(['licences', 'add', 'C042', '--plan', 'on-demand', '--start', '2026-01-01', '--end', '2026-11-26']);
    expect(c.run(['credits', 'balance', 'C042', '--json']).json().validity).toBe('frozen');
    expect(
      c.run(['credits', 'balance', 'C042', '--json'], { env: { ALIAS_SUPPORT_TZ: 'America/New_York' } }).json()
        .validity,
    ).toBe('active');
  });
});

describe('--json', () => {
  it('stdout is exactly one JSON document, for every command', async () => {
    const c = await deskWithTicket();
    const commands = [
      ['clients', 'list'],
      ['clients', 'show', 'C042'],
      ['licences', 'list'],
      ['credits', 'balance', 'C042'],
      ['tickets', 'show', '1'],
      ['take', '1'],
      ['time', '1'],
      ['close', '1', '--resolution', 'done'],
      ['reopen', '1'],
      ['take', '--next'],
      ['release', '1'],
    ];
    for (const args of commands) {
      const r = c.run(['--json', ...args], { env: { FORCE_COLOR: '1' } });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.stdout.endsWith('\n') && r.stdout.indexOf('\n') === r.stdout.length - 1, args.join(' ')).toBe(true);
      expect(() => JSON.parse(r.stdout), args.join(' ')).not.toThrow();
      expect(r.stdout).not.toContain(ESC);
    }
  });
});

describe('colour', () => {
  it('none when piped, with NO_COLOR, --no-color or FORCE_COLOR=0; FORCE_COLOR=1 colours a pipe; states read as words', async () => {
    const c = await deskWithTicket();
    // tickets show has a coloured state; without colour it must still read as a word.
    const show = ['tickets', 'show', '1'];
    const plain: [string, NodeJS.ProcessEnv, string[]][] = [
      ['piped, no variable', {}, []],
      ['NO_COLOR=1 with FORCE_COLOR=1', { NO_COLOR: '1', FORCE_COLOR: '1' }, []],
      ['--no-color with FORCE_COLOR=1', { FORCE_COLOR: '1' }, ['--no-color']],
      ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, []],
    ];
    for (const [label, env, flags] of plain) {
      const r = c.run([...show, ...flags], { env });
      expect(r.code, label).toBe(0);
      expect(r.stdout, label).not.toContain(ESC);
      expect(r.stdout, label).toMatch(/^#1 ● red C042/);
    }
    const forced = c.run(show, { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/^#1 ● red C042/);
    // Errors carry no colour either.
    const error = c.run(['take', '99'], { env: { FORCE_COLOR: '1' } });
    expect(error.code).toBe(3);
    expect(error.stderr).not.toContain(ESC);
  });
});

describe('values that look like options', () => {
  it('reads a negative duration as an argument: credits adjust C042 -1h30', async () => {
    const c = await deskWithTicket();
    const r = ok(c.run(['credits', 'adjust', 'C042', '-1h30', '--reason', 'duplicate import', '--json']));
    expect(r.json()).toMatchObject({ client: 'C042', adjustmentMinutes: -90, balanceMinutes: 30 });
    expect(
      ok(c.run(['credits', 'adjust', 'C042', '--reason', 'again', '--json', '--', '-15m'])).json().balanceMinutes,
    ).toBe(15);
  });

  it('gives --version V after a subcommand to that subcommand; alone it prints the version', () => {
    const c = cli();
    const r = c.run(['fixes', 'deliver', '1', '--version', '4.2.1', '--json']);
    expect(r.code).toBe(3);
    expect(r.error().code).toBe('TICKET_NOT_FOUND');
    expect(ok(c.run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('client text that looks like a negative duration', () => {
  it('is stored as given: a subject or a reason starting with -2h is not rewritten', async () => {
    const c = await deskWithTicket();
    const opened = ok(
      c.run(['tickets', 'open', '--client', 'C042', '--subject', '-2h: export crashes', '--json']),
    ).json();
    expect(opened.ticket.subject).toBe('-2h: export crashes');
    const subject = ok(c.run(['tickets', 'open', '--client', 'C042', '--subject', '-1h', '--json'])).json();
    expect(subject.ticket.subject).toBe('-1h');
    const adjusted = ok(c.run(['credits', 'adjust', 'C042', '+15m', '--reason', '-1h', '--json'])).json();
    expect(adjusted.reason).toBe('-1h');
    expect(ok(c.run(['credits', 'adjust', 'C042', '-0h15', '--json', '--reason', 'x'])).json().adjustmentMinutes).toBe(
      -15,
    );
  });
});
