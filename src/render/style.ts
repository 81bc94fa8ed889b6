// Colour decisions in one place. chalk honours FORCE_COLOR but not NO_COLOR,
// and colours whenever it finds colour support, even with stdout piped.
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';

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

export type StateColor = 'red' | 'orange' | 'green';

export const STATE_WORD: Record<StateColor, string> = { red: 'red', orange: 'orange', green: 'green' };

/** A coloured dot and the word, so that a state reads without colour too. */
export function stateLabel(c: ChalkInstance, color: StateColor): string {
  const paint = color === 'red' ? c.red : color === 'orange' ? c.hex('#FFA500') : c.green;
  return `${paint('●')} ${paint(STATE_WORD[color])}`;
}
