#!/usr/bin/env node
// `npm run build`: bundles the CLI into dist/main.cjs, writes V8's code cache
// for it (dist/main.cjs.cache) from a run of the everyday commands, and the
// answers to `--version` and `--help` (dist/answers.json). See bin/bundle.cjs
// and bin/alias-support.js, and docs/benchmarks.md for what each step saves.
//
// One CommonJS file: esbuild wraps each module reached by a dynamic import, so
// a command's code only runs when that command does. Packages used by rare
// commands stay outside, loaded from node_modules when needed, so the file and
// its cache hold only what everyday calls use.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const LAUNCHER = join(ROOT, 'bin', 'alias-support.js');
const { ANSWERS, BUNDLE, CACHE, loadBundle } = createRequire(import.meta.url)('./bundle.cjs');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const migrations = JSON.parse(readFileSync(join(ROOT, 'db', 'migrations', 'meta', '_journal.json'), 'utf8')).entries.length;

/** Each loaded by one rare command: prompts, SMTP, the MCP server, imports and exports, the holiday data. */
const COLD = ['@inquirer/prompts', 'nodemailer', '@modelcontextprotocol/sdk', 'zod', 'csv-parse', 'csv-stringify', 'cli-progress', 'date-holidays'];

/**
 * better-sqlite3's JavaScript is bundled; its addon is found by a plain
 * require.resolve instead of the `bindings` package, which probes a dozen
 * paths and reads a stack trace on every start.
 */
const addonFoundDirectly = {
  name: 'addon-found-directly',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'addon' }));
    b.onLoad({ filter: /.*/, namespace: 'addon' }, () => ({
      contents: "module.exports = (name) => require(require.resolve('better-sqlite3/build/Release/' + name));",
      loader: 'js',
    }));
  },
};

/** commander loads child_process (and with it net and dgram) for executable subcommands, which this CLI has none of: on first use only. */
const childProcessWhenUsed = {
  name: 'child-process-when-used',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

// What an earlier build left: the split ES module build of before, a cache or answers that would not match.
mkdirSync(DIST, { recursive: true });
for (const f of readdirSync(DIST, { withFileTypes: true }).map((e) => e.name)) if (f.endsWith('.js')) rmSync(join(DIST, f));
rmSync(CACHE, { force: true });
rmSync(ANSWERS, { force: true });

await build({
  entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
  outfile: BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: COLD.flatMap((p) => [p, `${p}/*`]),
  // import() of an outside package becomes require() (Node 20.19+ requires ES modules too): the bundle runs as a script.
  supported: { 'dynamic-import': false },
  define: {
    __VERSION__: JSON.stringify(version),
    __MIGRATIONS__: String(migrations),
    'import.meta.url': '__bundle_url',
  },
  banner: { js: "var __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  // Any other import.meta use would silently be empty in CommonJS: refuse to build.
  logOverride: { 'empty-import-meta': 'error' },
  plugins: [addonFoundDirectly, childProcessWhenUsed],
  // Less to read on every call; names are kept for stack traces. Pure ASCII, so it is read as one-byte text (bin/bundle.cjs).
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
});
if (/[^\x00-\x7f]/.test(readFileSync(BUNDLE, 'latin1'))) throw new Error(`${BUNDLE} is not pure ASCII: bin/bundle.cjs reads it as latin1`);

/** The everyday calls, run in this process on a scratch desk, output discarded, so that V8 compiles their code. */
async function warmUp(run) {
  const dir = mkdtempSync(join(tmpdir(), 'alias-support-build-'));
  const env = { ...process.env };
  const write = process.stdout.write;
  Object.assign(process.env, { ALIAS_SUPPORT_DB: join(dir, 'desk.db'), ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z', ALIAS_SUPPORT_AGENT: 'build', NO_COLOR: '1' });
  process.stdout.write = () => true; // commander prints the help itself
  const output = { out() {}, err() {} };
  const calls = [
    ['--version'],
    ['--help'],
    ['clients', 'add', 'C001', '--name', 'Build', '--email', 'build@example.com'],
    ['licences', 'add', 'C001', '--plan', 'all-inclusive', '--start', '2026-01-01'],
    ['credits', 'adjust', 'C001', '+2h', '--reason', 'build'],
    ['tickets', 'open', '--client', 'C001', '--subject', 'build'],
    ['queue', '--limit', '20', '--json'],
    ['queue'],
    ['take', '1'],
    ['time', '1'],
    ['time', '1', '--json'],
    ['close', '1', '--resolution', 'built'],
    ['tickets', 'show', '1'],
    ['bill', '--all', '--json'],
    ['credits', 'balance', 'C001', '--json'],
  ];
  try {
    for (const argv of calls) {
      const code = await run(['node', 'alias-support', ...argv], output);
      if (code !== 0) throw new Error(`warm-up call 'alias-support ${argv.join(' ')}' exited with ${code}`);
    }
  } finally {
    process.stdout.write = write;
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    rmSync(dir, { recursive: true, force: true });
  }
}

const { exports, script } = loadBundle(false);
await warmUp(exports.run);
const temp = `${CACHE}.${process.pid}`;
writeFileSync(temp, script.createCachedData());
renameSync(temp, CACHE);

// The answers, printed by the bundle itself to a pipe (80 columns), as a script reading them would get them.
const answers = {};
for (const flag of ['--version', '-V', '--help', '-h']) {
  const r = spawnSync(process.execPath, [LAUNCHER, flag], { encoding: 'utf8' });
  if (r.status !== 0 || r.stderr !== '') throw new Error(`alias-support ${flag} exited with ${r.status}: ${r.stderr}`);
  answers[flag] = r.stdout;
}
writeFileSync(ANSWERS, `${JSON.stringify(answers, null, 2)}\n`);
