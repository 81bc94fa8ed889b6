// The queue's layout at the widths people use, with subjects in Latin, CJK
// and emoji: widths are display columns, client names keep a minimum width
// from 100 columns, and at 80 a less useful column goes before the subject
// is cut short.
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { queueScreen } from '../../src/render/queue.js';
import { makeChalk } from '../../src/render/style.js';
import { prepareWidths } from '../../src/render/text.js';
import type { QueueClient } from '../../src/services/queue.js';
import type { TicketView } from '../../src/services/tickets.js';

const SUBJECTS = [
  'L’export PDF plante dès que le document dépasse cent pages',
  '打印机无法连接到网络，请帮助我们解决这个问题，谢谢',
  '🔥🔥 Urgent : la base ne démarre plus 🚨 après la mise à jour 👩‍💻',
  'Mise à jour bloquée à 80 %',
];

function ticket(number: number, client: string, subject: string, orange: boolean): TicketView {
  return {
    number,
    client,
    subject,
    status: orange ? 'in_progress' : 'pending',
    color: orange ? 'orange' : 'red',
    createdAt: '2026-11-20T08:00:00.000Z',
    takenAt: orange ? '2026-11-24T08:00:00.000Z' : null,
    takenBy: orange ? 'chloe' : null,
    resolvedAt: null,
    resolution: null,
    defect: false,
    workedSeconds: orange ? 5520 : 0,
    slices: orange ? 7 : 0,
    billableMinutes: orange ? 105 : 0,
    chargedMinutes: 0,
    timerRunning: orange,
    ageBusinessMinutes: 4 * 480 + 75,
    requester: null,
  };
}

const tickets = SUBJECTS.flatMap((subject, i) => [
  ticket(1040 + i, `C10${i}`, subject, false),
  ticket(1050 + i, `C10${i}`, subject, true),
]);
const clients = new Map<string, QueueClient>(
  ['Boulangerie Moreau et Fils', 'Pharmacie du Marché', 'Étude notariale Lefèvre-Dubois', 'Garage'].map((name, i) => [
    `C10${i}`,
    { name, balanceMinutes: i === 2 ? 15 : 300, validity: i === 3 ? 'frozen' : 'active' },
  ]),
);

beforeAll(() => prepareWidths(SUBJECTS));

function screen(width: number, agent = 'chloe', validity = 'frozen', subject?: string): string[] {
  const page = {
    tickets: tickets.map((t) => ({ ...t, takenBy: t.takenBy && agent, subject: subject ?? t.subject })),
    counts: { red: 4, orange: 4, green: 0 },
  };
  const withValidity = new Map(
    [...clients].map(([code, c]) => [code, c.validity === 'active' ? c : { ...c, validity }]),
  );
  const out = queueScreen({ page, clients: withValidity, state: 'open', width }, makeChalk(0));
  return out.split('\n');
}

/** The subject cell of each ticket line: between the client cell and the age. */
const rows = (lines: string[]) => lines.filter((l) => /^● (red|orange)/.test(l));

describe('queue layout by display columns', () => {
  it.each([80, 100, 120, 200])('at %i columns no line is wider than the screen', (width) => {
    for (const line of screen(width)) expect(stringWidth(line)).toBeLessThanOrEqual(width);
  });

  it.each([80, 100, 120, 200])(
    'at %i columns the columns line up whatever the script (age column at one place)',
    (width) => {
      const lines = rows(screen(width));
      const ageAt = lines.map((l) => stringWidth(l.slice(0, l.indexOf('4d 1h'))));
      expect(new Set(ageAt).size).toBe(1);
    },
  );

  it('at 80 columns subjects keep at least 25 columns: a less useful column goes first', () => {
    // The first subject is longer than any screen: its cut cell is the column's width.
    const subjectWidth = (lines: string[]) => {
      const row = rows(lines)[0]!;
      return stringWidth(row.slice(row.indexOf('L’export'), row.indexOf('…') + 1));
    };
    expect(rows(screen(80))[0]).toContain('L’export PDF plante dès que');
    // A long agent name and a credit with its validity leave too little: the worked column goes, the subject keeps 25.
    const crowded = screen(80);
    const head = crowded.find((l) => l.startsWith('state'))!;
    expect(head).not.toContain('worked');
    expect(head).toContain('agent');
    expect(rows(crowded)[1]).toContain('chloe');
    expect(subjectWidth(crowded)).toBeGreaterThanOrEqual(25);
    // Longer cells still: the agent goes too, never the subject under 25.
    const tighter = screen(80, 'marie-christine', 'unlicensed');
    expect(tighter.find((l) => l.startsWith('state'))).not.toContain('agent');
    expect(subjectWidth(tighter)).toBeGreaterThanOrEqual(25);
    for (const line of tighter) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    for (const line of crowded) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  it('from 100 columns client names show, at least 12 columns of them', () => {
    for (const width of [100, 120]) {
      const text = rows(screen(width)).join('\n');
      expect(text).toContain('C100 Boulangerie');
      expect(text).toContain('C102 Étude notar');
    }
  });

  it('at 120 columns names are not cut while subjects have room to spare; at 200 nothing is cut', () => {
    const wide = rows(screen(200)).join('\n');
    for (const subject of SUBJECTS) expect(wide).toContain(subject);
    expect(wide).toContain('C102 Étude notariale Lefèvre-Dubois');
    // Short subjects leave the room to the names.
    const short = rows(screen(120, 'chloe', 'frozen', 'Licence non reconnue')).join('\n');
    expect(short).toContain('C100 Boulangerie Moreau et Fils');
    expect(short).toContain('C102 Étude notariale Lefèvre-Dubois');
  });
});
