// The real prompts, driven through a pseudo-terminal (node-pty): the CLI sees
// a TTY on stdin and stdout exactly as at a support agent's desk.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Cli } from '../helpers/cli.js';
import { KEY, terminal as openTerminal, visible } from '../helpers/terminal.js';
import { NOW, smallDesk } from '../helpers/small-desk.js';
import { snapshotDesk } from '../helpers/raw-sql.js';

/** The screen since `typed` was last echoed: what the list shows for that search. */
const visibleAfterTyping = (out: string, typed: string): string => {
  const screen = visible(out);
  return screen.slice(screen.lastIndexOf(typed));
};

function terminal(desk: Cli, args: string[], env: Record<string, string> = {}) {
  return openTerminal(args, { db: desk.db, now: NOW, env });
}

let desk: Cli;

beforeEach(async () => {
  desk = await smallDesk();
});

const ticket = (n: number) => desk.run(['tickets', 'show', String(n), '--json']).json().ticket;
const history = (n: number) => desk.run(['tickets', 'show', String(n), '--json']).json().history;

describe('take at a terminal', () => {
  it('offers the red queue oldest first, with client, subject, age and credit, and takes the one picked', async () => {
    const t = terminal(desk, ['take']);
    await t.waitFor('Take which red ticket?');
    await t.waitFor('Question sur les modèles');
    const lines = t.screen().split(/\r?\n/);
    const line = (n: number) => lines.find((l) => l.includes(`#${n} `)) ?? '';
    expect(line(1)).toMatch(/#1\s+C042\s+Export PDF plante\s+2h00 old\s+2h00 credit/);
    expect(line(2)).toMatch(/#2\s+C043\s+Licence non reconnue\s+1h50 old\s+5h00 credit/);
    expect(t.screen()).not.toContain('refused');
    expect(t.screen().indexOf('#1 ')).toBeLessThan(t.screen().indexOf('#2 '));
    expect(t.screen().indexOf('#2 ')).toBeLessThan(t.screen().indexOf('#3 '));
    t.type(KEY.down);
    t.type(KEY.enter);
    expect(await t.exit).toBe(0);
    expect(t.screen()).toMatch(/#2 .*taken by alice, timer running; C043 has 5h00 of credit/);
    expect(ticket(2)).toMatchObject({ status: 'in_progress', takenBy: 'alice', timerRunning: true });
    expect(ticket(1).status).toBe('pending');
    expect(ticket(3).status).toBe('pending');
  });

  describe('a ticket the terms refuse', () => {
    beforeEach(() => {
      for (const args of [
        ['clients', 'add', 'C044', '--name', 'Sans Crédit SARL'],
        ['licences', 'add', 'C044', '--plan', 'all-inclusive', '--start', '2025-01-15'],
        ['tickets', 'open', '--client', 'C044', '--subject', 'Plus de crédit'],
      ])
        expect(desk.run(args, { now: '2026-11-26T08:05:00Z' }).code).toBe(0);
    });

    it('is shown apart with the reason, and taken only after confirming --force', async () => {
      const t = terminal(desk, ['take']);
      await t.waitFor('Take which red ticket?');
      await t.waitFor('Plus de crédit');
      const screen = t.screen();
      // The allowed ones first, in queue order; the refused one after them, with its reason.
      expect(screen.indexOf('#3 ')).toBeLessThan(screen.indexOf('refused by the support terms'));
      expect(screen.indexOf('refused by the support terms')).toBeLessThan(screen.indexOf('#4 '));
      expect(screen).toMatch(/#4\s+C044\s+Plus de crédit\s+1h55 old\s+no credit/);
      t.type(KEY.down + KEY.down + KEY.down);
      await t.waitFor('C044 has no assistance credit left');
      t.type(KEY.enter);
      await t.waitFor('Take it anyway');
      expect(t.screen()).toMatch(
        /#4: C044 has no assistance credit left\. Take it anyway \(--force, recorded in the history\)\? \(y\/N\)/,
      );
      t.type('y' + KEY.enter);
      expect(await t.exit).toBe(0);
      expect(ticket(4)).toMatchObject({ status: 'in_progress', takenBy: 'alice' });
      expect(history(4).map((e: { event: string }) => e.event)).toContain('forced');
    });

    it('a no to --force changes nothing and exits 130', async () => {
      const before = snapshotDesk(desk.db);
      const t = terminal(desk, ['take']);
      await t.waitFor('Plus de crédit');
      t.type(KEY.down + KEY.down + KEY.down + KEY.enter);
      await t.waitFor('Take it anyway');
      t.type(KEY.enter);
      expect(await t.exit).toBe(130);
      expect(snapshotDesk(desk.db)).toEqual(before);
    });
  });

  it('Ctrl-C at the pick exits 130 and changes nothing', async () => {
    const before = snapshotDesk(desk.db);
    const t = terminal(desk, ['take']);
    await t.waitFor('Take which red ticket?');
    t.type(KEY.down);
    t.type(KEY.ctrlC);
    expect(await t.exit).toBe(130);
    expect(snapshotDesk(desk.db)).toEqual(before);
  });

  it('says so when no ticket is red', async () => {
    for (const n of [1, 2, 3]) expect(desk.run(['close', String(n), '--resolution', 'duplicate']).code).toBe(0);
    const t = terminal(desk, ['take']);
    expect(await t.exit).toBe(3);
    expect(t.screen()).toContain('no red ticket in the queue');
  });
});

describe('close at a terminal', () => {
  beforeEach(() => {
    expect(desk.run(['take', '2'], { now: '2026-11-26T09:00:00Z' }).code).toBe(0);
  });

  it('asks the resolution, then whether it was a software defect (default no)', async () => {
    const t = terminal(desk, ['close', '2']);
    await t.waitFor('Resolution');
    t.type('export settings fixed');
    t.type(KEY.enter);
    await t.waitFor('software defect');
    expect(t.screen()).toMatch(/software defect.*\(y\/N\)/);
    t.type(KEY.enter);
    expect(await t.exit).toBe(0);
    expect(ticket(2)).toMatchObject({
      status: 'resolved',
      resolution: 'export settings fixed',
      defect: false,
      billableMinutes: 60,
    });
    expect(t.screen()).toContain('resolved, 1h00 billable');
  });

  it('lists the acting agent’s own tickets first, with an agent column; time picks the same way', async () => {
    expect(desk.run(['take', '1'], { now: '2026-11-26T09:05:00Z', agent: 'bob' }).code).toBe(0);
    expect(desk.run(['take', '3'], { now: '2026-11-26T09:10:00Z' }).code).toBe(0);
    for (const command of ['close', 'time']) {
      const t = terminal(desk, [command]);
      await t.waitFor(command === 'close' ? 'Close which ticket?' : 'Which ticket?');
      await t.waitFor('#1 ');
      const screen = t.screen();
      // alice's #2 and #3 (oldest take first), then bob's #1.
      expect(screen.indexOf('#2 ')).toBeLessThan(screen.indexOf('#3 '));
      expect(screen.indexOf('#3 ')).toBeLessThan(screen.indexOf('#1 '));
      expect(screen).toMatch(/#2\s+alice\s+C043\s+Licence non reconnue/);
      expect(screen).toMatch(/#1\s+bob\s+C042\s+Export PDF plante/);
      t.type(KEY.ctrlC);
      expect(await t.exit).toBe(130);
    }
    const t = terminal(desk, ['time']);
    await t.waitFor('Which ticket?');
    t.type(KEY.enter);
    expect(await t.exit).toBe(0);
    expect(t.screen()).toMatch(/#2 .*orange/);
  });

  it('records a defect when answered yes, the ticket picked among the orange ones', async () => {
    const t = terminal(desk, ['close']);
    await t.waitFor('Close which ticket?');
    // The question is drawn before its choices: wait for the ticket, not only the question.
    await t.waitFor(/#2\s+alice\s+C043\s+Licence non reconnue/);
    expect(t.screen()).not.toContain('#1 ');
    t.type(KEY.enter);
    await t.waitFor('Resolution');
    t.type('crash in the licence check');
    t.type(KEY.enter);
    await t.waitFor('software defect');
    t.type('y');
    t.type(KEY.enter);
    expect(await t.exit).toBe(0);
    expect(ticket(2)).toMatchObject({ status: 'resolved', resolution: 'crash in the licence check', defect: true });
    expect(history(2).at(-1)).toMatchObject({ event: 'closed', detail: 'software defect: crash in the licence check' });
  });

  it('does not ask about a defect when the resolution was given', async () => {
    const t = terminal(desk, ['close', '2', '--resolution', 'done']);
    expect(await t.exit).toBe(0);
    expect(t.screen()).not.toContain('software defect');
    expect(ticket(2)).toMatchObject({ status: 'resolved', defect: false });
  });

  it('Ctrl-C at the resolution exits 130 and leaves the ticket orange', async () => {
    const t = terminal(desk, ['close', '2']);
    await t.waitFor('Resolution');
    t.type('half an answ');
    const before = snapshotDesk(desk.db);
    t.type(KEY.ctrlC);
    expect(await t.exit).toBe(130);
    expect(snapshotDesk(desk.db)).toEqual(before);
    expect(ticket(2)).toMatchObject({ status: 'in_progress', resolution: null, timerRunning: true });
  });
});

describe('missing required fields are asked at a terminal', () => {
  it('clients add asks the code and the name', async () => {
    const t = terminal(desk, ['clients', 'add', '--email', 'it@durand.fr']);
    await t.waitFor('Client code');
    t.type('C044' + KEY.enter);
    await t.waitFor('Company name');
    t.type('Durand & fils' + KEY.enter);
    expect(await t.exit).toBe(0);
    expect(desk.run(['clients', 'show', 'C044', '--json']).json().client).toMatchObject({
      code: 'C044',
      name: 'Durand & fils',
      email: 'it@durand.fr',
    });
  });

  it('licences add asks the plan, the start (checked) and an on-demand term', async () => {
    const t = terminal(desk, ['licences', 'add', 'C042']);
    await t.waitFor('Plan');
    t.type(KEY.down + KEY.enter);
    await t.waitFor('First day covered');
    t.type('\u0015'); // clear the default
    t.type('2026-13-01' + KEY.enter);
    await t.waitFor("invalid date '2026-13-01'");
    for (let i = 0; i < 10; i++) t.type('\u007f');
    t.type('2026-12-01' + KEY.enter);
    await t.waitFor('Term in months');
    t.type('12' + KEY.enter);
    expect(await t.exit).toBe(0);
    const licences = desk.run(['licences', 'list', '--client', 'C042', '--json']).json().licences;
    expect(licences).toContainEqual(
      expect.objectContaining({ plan: 'on-demand', startsOn: '2026-12-01', endsOn: '2027-11-30' }),
    );
  });

  it('tickets open has the client picked from a searchable list (code or name) before the subject is asked', async () => {
    const t = terminal(desk, ['tickets', 'open']);
    await t.waitFor('Client');
    await t.waitFor('C042 Dupont SA');
    await t.waitFor('C043 Martin SARL');
    t.type('mart');
    await t.waitFor(
      (out) =>
        !visibleAfterTyping(out, 'mart').includes('C042 Dupont SA') &&
        visibleAfterTyping(out, 'mart').includes('C043 Martin SARL'),
    );
    t.type(KEY.enter);
    await t.waitFor('Subject');
    t.type('Impression lente' + KEY.enter);
    expect(await t.exit).toBe(0);
    expect(ticket(4)).toMatchObject({ client: 'C043', subject: 'Impression lente', status: 'pending' });
  });
});

describe('never a prompt when the caller is a program', () => {
  it('--json, --no-input and CI turn the question into a usage error naming what to pass, even at a terminal', async () => {
    for (const [args, env] of [[['take', '--json']], [['take', '--no-input']], [['take'], { CI: 'true' }]] as const) {
      const t = terminal(desk, [...args], env);
      expect(await t.exit).toBe(2);
      expect(t.screen()).toContain('missing NUMBER (or --next)');
    }
    expect(ticket(1).status).toBe('pending');
  });
});

describe('credit moves are confirmed at a terminal', () => {
  const balance = () => desk.run(['credits', 'balance', 'C042', '--json']).json().balanceMinutes;

  it('credits adjust shows the change and records it on yes', async () => {
    const t = terminal(desk, ['credits', 'adjust', 'C042', '--reason', 'duplicate import', '--', '-30m']);
    await t.waitFor('Record this adjustment?');
    expect(t.screen()).toContain('Adjust C042 by -0h30: balance 2h00 → 1h30, reason “duplicate import”.');
    t.type('y' + KEY.enter);
    expect(await t.exit).toBe(0);
    expect(balance()).toBe(90);
  });

  it('a no (the default) changes nothing and exits 130', async () => {
    const before = snapshotDesk(desk.db);
    const t = terminal(desk, ['credits', 'adjust', 'C042', '+30m', '--reason', 'order W-12']);
    await t.waitFor('Record this adjustment?');
    t.type(KEY.enter);
    expect(await t.exit).toBe(130);
    expect(t.screen()).toContain('cancelled: nothing was changed');
    expect(snapshotDesk(desk.db)).toEqual(before);
  });

  it('--yes skips the question; the reason is asked when missing', async () => {
    const t = terminal(desk, ['credits', 'adjust', 'C042', '+30m', '--yes']);
    await t.waitFor('Reason');
    t.type('order W-12' + KEY.enter);
    expect(await t.exit).toBe(0);
    expect(t.screen()).not.toContain('Record this adjustment?');
    expect(balance()).toBe(150);
  });

  describe('bill --all', () => {
    beforeEach(() => {
      expect(desk.run(['take', '1'], { now: '2026-11-26T09:00:00Z' }).code).toBe(0);
      expect(desk.run(['close', '1', '--resolution', 'done']).code).toBe(0);
    });

    it('shows the bills it will make and charges them on yes', async () => {
      const t = terminal(desk, ['bill', '--all']);
      await t.waitFor('Charge these tickets?');
      expect(t.screen()).toMatch(/bill --all will charge:[\s\S]*#1 {2}C042/);
      expect(balance()).toBe(120);
      t.type('y' + KEY.enter);
      expect(await t.exit).toBe(0);
      expect(balance()).toBe(60);
    });

    it('a no changes nothing; without a terminal it proceeds', async () => {
      const before = snapshotDesk(desk.db);
      const t = terminal(desk, ['bill', '--all']);
      await t.waitFor('Charge these tickets?');
      t.type('n' + KEY.enter);
      expect(await t.exit).toBe(130);
      expect(snapshotDesk(desk.db)).toEqual(before);
      const piped = desk.run(['bill', '--all', '--json']);
      expect(piped.code).toBe(0);
      expect(piped.json().totals.chargedMinutes).toBe(60);
    });
  });
});
