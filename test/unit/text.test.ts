import { beforeAll, describe, expect, it } from 'vitest';
import { cleanLine, cleanText, cut, displayWidth, padDisplay, prepareWidths } from '../../src/render/text.js';

// Wide text is measured once something about to be shown holds some (as the CLI does before rendering).
beforeAll(() => prepareWidths('打印 👍'));

describe('client text is made safe for a terminal', () => {
  it.each([
    ['clear screen (CSI)', 'Export\u001b[2J PDF', 'Export PDF'],
    ['cursor home and colour', '\u001b[H\u001b[31mrouge\u001b[0m', 'rouge'],
    ['private mode (alternate screen)', 'a\u001b[?1049hb', 'ab'],
    ['window title (OSC ended by BEL)', 'a\u001b]0;pwned\u0007b', 'ab'],
    ['hyperlink (OSC ended by ST)', 'a\u001b]8;;http://evil\u001b\\lien\u001b]8;;\u001b\\b', 'alienb'],
    ['8-bit CSI (C1)', 'a\u009b31mb', 'ab'],
    ['bare ESC, bell, NUL, backspace, DEL', 'a\u001bb\u0007c\u0000d\u0008e\u007ff', 'abcdef'],
    ['bidirectional overrides', 'facture\u202egnp.exe\u202c', 'facturegnp.exe'],
    ['accents and symbols stay', 'Écran effacé · 80 % ● ok', 'Écran effacé · 80 % ● ok'],
  ])('%s', (_label, input, output) => {
    expect(cleanLine(input)).toBe(output);
    expect(cleanText(input)).toBe(output);
  });

  it('cleanText keeps line breaks and tabs; cleanLine puts everything on one line', () => {
    const body = 'ligne 1\r\nligne 2\n\tfin';
    expect(cleanText(body)).toBe('ligne 1\nligne 2\n\tfin');
    expect(cleanLine(body)).toBe('ligne 1 ligne 2 fin');
    expect(cleanLine('#1 ok\n#999 ● green faux')).toBe('#1 ok #999 ● green faux');
  });

  it('null and undefined are empty', () => {
    expect(cleanLine(null)).toBe('');
    expect(cleanText(undefined)).toBe('');
  });
});

describe('cut to a width', () => {
  it.each([
    ['abcdef', 4, 'abc…'],
    ['abcd', 4, 'abcd'],
    ['abc', 10, 'abc'],
    ['abcdef', 1, 'a'],
    ['abcdef', 0, ''],
    ['Écran effacé', 6, 'Écran…'],
    ['Écran effacé', 7, 'Écran…'],
    // Widths are display columns: CJK and emoji take two, combining marks none.
    ['👍👍👍', 2, '…'],
    ['👍👍👍', 3, '👍…'],
    ['👍👍👍', 6, '👍👍👍'],
    ['打印机无法连接网络', 9, '打印机无…'],
    ['打印机无法连接网络', 10, '打印机无…'],
    ['e\u0301cran noir', 6, 'e\u0301cran…'],
  ])('cut(%j, %i) = %j', (text, width, out) => {
    expect(cut(text, width)).toBe(out);
    expect(displayWidth(cut(text, width))).toBeLessThanOrEqual(Math.max(width, 0));
  });
});

describe('display width', () => {
  it.each([
    ['abc', 3],
    ['Écran', 5],
    ['打印机', 6],
    ['👍', 2],
    ['👩‍💻', 2],
    ['e\u0301', 1],
    ['\u001b[31mrouge\u001b[39m', 5],
  ])('displayWidth(%j) = %i', (text, width) => expect(displayWidth(text)).toBe(width));

  it('pads to a display width', () => {
    expect(padDisplay('打印', 6)).toBe('打印  ');
    expect(padDisplay('abc', 2)).toBe('abc');
  });
});
