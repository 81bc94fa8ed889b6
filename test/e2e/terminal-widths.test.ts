// The queue and the take picker at a real terminal (node-pty) of 80 and 120
// columns, with CJK and emoji subjects: no line is wider than the screen.
import stringWidth from 'string-width';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Cli } from '../helpers/cli.js';
import { KEY, terminal } from '../helpers/terminal.js';
import { NOW, smallDesk } from '../helpers/small-desk.js';

const SUBJECTS = [
  '打印机无法连接到网络，请帮助我们解决这个问题，谢谢',
  '🔥🔥 Urgent : la base ne démarre plus 🚨 après la mise à jour 👩‍💻',
];

let desk: Cli;
beforeEach(async () => {
  desk = await smallDesk();
  for (const subject of SUBJECTS)
    expect(
      desk.run(['tickets', 'open', '--client', 'C042', '--subject', subject], { now: '2026-11-26T08:30:00Z' }).code,
    ).toBe(0);
});

/** The lines a person sees, as the terminal lays them out (the last frame of a redrawn prompt included). */
const lines = (screen: string): string[] => screen.split(/\r?\n/).map((l) => l.replace(/\r/g, ''));

describe.each([80, 120])('at %i columns', (cols) => {
  it('queue: every line fits, the CJK and emoji subjects are shown', async () => {
    const t = terminal(['queue'], { db: desk.db, now: NOW, cols });
    expect(await t.exit).toBe(0);
    const shown = lines(t.screen());
    for (const line of shown) expect(stringWidth(line), line).toBeLessThanOrEqual(cols);
    expect(t.screen()).toContain('打印机');
    expect(t.screen()).toContain('🔥');
    if (cols >= 100) expect(t.screen()).toContain('Dupont');
  });

  it('take picker: every line fits, the CJK ticket is offered; Ctrl-C leaves it', async () => {
    const t = terminal(['take'], { db: desk.db, now: NOW, cols });
    await t.waitFor('Take which red ticket?');
    await t.waitFor('打印机');
    for (const line of lines(t.screen())) expect(stringWidth(line), line).toBeLessThanOrEqual(cols);
    t.type(KEY.ctrlC);
    expect(await t.exit).toBe(130);
  });
});
