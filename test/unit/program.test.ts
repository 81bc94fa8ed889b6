// A command line that names its command builds only that command's file
// (program.ts): the part built must be exactly that command of the whole tree,
// and anything else (help, unknown commands, the manifest) the whole tree.
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandFileOf, COMMAND_FILES, EVERYDAY_FILES } from '../../src/cli/program.js';

/** A command as the user meets it: its name, arguments, options and subcommands. */
function shape(cmd: Command): unknown {
  return {
    name: cmd.name(),
    description: cmd.description(),
    arguments: cmd.registeredArguments.map((a) => a.name()),
    options: cmd.options.map((o) => o.flags),
    commands: cmd.commands.map(shape),
  };
}

const argv = (...words: string[]) => ['node', 'alias-support', ...words];
const whole = buildProgram();
const topNames = whole.commands.map((c) => c.name());

describe('building only the command named', () => {
  it('names every top-level command of the whole tree, and only those', () => {
    expect(Object.keys(COMMAND_FILES).sort()).toEqual([...topNames].sort());
  });

  it.each(topNames)('%s: the part built is that command of the whole tree', (name) => {
    const part = buildProgram(argv(name));
    const own = (p: Command) => p.commands.find((c) => c.name() === name);
    expect(own(part)).toBeDefined();
    expect(shape(own(part)!)).toEqual(shape(own(whole)!));
    expect(part.options.map((o) => o.flags)).toEqual(whole.options.map((o) => o.flags));
    if (COMMAND_FILES[name] === 'all') expect(part.commands.map((c) => c.name())).toEqual(topNames);
  });

  it('finds the command after the global options and their values', () => {
    expect(commandFileOf(argv('--db', 'queue', '--agent', 'take', 'close', '5'))).toBe(COMMAND_FILES.close);
    expect(commandFileOf(argv('--json', 'queue'))).toBe(COMMAND_FILES.queue);
    expect(commandFileOf(argv('--db=x.db', '--no-color', 'tickets', 'show', '5'))).toBe(COMMAND_FILES.tickets);
    expect(commandFileOf(argv('take', '--help'))).toBe(COMMAND_FILES.take);
  });

  it.each([[[]], [['--help', 'take']], [['-V']], [['help', 'take']], [['queu']], [['commands', '--json']], [['mcp']], [['--', 'take']], [['--json', 'number', 'take', '5']]])(
    '%o: the whole tree',
    (words) => {
      expect(commandFileOf(argv(...words))).toBeUndefined();
      expect(buildProgram(argv(...words)).commands.map((c) => c.name())).toEqual(topNames);
    },
  );
});

describe('the everyday bundle (dist/everyday.cjs)', () => {
  const { EVERYDAY, bundleFor } = createRequire(import.meta.url)('../../bin/bundle.cjs') as {
    EVERYDAY: ReadonlySet<string>;
    bundleFor: (args: string[]) => 'main' | 'everyday';
  };

  it('the launcher sends it exactly the commands it is built with', () => {
    expect([...EVERYDAY].sort()).toEqual(Object.keys(EVERYDAY_FILES).sort());
    for (const name of EVERYDAY) expect(COMMAND_FILES[name]).toBe(EVERYDAY_FILES[name]);
  });

  it.each([
    [['take', '5', '--json'], 'everyday'],
    [['queue', '--limit', '20', '--json'], 'everyday'],
    [['tickets', 'show', '5', '--json=number,client'], 'everyday'],
    [['take', '5', '--json', 'number'], 'main'], // fields or a command: the whole CLI's names tell
    [['bill', '--all'], 'main'],
    [['--db', 'x.db', 'take', '5'], 'main'],
    [['--help'], 'main'],
    [[], 'main'],
  ])('%o → %s', (args, bundle) => {
    expect(bundleFor(args)).toBe(bundle);
  });
});
