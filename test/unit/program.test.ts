// The commander tree read from the declarations: a command line that names its
// command builds only that command's part, which must be exactly that command
// of the whole tree; its typed input parsed in-process; the everyday bundle's
// commands, as the declarations mark them.
import { createRequire } from 'node:module';
import type { Command as Commander } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/main.js';
import { buildProgram, commandsOf, commandWordOf } from '../../src/cli/program.js';

/** A command as the user meets it: its name, arguments, options and subcommands. */
function shape(cmd: Commander): unknown {
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
  it.each(topNames)('%s: the part built is that command of the whole tree', (name) => {
    const part = buildProgram(argv(name));
    const own = (p: Commander) => p.commands.find((c) => c.name() === name);
    expect(part.commands.map((c) => c.name())).toEqual([name]);
    expect(shape(own(part)!)).toEqual(shape(own(whole)!));
    expect(part.options.map((o) => o.flags)).toEqual(whole.options.map((o) => o.flags));
  });

  it('finds the command after the global options and their values', () => {
    expect(commandWordOf(argv('--db', 'queue', '--agent', 'take', 'close', '5'))).toBe('close');
    expect(commandWordOf(argv('--json', 'queue'))).toBe('queue');
    expect(commandWordOf(argv('--db=x.db', '--no-color', 'tickets', 'show', '5'))).toBe('tickets');
    expect(commandWordOf(argv('take', '--help'))).toBe('take');
  });

  it.each([[[]], [['--help', 'take']], [['-V']], [['queu']], [['--', 'take']]])('%o: the whole tree', (words) => {
    expect(buildProgram(argv(...words)).commands.map((c) => c.name())).toEqual(topNames);
  });
});

describe('parsing a command line into its typed input', () => {
  it.each([
    [['take', '1042', '--force'], 'take', { number: 1042, force: true }],
    [['queue', '--state', 'all', '--limit', '20'], 'queue', { state: 'all', limit: 20 }],
    [['queue'], 'queue', { state: 'open' }],
    [['bill', '3', '5'], 'bill', { numbers: [3, 5] }],
    [['bill', '--all', '--dry-run'], 'bill', { numbers: [], all: true, dryRun: true }],
    [
      ['credits', 'adjust', 'C042', '-1h', '--reason', 'dup'],
      'credits adjust',
      { client: 'C042', duration: '\u22121h', reason: 'dup' },
    ],
    [
      ['licences', 'add', 'C042', '--plan', 'on-demand', '--months', '12'],
      'licences add',
      { client: 'C042', plan: 'on-demand', months: 12 },
    ],
    [['report', 'usage', '--by', 'agent'], 'report usage', { by: 'agent', format: 'table' }],
    [['serve', '--port', '0'], 'serve', { host: '127.0.0.1', port: 0 }],
  ])('%j → %s %o', async (words, name, input) => {
    const parsed = await parseCommandLine(argv(...words));
    expect(parsed.command.name).toBe(name);
    expect(Object.fromEntries(Object.entries(parsed.input).filter(([, v]) => v !== undefined))).toEqual(input);
  });

  it.each([
    [
      ['queue', '--state', 'purple'],
      "option '--state <state>' argument 'purple' is invalid. Allowed choices are red, orange, green, open, all.",
    ],
    [['licences', 'add', 'C042', '--plan', 'gold'], 'Allowed choices are all-inclusive, on-demand.'],
    [['outbox', 'list', '--state', 'sending'], 'Allowed choices are queued, sent, failed, all.'],
    [['clients', 'add', 'C042', '--language', 'de'], 'Allowed choices are fr, en.'],
    [['report', 'usage', '--by', 'week'], 'Allowed choices are client, agent, month.'],
    [['take', 'five'], "invalid ticket number 'five'"],
    [['bill', '3', '0'], "invalid ticket number '0'"],
  ])('%j is refused before anything runs', async (words, message) => {
    await expect(parseCommandLine(argv(...words))).rejects.toMatchObject({
      code: 'USAGE',
      exitCode: 2,
      message: expect.stringContaining(message),
    });
  });
});

describe('the everyday bundle (dist/everyday.cjs)', () => {
  const { bundleFor } = createRequire(import.meta.url)('../../bin/bundle.cjs') as {
    bundleFor: (args: string[], everyday?: readonly string[]) => 'main' | 'everyday';
  };

  it('holds the agent’s day and the queue, as declared', () => {
    const words = [
      ...new Set(
        commandsOf()
          .filter((c) => c.everyday)
          .map((c) => c.name.split(' ')[0]),
      ),
    ].sort();
    expect(words).toEqual(['close', 'queue', 'release', 'reopen', 'take', 'tickets', 'time']);
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
    expect(bundleFor(args, ['close', 'queue', 'release', 'reopen', 'take', 'tickets', 'time'])).toBe(bundle);
  });
});
