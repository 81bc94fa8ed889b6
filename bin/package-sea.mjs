#!/usr/bin/env node
// `npm run package`: builds dist/alias-support, one executable for hosts with no
// Node.js, as a Node Single Executable Application (pkg cannot build offline:
// see docs/single-executable.md). Steps: a CommonJS bundle of src/cli/main.ts
// (whatever commands it registers today) → a SEA blob with the code cache and,
// as assets, better-sqlite3's addon and the migrations → injected into a
// stripped copy of the Node.js chosen by package.json config.seaNode (or
// ALIAS_SUPPORT_SEA_NODE), taken from the npm registry: never the end-of-life
// node that may run this script. Also writes dist/better_sqlite3.node, the
// addon to put beside the executable when the cache folder is mounted noexec.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import semver from 'semver';
import { CACHE, nodeRuntime, unmaintained } from './node-runtime.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const WORK = join(DIST, 'sea'); // bundle, config and blob: intermediate files
const OUT = join(DIST, 'alias-support');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const require = createRequire(import.meta.url);
const started = performance.now();

function step(text) {
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${text}\n`);
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  return {
    ok: r.status === 0,
    missing: r.error?.code === 'ENOENT',
    stdout: r.stdout ?? '',
    output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`.trim(),
  };
}

function fail(message) {
  process.stderr.write(`package-sea: ${message}\n`);
  process.exit(1);
}

/** node-gyp as npm ships it (npm runs it for every addon it installs). */
function nodeGyp() {
  const npmCli = process.env.npm_execpath?.endsWith('npm-cli.js')
    ? process.env.npm_execpath
    : (process.env.PATH ?? '')
        .split(delimiter)
        .map((d) => join(d, 'npm'))
        .find((f) => existsSync(f));
  const gyp = npmCli && join(dirname(realpathSync(npmCli)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!gyp || !existsSync(gyp)) fail('node-gyp not found: it comes with npm, run this through `npm run package`');
  return gyp;
}

/**
 * better-sqlite3's addon for `runtime`: the installed one when this node has
 * the same ABI, else compiled once per (better-sqlite3 version, ABI) in a
 * scratch copy of the package against the runtime's headers, and cached.
 */
function addonFor(runtime, abi) {
  const pkg = dirname(require.resolve('better-sqlite3/package.json'));
  if (abi === process.versions.modules) return join(pkg, 'build', 'Release', 'better_sqlite3.node');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const cached = join(CACHE, `better-sqlite3-${version}-node-abi${abi}-${process.platform}-${process.arch}.node`);
  if (existsSync(cached)) return cached;
  step(`compiling better-sqlite3 ${version} for Node ${runtime.version} (ABI ${abi}; a few minutes, once)`);
  const scratch = mkdtempSync(join(CACHE, '.better-sqlite3-'));
  try {
    cpSync(pkg, scratch, { recursive: true, filter: (f) => f !== join(pkg, 'build') });
    const gyp = run(runtime.node, [nodeGyp(), 'rebuild', '--release', `--nodedir=${runtime.dir}`], {
      cwd: scratch,
      env: {
        ...process.env,
        PATH: `${dirname(runtime.node)}${delimiter}${process.env.PATH}`,
        npm_config_nodedir: runtime.dir,
      },
    });
    const built = join(scratch, 'build', 'Release', 'better_sqlite3.node');
    if (!gyp.ok || !existsSync(built))
      fail(`compiling better-sqlite3 for Node ${runtime.version} failed:\n${gyp.output}`);
    const loads = run(runtime.node, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(built)})`]);
    if (!loads.ok) fail(`the addon compiled for Node ${runtime.version} does not load in it:\n${loads.output}`);
    copyFileSync(built, `${cached}.${process.pid}`);
    renameSync(`${cached}.${process.pid}`, cached);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return cached;
}

if (process.platform !== 'linux')
  fail(`linux only (it strips and injects an ELF copy of the runtime), not ${process.platform}`);
const { version, engines, config } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
mkdirSync(WORK, { recursive: true });

const wanted = process.env.ALIAS_SUPPORT_SEA_NODE || config.seaNode;
step(
  `runtime: Node ${wanted} from the npm registry (${process.env.ALIAS_SUPPORT_SEA_NODE ? 'ALIAS_SUPPORT_SEA_NODE' : 'package.json config.seaNode'})`,
);
let runtime;
try {
  runtime = nodeRuntime(wanted, step);
} catch (error) {
  fail(error.message);
}
// The executable carries its runtime wherever it is copied: only a maintained LTS line the package supports.
if (!semver.satisfies(runtime.version, engines.node))
  fail(`Node ${runtime.version} is not a supported runtime (package.json engines: ${engines.node})`);
const why = unmaintained(runtime.version);
if (why) fail(`${why}: set package.json config.seaNode (or ALIAS_SUPPORT_SEA_NODE) to a maintained LTS line`);
const abi = run(runtime.node, ['-p', 'process.versions.modules']).stdout.trim();
step(`runtime: Node ${runtime.version} (${runtime.dir})`);

// Assets: key → file. Only what open.ts reads: the journal and each migration's SQL.
const addon = addonFor(runtime, abi);
const migrations = join(ROOT, 'db', 'migrations');
const journal = JSON.parse(readFileSync(join(migrations, 'meta', '_journal.json'), 'utf8'));
const assets = {
  'better_sqlite3.node': addon,
  'migrations/meta/_journal.json': join(migrations, 'meta', '_journal.json'),
  ...Object.fromEntries(journal.entries.map((e) => [`migrations/${e.tag}.sql`, join(migrations, `${e.tag}.sql`)])),
};
const hash = createHash('sha256');
for (const [key, file] of Object.entries(assets)) hash.update(`${key}\0`).update(readFileSync(file));
const id = `${version}-${hash.digest('hex').slice(0, 12)}`;

// better-sqlite3 loads its addon with require('bindings')(…), which cannot load a file
// from inside the executable: there, every new Database() gets the addon unpacked
// by src/db/native.ts instead (openStore's, db backup's, any later one).
const bindingsFromSea = {
  name: 'bindings-from-sea',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'sea' }));
    b.onLoad({ filter: /.*/, namespace: 'sea' }, () => ({
      contents: `module.exports = () => require(${JSON.stringify(join(ROOT, 'src', 'db', 'native.ts'))}).seaAssets().addon;`,
      resolveDir: ROOT,
    }));
  },
};

step(`bundling src/cli/main.ts as CommonJS (SEA main scripts must be CommonJS)`);
await build({
  stdin: {
    contents:
      "import endQuietlyOnClosedPipe from './bin/closed-pipe.cjs';\nimport { processZone, run } from './src/cli/main.ts';\nendQuietlyOnClosedPipe();\n" +
      // The CLI's own process runs in the business zone (as bin/alias-support.js sets it).
      'process.env.TZ = processZone(process.env);\n' +
      'run(process.argv).then((code) => { process.exitCode = code; });\n',
    resolveDir: ROOT,
    sourcefile: 'sea-main.ts',
    loader: 'ts',
  },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: join(WORK, 'main.cjs'),
  define: {
    __VERSION__: JSON.stringify(version),
    __SEA_ASSETS__: JSON.stringify({ id, files: Object.keys(assets) }),
    // CommonJS has no import.meta: the executable's own path stands for the module's URL.
    'import.meta.url': '__sea_import_meta_url',
  },
  banner: { js: "var __sea_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  // Any other import.meta use would silently be empty in CommonJS: refuse to build.
  logOverride: { 'empty-import-meta': 'error' },
  plugins: [bindingsFromSea],
  logLevel: 'warning',
});

step('writing the SEA blob (code cache, assets)');
const seaConfig = join(WORK, 'sea-config.json');
const blob = join(WORK, 'sea.blob');
writeFileSync(
  seaConfig,
  `${JSON.stringify(
    {
      main: join(WORK, 'main.cjs'),
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: true,
      assets,
    },
    null,
    2,
  )}\n`,
);
// By the runtime itself: the blob's format and its code cache belong to that Node.
const sea = run(runtime.node, ['--experimental-sea-config', seaConfig]);
if (!sea.ok) fail(`node --experimental-sea-config failed:\n${sea.output}`);

step(`copying ${runtime.node}`);
const temp = `${OUT}.tmp`;
rmSync(temp, { force: true });
copyFileSync(runtime.node, temp);
chmodSync(temp, 0o755);
// Strip before injecting: stripping afterwards would drop the injected blob.
const strip = run('strip', [temp]);
if (strip.missing) step('strip not found: the executable keeps node debug symbols (bigger, works the same)');
else if (!strip.ok || !run(temp, ['-e', '0']).ok) {
  step(`strip failed or broke the binary, kept unstripped: ${strip.output}`);
  copyFileSync(runtime.node, temp);
} else step('stripped the copy');

step('injecting the blob (postject)');
// In a child process: its ELF library prints harmless "Can't find string offset
// for section name '.note…'" warnings for node's notes, shown only on failure.
const postject = run(process.execPath, [
  require.resolve('postject/dist/cli.js'),
  temp,
  'NODE_SEA_BLOB',
  blob,
  '--sentinel-fuse',
  FUSE,
]);
if (!postject.ok) fail(`postject failed:\n${postject.output}`);
renameSync(temp, OUT); // atomic: a running dist/alias-support is never half-written
copyFileSync(addon, join(DIST, 'better_sqlite3.node'));

const check = spawnSync(OUT, ['--version'], { env: {}, encoding: 'utf8' });
if (check.status !== 0 || check.stdout.trim() !== version)
  fail(`the executable does not start: ${check.stdout}${check.stderr}`);
const mb = (file) => `${(statSync(file).size / 1e6).toFixed(1)} MB`;
step(
  `built ${relative(ROOT, OUT)} (${mb(OUT)}, version ${version}, Node ${runtime.version} inside, asset cache id ${id}); noexec fallback: ${relative(ROOT, join(DIST, 'better_sqlite3.node'))} (${mb(addon)})`,
);
