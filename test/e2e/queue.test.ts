// `queue` as users and scripts run it: the real CLI on a temporary database,
// piped, and in a pseudo-terminal (width, colour, --watch and Ctrl-C).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, type Cli, type CliResult } from '../helpers/cli.js';
import { BACKEND, createDesk } from '../helpers/store.js';
import { terminal as openTerminal } from '../helpers/terminal.js';

const NOW = '2026-11-26T15:00:00Z'; // Thursday 16:00 in Paris
const CLEAR = '\u001b[2J';
const EVIL_SUBJECT = `Écran effacé${CLEAR}\u001b[H\u001b]0;pwned\u0007 puis\u009b31m rouge\r\n#999 ● green faux`;
const EVIL_NAME = `Evil\u001b[2J Corp\u0007`;
const LONG_SUBJECT = `L’export PDF plante dès que le document dépasse cent pages ${'et encore '.repeat(20)}fin`;
/** Anything a terminal would act on: C0 controls but the line feed, DEL, C1. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const SGR = /\u001b\[[\d;]*m/g;

function ok(r: CliResult): CliResult {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

let desk: Cli;
let templateDir: string;
/** The template desk: a file in templateDir, or a PostgreSQL database's URL. */
let template: string;

/**
 * Built once, copied for each test: C042 (2 h of credit), EVIL (an escape
 * sequence in its name, 20 min: low), BROKE (no credit). Red: #1 C042 (opened
 * 08:00), #2 EVIL (evil subject, 08:10), #3 C042 (long subject, 08:20).
 * Orange: #4 BROKE taken by bob. Green: #5 C042 by alice.
 */
beforeAll(() => {
  templateDir = mkdtempSync(join(tmpdir(), 'alias-support-queue-'));
  const builder = cli(NOW);
  template = createDesk(join(templateDir, 'desk.db'));
  const run = (args: string[], at = NOW, agent = 'alice') =>
    ok(builder.run(args, { now: at, agent, env: { ALIAS_SUPPORT_DB: template } }));
  run(['clients', 'add', 'C042', '--name', 'Dupont SA']);
  run(['clients', 'add', 'EVIL', '--name', EVIL_NAME]);
  run(['clients', 'add', 'BROKE', '--name', 'Fauché SARL']);
  for (const code of ['C042', 'EVIL', 'BROKE'])
    run(['licences', 'add', code, '--plan', 'all-inclusive', '--start', '2025-01-15']);
  run(['credits', 'adjust', 'C042', '+2h', '--reason', 'order W1']);
  run(['credits', 'adjust', 'EVIL', '+20m', '--reason', 'order W2']);
  run(['tickets', 'open', '--client', 'C042', '--subject', 'Export PDF plante'], '2026-11-26T08:00:00Z');
  run(['tickets', 'open', '--client', 'EVIL', '--subject', EVIL_SUBJECT], '2026-11-26T08:10:00Z');
  run(['tickets', 'open', '--client', 'C042', '--subject', LONG_SUBJECT], '2026-11-26T08:20:00Z');
  run(['tickets', 'open', '--client', 'BROKE', '--subject', 'Licence non reconnue'], '2026-11-26T08:30:00Z');
  run(['take', '4', '--force'], '2026-11-26T09:00:00Z', 'bob');
  run(['tickets', 'open', '--client', 'C042', '--subject', 'Question'], '2026-11-26T08:40:00Z');
  run(['take', '5'], '2026-11-26T09:00:00Z');
  run(['close', '5', '--resolution', 'answered'], '2026-11-26T09:20:00Z');
  if (BACKEND === 'sqlite') expect(existsSync(`${template}-wal`)).toBe(false); // closed cleanly: the file alone is the desk
}, 120_000);

afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

beforeEach(() => {
  desk = cli(NOW, undefined, template);
});

const queue = (args: string[], env: NodeJS.ProcessEnv = {}) => desk.run(['queue', ...args], { env });

describe('queue --json', () => {
  it('prints {tickets, counts}: red oldest first then orange, in the SPEC ticket shape', () => {
    const doc = ok(queue(['--json'])).json();
    expect(Object.keys(doc)).toEqual(['tickets', 'counts']);
    expect(doc.counts).toEqual({ red: 3, orange: 1, green: 1 });
    expect(doc.tickets.map((t: { number: number }) => t.number)).toEqual([1, 2, 3, 4]);
    expect(doc.tickets[3]).toMatchObject({
      number: 4,
      client: 'BROKE',
      status: 'in_progress',
      color: 'orange',
      takenBy: 'bob',
      timerRunning: true,
      workedSeconds: 6 * 3600,
      slices: 24,
    });
    // Opened 09:00 Paris, now 16:00 Paris: 7 business hours.
    expect(doc.tickets[0]).toMatchObject({
      number: 1,
      color: 'red',
      ageBusinessMinutes: 7 * 60,
      createdAt: '2026-11-26T08:00:00.000Z',
    });
    // JSON carries client text as given (JSON escapes the control characters itself).
    expect(doc.tickets[1].subject).toBe(EVIL_SUBJECT);
  });

  it('ALIAS_SUPPORT_TZ: business hours of another zone', () => {
    // #1 opened 08:00Z = 03:00 in New York; now 15:00Z = 10:00: one business hour.
    const doc = ok(queue(['--json'], { ALIAS_SUPPORT_TZ: 'America/New_York' })).json();
    expect(doc.tickets[0]).toMatchObject({ number: 1, ageBusinessMinutes: 60 });
  });

  it('--state, --limit: the counts stay those of the three states', () => {
    expect(
      ok(queue(['--state', 'green', '--json']))
        .json()
        .tickets.map((t: { number: number }) => t.number),
    ).toEqual([5]);
    const all = ok(queue(['--state', 'all', '--limit', '2', '--json'])).json();
    expect(all.tickets.map((t: { number: number }) => t.number)).toEqual([1, 2]);
    expect(all.counts).toEqual({ red: 3, orange: 1, green: 1 });
  });

  it('--client, --agent (typed here) and --mine (the acting agent) filter the tickets and the counts', () => {
    const c042 = ok(queue(['--client', 'C042', '--state', 'all', '--json'])).json();
    expect(c042.tickets.map((t: { number: number }) => t.number)).toEqual([1, 3, 5]);
    expect(c042.counts).toEqual({ red: 2, orange: 0, green: 1 });
    const bob = ok(queue(['--agent', 'bob', '--state', 'all', '--json'])).json();
    expect(bob.tickets.map((t: { number: number }) => t.number)).toEqual([4]);
    expect(bob.counts).toEqual({ red: 0, orange: 1, green: 0 });
    // ALIAS_SUPPORT_AGENT=alice only says who "mine" is.
    const mine = ok(queue(['--mine', '--state', 'all', '--json'])).json();
    expect(mine.tickets.map((t: { number: number }) => t.number)).toEqual([5]);
    expect(
      ok(queue(['--mine', '--json'], { ALIAS_SUPPORT_AGENT: 'bob' }))
        .json()
        .tickets.map((t: { number: number }) => t.number),
    ).toEqual([4]);
  });

  it.each([
    [['--agent', 'bob', '--mine'], 'USAGE', 2],
    [['--state', 'purple'], 'USAGE', 2],
    [['--limit', '0'], 'USAGE', 2],
    [['--interval', '2'], 'USAGE', 2],
    [['--watch'], 'USAGE', 2],
    [['--client', 'NOPE'], 'CLIENT_NOT_FOUND', 3],
  ])('queue %j --json fails with %s (exit %i), stdout empty', (args, code, exit) => {
    const r = queue([...args, '--json']);
    expect(r.code).toBe(exit);
    expect(r.stdout).toBe('');
    expect(r.error()).toMatchObject({ code, exitCode: exit });
  });
});

describe('queue for people (stdout not a terminal)', () => {
  it('shows the counts, state dot and word, number, client, subject, business age, agent, worked time, credit', () => {
    const out = ok(queue(['--state', 'all'])).stdout;
    const lines = out.split('\n');
    expect(lines[0]).toBe('Queue (all): ● red 3   ● orange 1   ● green 1');
    expect(lines[2]).toMatch(/^state\s+#\s+client\s+subject\s+age\s+agent\s+worked\s+credit$/);
    const row = (n: number) => lines.find((l) => new RegExp(`^● \\w+\\s+${n}  `).test(l))!;
    // 100 columns: the client's name shows beside its code.
    expect(row(1)).toMatch(/^● red\s+1\s+C042 {2}Dupont SA\s+Export PDF plante\s+7h00\s+—\s+—\s+2h00$/);
    expect(row(4)).toMatch(
      /^● orange\s+4\s+BROKE Fauché SARL\s+Licence non reconnue\s+6h30\s+bob\s+6h00 \(24×15'\)\s+none$/,
    );
    expect(row(5)).toMatch(/^● green\s+5\s+C042 {2}Dupont SA\s+Question\s+0h40\s+alice\s+0h20 \(2×15'\)\s+2h00$/);
    expect(row(2)).toMatch(/\s+0h20 low$/);
  });

  it('a plain, stable layout: no colour, 100 columns, long subjects cut with …', () => {
    const out = ok(queue([])).stdout;
    expect(out).not.toContain('\u001b');
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(out).toMatch(/L’export PDF plante dès que ?… {2}/);
    expect(out).not.toContain('dépasse');
    expect(ok(queue([])).stdout).toBe(out);
  });

  it('escape sequences and control characters in subjects and names never reach the terminal', () => {
    for (const env of [{}, { FORCE_COLOR: '1' }]) {
      const out = ok(queue(['--state', 'all'], env)).stdout;
      // Only colour (SGR) sequences of our own remain; nothing clears the screen, sets a title, rings or moves.
      expect(out.replace(SGR, '')).not.toMatch(CONTROL);
      expect(out).not.toContain(CLEAR);
      expect(out).not.toContain('pwned');
      // The subject is kept readable on its one line; no forged ticket line.
      const plain = out.replace(SGR, '');
      expect(plain).toContain('Écran effacé puis rouge #999…');
      expect(plain.split('\n').filter((l) => l.includes('#999'))).toHaveLength(1);
      expect(plain.split('\n').some((l) => l.startsWith('#999'))).toBe(false);
    }
  });

  it('the client name is cleaned too (shown when the width leaves room for it)', () => {
    const c = cli(NOW);
    ok(c.run(['clients', 'add', 'EVIL', '--name', EVIL_NAME]));
    ok(c.run(['tickets', 'open', '--client', 'EVIL', '--subject', 'x']));
    const out = ok(c.run(['queue'])).stdout;
    expect(out).toMatch(/EVIL Evil Corp\s+x\s/);
    expect(out).not.toMatch(CONTROL);
  });

  it('FORCE_COLOR colours the same text; NO_COLOR and --no-color win', () => {
    const plain = ok(queue(['--state', 'all'])).stdout;
    const coloured = ok(queue(['--state', 'all'], { FORCE_COLOR: '1' })).stdout;
    expect(coloured).toMatch(SGR);
    expect(coloured.replace(SGR, '')).toBe(plain);
    expect(ok(queue(['--state', 'all'], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).toBe(plain);
    expect(ok(queue(['--state', 'all', '--no-color'], { FORCE_COLOR: '1' })).stdout).toBe(plain);
  });

  it('says how many are not shown past --limit', () => {
    const out = ok(queue(['--limit', '2'])).stdout;
    expect(out).toContain('… 2 more not shown (2 of 4; --limit N shows more)');
    expect(ok(queue(['--client', 'C042', '--state', 'orange'])).stdout).toContain(
      'No orange tickets here (--state all shows the 3 others).',
    );
  });

  it('--watch is refused without a terminal (exit 2)', () => {
    const r = queue(['--watch']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--watch needs a terminal/);
  });

  it('demo fills the database and prints the queue', () => {
    const c = cli(NOW);
    const out = ok(c.run(['demo', '--tickets', '30', '--clients', '4'])).stdout;
    expect(out).toMatch(/Queue \(open\): ● red \d+ {3}● orange \d+ {3}● green \d+/);
    expect(out).toMatch(/^● red\s+\d+\s+C00\d/m);
  });
});

function terminal(args: string[], cols: number, env: Record<string, string> = {}) {
  return openTerminal(['queue', ...args], { db: desk.db, cols, rows: 30, now: NOW, env });
}

const visibleLines = (out: string) =>
  out
    .replace(SGR, '')
    .replace(/\u001b\[[^a-zA-Z]*[a-zA-Z]/g, '')
    .split(/\r?\n/);

describe('queue in a terminal', () => {
  it('the width follows the terminal, with colour', async () => {
    const narrow = terminal([], 72);
    const wide = terminal([], 180);
    expect(await narrow.exit).toBe(0);
    expect(await wide.exit).toBe(0);
    for (const [t, cols] of [
      [narrow, 72],
      [wide, 180],
    ] as const) {
      expect(t.output()).toMatch(SGR);
      for (const line of visibleLines(t.output())) expect(stringWidth(line)).toBeLessThanOrEqual(cols);
    }
    expect(visibleLines(wide.output()).join('\n')).toContain(
      'dès que le document dépasse cent pages et encore et encore',
    );
    // A narrow screen gives the subject the room of the worked time (see it with 'time N').
    expect(visibleLines(narrow.output()).join('\n')).toMatch(/L’export PDF plante dès que… {2}/);
    expect(visibleLines(narrow.output()).join('\n')).toMatch(/bob {4}none$/m);
    expect(visibleLines(narrow.output()).join('\n')).not.toContain('worked');
    expect(visibleLines(wide.output()).join('\n')).toContain("bob    6h00 (24×15')  none");
    // Room for the client names on a wide screen.
    expect(visibleLines(wide.output()).join('\n')).toContain('C042  Dupont SA');
  });

  it('CJK and emoji subjects are measured in display columns: no line overflows at 80 or 100', async () => {
    const c = cli(NOW);
    ok(c.run(['clients', 'add', 'C888', '--name', '北京软件有限公司']));
    ok(
      c.run(['tickets', 'open', '--client', 'C888', '--subject', '打印机无法连接到网络，请帮助我们解决这个问题，谢谢']),
    );
    ok(
      c.run([
        'tickets',
        'open',
        '--client',
        'C888',
        '--subject',
        '🔥🔥 la base ne démarre plus 🚨 après la mise à jour 👩‍💻',
      ]),
    );
    for (const cols of [80, 100]) {
      const t = openTerminal(['queue'], { db: c.db, cols, rows: 30, now: NOW });
      expect(await t.exit).toBe(0);
      const lines = visibleLines(t.output());
      expect(lines.join('\n')).toContain('打印机无法连接到网络');
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(cols);
    }
  });

  it('NO_COLOR in a terminal: no colour, the states still read as words', async () => {
    const t = terminal([], 120, { NO_COLOR: '1' });
    expect(await t.exit).toBe(0);
    expect(t.output()).not.toMatch(SGR);
    expect(t.output()).toContain('● red');
  });

  it('--watch redraws every --interval seconds until Ctrl-C, then gives the screen back (exit 0)', async () => {
    const t = terminal(['--watch', '--interval', '1'], 120);
    // What follows each redraw (home, then clear). A frame can reach the terminal in several reads: the second one
    // is whole once it equals the first (the clock is frozen).
    const frames = (out: string) => out.split(`\u001b[H${CLEAR}`).slice(1);
    await t.waitFor((out: string) => {
      const [first, second] = frames(out);
      return second !== undefined && second === first;
    });
    const out = t.output();
    expect(out.startsWith('\u001b[?1049h')).toBe(true);
    // Every clear is ours, one per frame: the evil subject cleared nothing.
    const [first] = frames(out);
    expect(first).toContain('Queue (open)');
    expect(first).not.toContain(CLEAR);
    expect(out).toContain('every 1 s · 2026-11-26 16:00 Europe/Paris · Ctrl-C to quit');
    t.type('\u0003');
    expect(await t.exit).toBe(0);
    expect(t.output().endsWith('\u001b[?25h\u001b[?1049l')).toBe(true);
  });

  it('--watch --json is refused (exit 2), even in a terminal', async () => {
    const t = terminal(['--watch', '--json'], 120);
    expect(await t.exit).toBe(2);
    expect(t.output()).toContain('"code":"USAGE"');
  });
});
