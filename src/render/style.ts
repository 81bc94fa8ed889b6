// Colour decisions in one place. chalk honours FORCE_COLOR but not NO_COLOR,
// and colours whenever it finds colour support, even with stdout piped.
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';
import { formatMinutes } from '../rules/duration.js';
import { stateWord, type TicketColor } from '../rules/ticket-states.js';
import { THRESHOLDS } from '../rules/thresholds.js';

export interface ColorChoice {
  /** false with --no-color */
  flag: boolean;
  json: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export function colorLevel({ flag, json, env, isTTY }: ColorChoice): 0 | 1 | 2 | 3 {
  if (json || !flag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    return supportsColor ? supportsColor.level : 1;
  }
  if (!isTTY) return 0;
  return supportsColor ? supportsColor.level : 1;
}

export function makeChalk(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}

const PAINT: Record<TicketColor, (c: ChalkInstance) => (text: string) => string> = {
  red: (c) => c.red,
  orange: (c) => c.hex('#FFA500'),
  green: (c) => c.green,
};

/** A coloured dot and the word, so that a state reads without colour too. */
export function stateLabel(c: ChalkInstance, color: TicketColor): string {
  const paint = PAINT[color](c);
  return `${paint('●')} ${paint(stateWord(color))}`;
}

/** A balance as the desk reads it: `2h00`, `0h15 low` (yellow), `none` (red): a take would be refused. */
export function creditText(c: ChalkInstance, minutes: number): string {
  if (minutes <= 0) return c.red('none');
  return minutes < THRESHOLDS.deskLowCreditMinutes
    ? `${formatMinutes(minutes)} ${c.yellow('low')}`
    : formatMinutes(minutes);
}

/**
 * The credit's validity as a coloured word; frozen credit with its last day
 * (`frozen until 2027-06-30`). An active client's validUntil (licence end + 24
 * months) is left out: "active until" would read as the licence's own end.
 */
export function validityText(c: ChalkInstance, validity: string, validUntil: string | null = null): string {
  const paint =
    validity === 'active' ? c.green : validity === 'frozen' ? c.yellow : validity === 'forfeited' ? c.red : c.dim;
  return `${paint(validity)}${validUntil && validity === 'frozen' ? ` until ${validUntil}` : ''}`;
}
