import { describe, expect, it } from 'vitest';
import { receiptText, type Language } from '../../src/services/receipts.js';

describe('receiptText', () => {
  const cases: { language: Language; subjectStart: string; says: RegExp[] }[] = [
    {
      language: 'fr',
      subjectStart: '[Support ALIAS n°1042] Demande reçue : ',
      says: [
        /numéro de ticket est le 1042/,
        /« Export PDF plante »/,
        /attend d'être prise en charge/,
        /rouge/,
        /Aucun temps\nn'est décompté avant sa prise en charge/,
        /du lundi au vendredi, de 9 h à 17 h \(heure de Paris\), jours ouvrés/,
      ],
    },
    {
      language: 'en',
      subjectStart: '[ALIAS support #1042] Request received: ',
      says: [
        /ticket number is #1042/,
        /"Export PDF plante"/,
        /waiting to be taken/,
        /red/,
        /No time is counted\nuntil an agent takes it/,
        /Monday to Friday, 9:00–17:00 \(Paris time\), working days/,
      ],
    },
  ];

  it.each(cases)(
    '$language: number, subject, waiting (red), no time counted, support hours',
    ({ language, subjectStart, says }) => {
      const r = receiptText(language, 1042, 'Export PDF plante');
      expect(r.subject).toBe(`${subjectStart}Export PDF plante`);
      for (const pattern of says) expect(r.body).toMatch(pattern);
    },
  );

  const hostile: [string, string, string][] = [
    ['CR/LF (header injection)', 'Bug\r\nBcc: victim@evil.example', 'Bug Bcc: victim@evil.example'],
    ['bare LF', 'one\ntwo', 'one two'],
    ['bare CR', 'one\rtwo', 'one two'],
    ['terminal escapes', '\u001b[2JBug\u0007', 'Bug'],
    ['surrounding blanks', '  Bug \n', 'Bug'],
  ];

  it.each(hostile)('the subject header stays one clean line: %s', (_what, subject, shown) => {
    for (const language of ['fr', 'en'] as const) {
      const r = receiptText(language, 7, subject);
      expect(r.subject).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(r.subject.endsWith(` ${shown}`)).toBe(true);
      expect(r.body).toContain(shown);
    }
  });
});
