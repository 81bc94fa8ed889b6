// Text from clients is untrusted: before a terminal shows it, escape sequences
// and control characters go (a subject must not clear the screen or fake
// another ticket's line), and bidirectional overrides with them.

// CSI / OSC / other ESC sequences, then C0 (bar \n \t), DEL, C1, bidi controls.
const ESCAPES =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Safe for a terminal, keeping line breaks and tabs (bodies, notes). */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '').replace(ESCAPES, '').replace(CONTROLS, '');
}

/** Safe for a terminal on one line (table cells, one-line messages). */
export function cleanLine(text: string | null | undefined): string {
  return cleanText(text).replace(/[\n\t\r]+/g, ' ');
}

// JSON.stringify escapes C0 controls but leaves C1 controls (U+009B is an
// 8-bit CSI), bidi overrides and line separators as they are. Escaped, the
// document parses to the same value and nothing in it acts on a terminal.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text safe to print: the same document, with what a terminal would act on escaped. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Widths are terminal columns, not code points: CJK and most emoji take two,
// combining marks none. string-width knows the rules, but loading it costs
// ~60 ms (a grapheme segmenter and large Unicode patterns): it is loaded only
// when what is about to be shown holds text outside the Latin scripts (the
// desk's everyday case, where a character is a column).
const SGR = /\u001b\[[\d;]*m/g;
const NARROW = /^[\u0000-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u20ac\u2190-\u21ff\u2500-\u25ff]*$/;

let stringWidth: ((text: string) => number) | undefined;

/** Call before rendering `shown` (a result, a page, a string): loads string-width if any of its text needs it. */
export async function prepareWidths(shown: unknown): Promise<void> {
  if (stringWidth || NARROW.test(typeof shown === 'string' ? shown : (JSON.stringify(shown) ?? ''))) return;
  stringWidth = (await import('string-width')).default;
}

/** Columns `text` takes on a terminal (colour codes take none); wide text is measured once prepareWidths has seen it. */
export function displayWidth(text: string): number {
  const plain = text.replace(SGR, '');
  return NARROW.test(plain) || !stringWidth ? [...plain].length : stringWidth(plain);
}

/** `text` followed by spaces up to `width` columns. */
export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

let graphemes: Intl.Segmenter | undefined;

/** Cut to a display width with an ellipsis (never after a space: `encore…`, not `encore …`); a wide character is never split. */
export function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return NARROW.test(text) ? text.slice(0, Math.max(0, width)) : width === 1 ? '…' : '';
  let kept = '';
  let used = 0;
  // By grapheme only for wide text (a flag or a family emoji is one cell), by character otherwise.
  const parts =
    NARROW.test(text) || !stringWidth
      ? text
      : [...(graphemes ??= new Intl.Segmenter()).segment(text)].map((g) => g.segment);
  for (const part of parts) {
    const w = displayWidth(part);
    if (used + w > width - 1) break;
    kept += part;
    used += w;
  }
  return `${kept.trimEnd()}…`;
}
