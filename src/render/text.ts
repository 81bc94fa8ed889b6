// Text from clients is untrusted: before a terminal shows it, escape sequences
// and control characters go (a subject must not clear the screen or fake
// another ticket's line), and bidirectional overrides with them.

// CSI / OSC / other ESC sequences, then C0 (bar \n \t), DEL, C1, bidi controls.
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
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

/** Cut to a display width with an ellipsis (never after a space: `encore…`, not `encore …`). */
export function cut(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('').trimEnd()}…`;
}
