// The README as a new user meets it: `npm link` gives an `alias-support`
// command, and every `alias-support …` example of the README, pasted in order
// after the quick start's `alias-support demo`, does what the README says —
// exit 0, or the exit code its `# exit N` mark names (`# at a terminal`: a
// question, so a usage error without one). The examples run in one shell, so
// the README's own `export` lines hold for the examples after them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { freshPgDatabase, noPg } from '../helpers/pg.js';
import { withRaw } from '../helpers/raw-sql.js';

const NOW = '2026-11-26T09:00:00Z';

export interface Example {
  line: string;
  /** the exit code the README promises */
  exit: number;
  /** README line number */
  at: number;
  /** in the PostgreSQL section: needs the server on 127.0.0.1:5432 */
  postgres: boolean;
}

/** The exit an example's trailing words promise: `# exit 5` / `(exit 6: …)`, `at a terminal` (2 without one), else 0. */
function promisedExit(note: string): number {
  const exit = /exit (\d+)/.exec(note);
  if (exit) return Number(exit[1]);
  return /at a terminal/.test(note) ? 2 : 0;
}

/** `alias-support …` lines of the ```sh blocks (and their `export` lines), and the examples of the tables. */
export function readmeExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  let fence: string | null = null;
  let postgres = false;
  for (const [i, raw] of markdown.split('\n').entries()) {
    if (raw.startsWith('## ')) postgres = /PostgreSQL/.test(raw);
    if (raw.startsWith('```')) {
      fence = fence === null ? raw.slice(3).trim() : null;
      continue;
    }
    if (fence === 'sh') {
      const line = raw.trim();
      if (/^(export |alias-support |psql |createdb |pg_dump )/.test(line))
        examples.push({ line, exit: promisedExit(line.split('#').slice(1).join('#')), at: i + 1, postgres });
    } else if (fence === null && raw.startsWith('|')) {
      for (const cell of raw.split(/(?<!\\)\|/)) {
        const m = /^\s*`(alias-support [^`]+)`(.*)$/.exec(cell);
        if (m) examples.push({ line: m[1]!.replace(/\\\|/g, '|'), exit: promisedExit(m[2]!), at: i + 1, postgres });
      }
    }
  }
  return examples;
}

let scratch: string;
let prefix: string;
const env = () => ({
  PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
  HOME: join(scratch, 'home'),
  TZ: 'UTC',
  ALIAS_SUPPORT_NOW: NOW,
  npm_config_prefix: prefix,
});

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'alias-support-readme-'));
  prefix = join(scratch, 'npm-prefix');
  mkdirSync(join(scratch, 'home'));
});
const dropReadmeDatabase = () =>
  spawnSync(
    'psql',
    [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-c',
      'DROP DATABASE IF EXISTS alias_support WITH (FORCE)',
      '-c',
      'DROP ROLE IF EXISTS desk',
    ],
    {
      encoding: 'utf8',
    },
  );
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (!noPg) dropReadmeDatabase();
});

describe('the README, as written', () => {
  it('npm link (into a private prefix) gives a working alias-support command', () => {
    const link = spawnSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      env: { ...process.env, npm_config_prefix: prefix },
      encoding: 'utf8',
    });
    expect(link.status, link.stderr).toBe(0);
    const version = spawnSync('alias-support', ['--version'], { cwd: scratch, env: env(), encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  }, 120_000);

  it('has a two-command quick start and keeps npx out of the examples', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quick = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]!.trim().split('\n');
    expect(quick).toHaveLength(2);
    expect(quick[0]).toMatch(/^npm ci && npm link --ignore-scripts && alias-support demo /);
    expect(quick[1]).toMatch(/^npm test /);
    expect(readmeExamples(readme).filter((e) => e.line.includes('npx'))).toEqual([]);
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20_000);
  });

  it('every alias-support example works when pasted in order on the demo desk', () => {
    let examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(examples.length).toBeGreaterThan(40);
    // The PostgreSQL section runs against the server its lines name, from a clean slate.
    if (noPg) examples = examples.filter((e) => !e.postgres);
    else dropReadmeDatabase();
    expect(pasteInOrder(examples, 'alias-support demo >/dev/null', 'sqlite')).toEqual([]);
  }, 300_000);

  // SPEC section 6: the same day at the desk on a PostgreSQL desk (its explicit --db /tmp/… lines make SQLite files).
  it.skipIf(noPg)(
    'every example of the desk sections works the same on a PostgreSQL desk',
    () => {
      const url = freshPgDatabase();
      const examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8')).filter((e) => !e.postgres);
      expect(examples.length).toBeGreaterThan(40);
      const prelude = `export ALIAS_SUPPORT_DB='${url}'\nalias-support demo >/dev/null`;
      expect(pasteInOrder(examples, prelude, 'postgres')).toEqual([]);
      // On that database indeed: the demo's tickets and the README's two.
      expect(
        withRaw(url, (raw) =>
          Number(raw.value("SELECT count(*) FROM tickets WHERE subject = 'Sauvegarde impossible'")),
        ),
      ).toBe(1);
    },
    300_000,
  );
});

/**
 * Runs the prelude, then the examples, in one shell from a folder of their own that
 * holds docs/ (the examples name docs/examples/…; the README's `export` lines hold for
 * the examples after them), each example's exit code written to fd 3; returns the examples whose exit differs from the README's.
 */
function pasteInOrder(examples: Example[], prelude: string, name: string) {
  const dir = join(scratch, name);
  mkdirSync(dir);
  symlinkSync(join(ROOT, 'docs'), join(dir, 'docs'));
  const script = [
    prelude,
    'echo "0 $?" >&3',
    ...examples.map(
      (e, i) => `{ ${e.line.replaceAll('/tmp/', `${dir}/`)}\n} >"out.${i + 1}" 2>&1 </dev/null; echo "${i + 1} $?" >&3`,
    ),
  ].join('\n');
  writeFileSync(join(dir, 'examples.sh'), script);
  const run = spawnSync('bash', ['-c', 'bash examples.sh 3>exits'], {
    cwd: dir,
    env: env(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const exits = new Map(
    readFileSync(join(dir, 'exits'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(Number) as [number, number]),
  );
  expect(exits.get(0), readFileSync(join(dir, 'exits'), 'utf8')).toBe(0);
  return examples
    .map((e, i) => ({
      ...e,
      got: exits.get(i + 1),
      output: readFileSync(join(dir, `out.${i + 1}`), 'utf8').slice(0, 600),
    }))
    .filter((e) => e.got !== e.exit);
}
