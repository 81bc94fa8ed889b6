// The `commands --json` manifest, read from the declarations, against the
// committed snapshot: a command, argument, option, error code or example that
// changes without the snapshot being regenerated fails here. Regenerate with
//   npx vitest run --config test/vitest.config.ts test/unit/manifest.test.ts -u
// and review the diff of test/manifest.snapshot.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command as Commander } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildManifest, EXIT_OF_ERROR } from '../../src/cli/manifest.js';
import { parseCommandLine, run } from '../../src/cli/main.js';
import { buildProgram, commandsOf } from '../../src/cli/program.js';
import { commandPath } from '../../src/cli/runtime.js';
import { ROOT } from '../helpers/cli.js';

const declarations = commandsOf();
const manifest = buildManifest(declarations);
/** The commands that run (groups such as `credits` only hold them), as commander built them. */
const leaves = (cmd: Commander): Commander[] => cmd.commands.flatMap((c) => (c.commands.length > 0 ? leaves(c) : [c]));

/** The arguments sh would pass for a command line: quotes removed, `# comment`, `| …` and `< file`/`> file` left out. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(#.*$|\|.*$)|([<>]\s*\S+)|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[3] !== undefined) break;
    if (m[4] === undefined) words.push(m[1] ?? m[2] ?? m[5]!);
  }
  return words;
}

function srcFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? srcFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('commands --json manifest', () => {
  it('matches the committed snapshot', async () => {
    await expect(`${JSON.stringify(manifest, null, 2)}\n`).toMatchFileSnapshot('../manifest.snapshot.json');
  });

  it('lists every runnable command once, with its path, arguments and options', () => {
    const names = manifest.commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['take', 'close', 'queue', 'credits balance', 'credits adjust', 'commands', 'mcp']),
    );
    const take = manifest.commands.find((c) => c.name === 'take')!;
    expect(take.arguments).toEqual([
      expect.objectContaining({ name: 'number', required: false, variadic: false, type: 'integer' }),
    ]);
    expect(take.options.map((o) => o.name)).toEqual(expect.arrayContaining(['next', 'force']));
    expect(take).toMatchObject({ mutates: true, prompts: true });
    expect(take.exitCodes).toEqual([0, 1, 2, 3, 4, 5, 7, 130]);
    expect(take.errorCodes).toEqual(
      expect.arrayContaining(['TICKET_NOT_FOUND', 'TICKET_ALREADY_TAKEN', 'NO_CREDIT', 'USAGE', 'INTERRUPTED']),
    );
    const json = manifest.globalOptions.find((o) => o.name === 'json')!;
    expect(json).toMatchObject({ flags: '--json [fields]', type: 'string', valueOptional: true });
    expect(manifest.globalOptions.find((o) => o.name === 'db')).toMatchObject({ env: 'ALIAS_SUPPORT_DB' });
  });

  it('gives every command a summary and at least one example', () => {
    expect(declarations.filter((c) => c.examples.length === 0 || !c.summary).map((c) => c.name)).toEqual([]);
  });

  it('is the commander tree: the same commands, arguments and options as --help', () => {
    const tree = leaves(buildProgram()).map((cmd) => ({
      name: commandPath(cmd),
      summary: cmd.description(),
      usage: `alias-support ${commandPath(cmd)} ${cmd.usage()}`,
      arguments: cmd.registeredArguments.map((a) => [a.name(), a.required, a.variadic]),
      options: cmd.options.map((o) => [
        o.flags,
        o.attributeName(),
        o.defaultValue ?? null,
        o.argChoices ?? null,
        o.envVar ?? null,
      ]),
    }));
    expect(tree).toEqual(
      manifest.commands.map((c) => ({
        name: c.name,
        summary: c.summary,
        usage: c.usage,
        arguments: c.arguments.map((a) => [a.name, a.required, a.variadic]),
        options: c.options.map((o) => [o.flags, o.name, o.default, o.choices, o.env]),
      })),
    );
  });

  it('knows the exit code of every error code named by a command or thrown in src/', () => {
    const named = manifest.commands
      .flatMap((c) => c.errorCodes.map((code) => `${c.name}: ${code}`))
      .filter((n) => !(n.split(': ')[1]! in EXIT_OF_ERROR));
    expect(named).toEqual([]);
    const thrown = new Set<string>();
    for (const file of srcFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:notFound|conflict|refused)\(\s*'([A-Z_]+)'|new AppError\(\s*'([A-Z_]+)'/g))
        thrown.add(m[1] ?? m[2]!);
    }
    expect(thrown.size).toBeGreaterThan(5);
    expect([...thrown].filter((code) => !(code in EXIT_OF_ERROR))).toEqual([]);
  });

  it('names every ALIAS_SUPPORT_* variable the code reads (but the packaging-only MIGRATIONS and MIGRATIONS_PG)', () => {
    const named = new Set([
      ...manifest.environment.map((e) => e.name),
      ...[...manifest.globalOptions, ...manifest.commands.flatMap((c) => c.options)].map((o) => o.env).filter(Boolean),
    ]);
    const read = new Set(
      srcFiles(join(ROOT, 'src')).flatMap((f) => readFileSync(f, 'utf8').match(/ALIAS_SUPPORT_[A-Z_]+[A-Z]/g) ?? []),
    );
    // Where the migrations are (SQLite's, PostgreSQL's): set by packaging, not by users.
    read.delete('ALIAS_SUPPORT_MIGRATIONS');
    read.delete('ALIAS_SUPPORT_MIGRATIONS_PG');
    expect([...read].filter((v) => !named.has(v))).toEqual([]);
  });

  it('declares the --json fields of every command but the MCP server', () => {
    expect(manifest.commands.filter((c) => c.name !== 'mcp' && !c.json).map((c) => c.name)).toEqual([]);
  });
});

describe('help examples', () => {
  it('end every --help', () => {
    for (const cmd of leaves(buildProgram())) {
      let text = '';
      cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
      cmd.outputHelp();
      expect(text, commandPath(cmd)).toMatch(/\nExamples:\n( {2}\$ alias-support .+\n)+$/);
    }
  });

  it('are real command lines: each parses to its own command with valid arguments and options', async () => {
    const wrong: string[] = [];
    for (const command of declarations) {
      for (const example of command.examples) {
        try {
          const parsed = await parseCommandLine(['node', 'alias-support', ...shellWords(example)]);
          if (parsed.command.name !== command.name) wrong.push(`${example}: ran ${parsed.command.name}`);
        } catch (err) {
          wrong.push(`${example}: ${(err as Error).message}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('mistyped commands and options', () => {
  const runCaptured = async (...args: string[]) => {
    let err = '';
    const code = await run(['node', 'alias-support', ...args], { out: () => {}, err: (t) => void (err += t) });
    return { code, err };
  };

  it.each([
    [['queu'], "unknown command 'queu' (Did you mean queue?)"],
    [['credits', 'balanse', 'C042'], "unknown command 'balanse' (Did you mean balance?)"],
    [['take', '--nxt'], "unknown option '--nxt' (Did you mean --next?)"],
    [['close', '1', '--resolutoin', 'x'], "unknown option '--resolutoin' (Did you mean --resolution?)"],
  ])('%j suggests the closest name (exit 2)', async (args, message) => {
    const r = await runCaptured(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    const json = await runCaptured(...args, '--json');
    expect(JSON.parse(json.err).error).toMatchObject({
      code: 'USAGE',
      exitCode: 2,
      message: expect.stringContaining(message),
    });
  });
});
