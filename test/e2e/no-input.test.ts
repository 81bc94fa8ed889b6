// Without a terminal no command ever waits for input: every command of the
// manifest runs with stdin closed (not a TTY) under a timeout. A command that
// would ask at a terminal fails instead with a usage error naming what to pass.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Cli } from '../helpers/cli.js';
import { smallDesk } from '../helpers/small-desk.js';

/** What a person would be asked for, and the usage error a program gets instead. */
const MISSING: Record<string, string> = {
  take: 'missing NUMBER (or --next)',
  close: 'missing NUMBER',
  'clients add': 'missing CODE (the client code argument)',
  'licences add': 'missing --plan all-inclusive|on-demand',
  'tickets open': 'missing --client <code>',
};

let desk: Cli;
let commands: { name: string; prompts: boolean; arguments: { required: boolean }[] }[];

beforeEach(async () => {
  desk = await smallDesk();
  commands = desk.run(['commands', '--json']).json().commands;
});

describe('without a terminal', () => {
  it('every command ends by itself, with its bare command line, stdin closed', async () => {
    // Run concurrently (each has its own timeout) so the sweep stays short.
    // `serve` runs until stopped, by design: the web server is tested on its own.
    const runs = await Promise.all(
      commands
        .filter((c) => c.name !== 'serve')
        .map(async (c) => ({
          name: c.name,
          r: await desk.start(c.name.split(' '), { timeout: 15_000, env: { ALIAS_SUPPORT_SMTP_URL: '' } }),
        })),
    );
    const hung = runs.filter(({ r }) => r.code === -1).map(({ name }) => name);
    expect(hung).toEqual([]);
    for (const { name, r } of runs) {
      if (name in MISSING) {
        expect(r.code, name).toBe(2);
        expect(r.stderr, name).toContain(MISSING[name]);
      } else if (commands.find((c) => c.name === name)!.arguments.some((a) => a.required)) {
        expect(r.code, name).toBe(2);
        expect(r.stderr, name).toMatch(/missing required argument/);
      }
    }
  }, 60_000);

  it('the commands that ask at a terminal give the same usage error with --json, as JSON', () => {
    expect(commands.filter((c) => c.prompts).map((c) => c.name)).toEqual(expect.arrayContaining(Object.keys(MISSING)));
    for (const [name, message] of Object.entries(MISSING)) {
      const r = desk.run([...name.split(' '), '--json'], { timeout: 15_000 });
      expect(r.code, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.error(), name).toMatchObject({ code: 'USAGE', exitCode: 2, message });
    }
  });
});
