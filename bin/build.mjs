#!/usr/bin/env node
// `npm run build`: bundles the CLI into dist/main.cjs, and the commands
// declared `everyday` alone into dist/everyday.cjs (their first words in
// dist/everyday.json), writes V8's code cache for each (<bundle>.cache) from a
// run of commands, and the answers to `--version` and `--help`
// (dist/answers.json). See bin/bundle.cjs and bin/alias-support.js, and
// docs/benchmarks.md for what each step saves.
//
// CommonJS files: esbuild wraps each module reached by a dynamic import, so
// a command's code only runs when that command does. Packages used by rare
// commands stay outside, loaded from node_modules when needed, so the files
// and their caches hold only what calls use.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const LAUNCHER = join(ROOT, 'bin', 'alias-support.js');
const { ANSWERS, EVERYDAY, bundleFiles, bundleFor, loadBundle } = createRequire(import.meta.url)('./bundle.cjs');
const BUNDLES = ['main', 'everyday'];
const PG_WORKER = join(DIST, 'pg-worker.cjs');
const COMMANDS = join(ROOT, 'src', 'cli', 'commands');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/**
 * Each loaded by one rare command: prompts, SMTP, the MCP server, imports and
 * exports, the holiday data. Hono stays in: `serve` then listens ~20 % sooner
 * (~40 files fewer to find and compile), and the code of a command that does
 * not run costs the others nothing measurable (docs/benchmarks.md).
 */
const COLD = [
  '@inquirer/prompts',
  'nodemailer',
  '@modelcontextprotocol/sdk',
  'zod',
  'csv-parse',
  'csv-stringify',
  'cli-progress',
  'date-holidays',
];

/**
 * better-sqlite3's JavaScript is bundled; its addon is loaded by one
 * process.dlopen from where this build found it (relative to the bundle),
 * instead of the `bindings` package, which probes a dozen paths and reads a
 * stack trace on every start: a require.resolve and a require cost ~1.5 ms
 * more. If the addon has moved since (a package installed elsewhere), it is
 * found by require.resolve.
 */
const addonFoundDirectly = {
  name: 'addon-found-directly',
  setup(b) {
    const found = relative(
      DIST,
      dirname(createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node')),
    );
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'addon' }));
    b.onLoad({ filter: /.*/, namespace: 'addon' }, () => ({
      contents: `module.exports = (name) => {
        const addon = { exports: {} };
        try {
          process.dlopen(addon, require('node:path').join(__dirname, ${JSON.stringify(found)}, name));
          return addon.exports;
        } catch {
          return require(require.resolve('better-sqlite3/build/Release/' + name));
        }
      };`,
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
      contents:
        "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * The everyday bundle's list of command files (src/cli/commands/index.ts):
 * only the files declaring everyday commands, each keeping the commands of
 * the everyday words (a word is everyday when every command it starts is).
 */
function everydayFiles(words, files) {
  return {
    name: 'everyday-files',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]commands[\\/]index\.ts$/ }, () => ({
        contents: [
          "import type { CommandFile } from '../define.js';",
          ...files.map((f) => `import { file as ${f} } from './${f}.ts';`),
          `const WORDS = new Set(${JSON.stringify(words)});`,
          "const everyday = (f: CommandFile): CommandFile => ({ ...f, commands: f.commands.filter((c) => WORDS.has(c.name.split(' ')[0]!)) });",
          `export const COMMAND_FILES: Readonly<Record<string, CommandFile>> = { ${files.map((f) => `${f}: everyday(${f})`).join(', ')} };`,
        ].join('\n'),
        loader: 'ts',
        resolveDir: COMMANDS,
      }));
    },
  };
}

/** The words the everyday bundle answers and the command files it holds, from the declarations of the whole CLI. */
function everydayOf(commandFiles) {
  const commands = Object.values(commandFiles).flatMap((f) => f.commands);
  const wordOf = (c) => c.name.split(' ')[0];
  const words = [...new Set(commands.filter((c) => c.everyday).map(wordOf))].filter((w) =>
    commands.every((c) => wordOf(c) !== w || c.everyday),
  );
  const files = Object.keys(commandFiles).filter((name) =>
    commandFiles[name].commands.some((c) => words.includes(wordOf(c))),
  );
  for (const name of files)
    if (!existsSync(join(COMMANDS, `${name}.ts`)))
      throw new Error(`src/cli/commands/index.ts names '${name}', not a file of src/cli/commands`);
  return { words: words.sort(), files };
}

/** What every bundle of dist/ is built with. */
const BUNDLED = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import() of an outside package becomes require() (Node 20.19+ requires ES modules too): the bundle runs as a script.
  supported: { 'dynamic-import': false },
  define: { __VERSION__: JSON.stringify(version), 'import.meta.url': '__bundle.url' },
  // Computed when read (finding the migrations).
  banner: { js: "var __bundle = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  // Any other import.meta use would silently be empty in CommonJS: refuse to build.
  logOverride: { 'empty-import-meta': 'error' },
  // Less to read on every call; names are kept for stack traces. Pure ASCII, so it is read as one-byte text (bin/bundle.cjs).
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
};

async function bundle(name, plugins = []) {
  const { bundle } = bundleFiles(name);
  await build({
    ...BUNDLED,
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: bundle,
    external: COLD.flatMap((p) => [p, `${p}/*`]),
    plugins: [addonFoundDirectly, childProcessWhenUsed, ...plugins],
  });
  if (/[^\x00-\x7f]/.test(readFileSync(bundle, 'latin1')))
    throw new Error(`${bundle} is not pure ASCII: bin/bundle.cjs reads it as latin1`);
}

// What an earlier build left: the split ES module build of before, a cache, answers or a list that would not match.
mkdirSync(DIST, { recursive: true });
for (const f of readdirSync(DIST, { withFileTypes: true }).map((e) => e.name))
  if (f.endsWith('.js')) rmSync(join(DIST, f));
for (const name of BUNDLES) rmSync(bundleFiles(name).cache, { force: true });
rmSync(ANSWERS, { force: true });
rmSync(EVERYDAY, { force: true });

// The whole CLI; its declarations say which commands the everyday bundle holds.
await bundle('main');
// The PostgreSQL connection's worker alone, which the launcher starts before it loads a CLI bundle (bin/alias-support.js).
await build({ ...BUNDLED, entryPoints: [join(ROOT, 'src', 'store', 'postgres', 'worker.ts')], outfile: PG_WORKER });
const loaded = { main: loadBundle('main', false) };
const everyday = everydayOf(loaded.main.exports.COMMAND_FILES);
await bundle('everyday', [everydayFiles(everyday.words, everyday.files)]);
loaded.everyday = loadBundle('everyday', false);
writeFileSync(EVERYDAY, `${JSON.stringify(everyday.words)}\n`);

/**
 * Commands run in this process on a scratch desk, output discarded, each by
 * the bundle the launcher would pick (bundleFor), so that V8 compiles their
 * code: each bundle's cache holds what these calls ran. Every call
 * deserializes its bundle's whole cache, so the everyday one holds only their
 * --json form (as scripts and agents call them): human forms, bill and --help
 * in the cache cost ~1.5 ms more on each call, and code left out compiles
 * lazily when it runs, no measurably slower (docs/benchmarks.md).
 */
async function warmUp(runs) {
  const dir = mkdtempSync(join(tmpdir(), 'alias-support-build-'));
  const env = { ...process.env };
  Object.assign(process.env, {
    ALIAS_SUPPORT_DB: join(dir, 'desk.db'),
    ALIAS_SUPPORT_NOW: '2026-11-26T09:00:00Z',
    ALIAS_SUPPORT_AGENT: 'build',
    NO_COLOR: '1',
  });
  const output = { out() {}, err() {} };
  const calls = [
    ['db', 'init', '--json'], // an explicit ALIAS_SUPPORT_DB must exist: db init creates it
    ['clients', 'add', 'C001', '--name', 'Build', '--email', 'build@example.com', '--json'],
    ['licences', 'add', 'C001', '--plan', 'all-inclusive', '--start', '2026-01-01', '--json'],
    ['credits', 'adjust', 'C001', '+2h', '--reason', 'build', '--json'],
    ['tickets', 'open', '--client', 'C001', '--subject', 'build', '--json'],
    ['queue', '--limit', '20', '--json'],
    ['take', '1', '--json'],
    ['time', '1', '--json'],
    ['close', '1', '--resolution', 'built', '--json'],
    ['tickets', 'show', '1', '--json'],
    ['credits', 'balance', 'C001', '--json'],
    ['bill', '--all', '--json'],
  ];
  try {
    for (const argv of calls) {
      const code = await runs[bundleFor(argv)](['node', 'alias-support', ...argv], output);
      if (code !== 0) throw new Error(`warm-up call 'alias-support ${argv.join(' ')}' exited with ${code}`);
    }
    await warmUpServe(runs);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `serve` on the scratch desk until it has answered a page, then stopped as
 * SIGTERM stops it: the main bundle's cache then holds the web server's code
 * too, which `serve` runs before it listens and on its first requests.
 */
async function warmUpServe(runs) {
  const argv = ['serve', '--host', '127.0.0.1', '--port', '0'];
  let listening;
  const url = new Promise((resolve) => (listening = resolve));
  const output = { out: (text) => listening(/^listening on (\S+)/.exec(text)?.[1]), err() {} };
  const served = runs[bundleFor(argv)](['node', 'alias-support', ...argv], output);
  const base = await Promise.race([
    url,
    served.then((code) => Promise.reject(new Error(`warm-up serve exited with ${code}`))),
  ]);
  for (const path of ['/health', '/sign-in']) await (await fetch(`${base}${path}`)).text();
  process.emit('SIGTERM');
  const code = await served;
  if (code !== 0) throw new Error(`warm-up call 'alias-support ${argv.join(' ')}' exited with ${code}`);
}

await warmUp(Object.fromEntries(BUNDLES.map((name) => [name, loaded[name].exports.run])));
for (const name of BUNDLES) {
  const { cache } = bundleFiles(name);
  const temp = `${cache}.${process.pid}`;
  writeFileSync(temp, loaded[name].script.createCachedData());
  renameSync(temp, cache);
}

// The answers, printed by the bundle itself to a pipe (80 columns), as a script reading them would get them.
const answers = {};
for (const flag of ['--version', '-V', '--help', '-h']) {
  const r = spawnSync(process.execPath, [LAUNCHER, flag], { encoding: 'utf8' });
  if (r.status !== 0 || r.stderr !== '') throw new Error(`alias-support ${flag} exited with ${r.status}: ${r.stderr}`);
  answers[flag] = r.stdout;
}
writeFileSync(ANSWERS, `${JSON.stringify(answers, null, 2)}\n`);
