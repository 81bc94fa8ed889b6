#!/usr/bin/env node
// A Node.js release taken from the npm registry (the `node-<platform>-<arch>`
// package ships the binary and its C++ headers, so node-gyp can compile an
// addon for it offline with npm_config_nodedir), unpacked once into
// $XDG_CACHE_HOME/alias-support-build/ (~/.cache/...). Used by `npm run package`
// (the runtime inside the single executable) and .ci/run (the suite on Node 24).
//
//   node bin/node-runtime.mjs 24        prints the folder of the newest 24.x (bin/node, include/node)
//   node bin/node-runtime.mjs 24.22.3   that exact release
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

export const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'alias-support-build');
const PACKAGE = `node-${process.platform}-${process.arch}`;

/**
 * The last day each long-term-support line gets security releases
 * (https://nodejs.org/en/about/previous-releases); odd lines are never LTS.
 * Add the next line when it enters LTS (each October).
 */
export const LTS_END = { 20: '2026-04-30', 22: '2027-04-30', 24: '2028-04-30', 26: '2029-04-30' };

/** Why `version` must not be shipped on `today`, or undefined for a maintained LTS. */
export function unmaintained(version, today = new Date()) {
  const major = semver.major(version);
  if (!LTS_END[major]) return `Node ${major} is not a long-term-support line`;
  if (today > new Date(`${LTS_END[major]}T23:59:59Z`)) return `Node ${major} reached its end of life on ${LTS_END[major]}`;
  return undefined;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** In the project folder, so that its .npmrc (a registry mirror) applies. */
function npm(args) {
  const r = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout;
}

/**
 * The newest published release matching `wanted` ("24", "24.22", "24.22.3"),
 * or, when the registry cannot be reached, the newest one already in the cache.
 */
function resolve(wanted, log) {
  const range = semver.validRange(wanted);
  if (!range) throw new Error(`not a Node.js version: ${wanted}`);
  try {
    const found = JSON.parse(npm(['view', `${PACKAGE}@${range}`, 'version', '--json']) || 'null');
    const best = semver.maxSatisfying([found ?? []].flat(), range);
    if (best) return best;
  } catch (error) {
    const cached = readdirSync(CACHE).filter((f) => f.startsWith(`${PACKAGE}-`)).map((f) => f.slice(PACKAGE.length + 1));
    const best = semver.maxSatisfying(cached, range);
    if (!best) throw error;
    log(`registry not reached, using the cached Node ${best} (${error.message.split('\n')[0]})`);
    return best;
  }
  throw new Error(`no ${PACKAGE} release matches ${wanted} in the npm registry`);
}

/** { version, dir, node }: dir is what npm_config_nodedir wants; node is its binary. */
export function nodeRuntime(wanted, log = (text) => process.stderr.write(`${text}\n`)) {
  mkdirSync(CACHE, { recursive: true });
  const version = resolve(String(wanted), log);
  const dir = join(CACHE, `${PACKAGE}-${version}`);
  const node = join(dir, 'bin', 'node');
  if (!existsSync(node)) {
    log(`fetching ${PACKAGE}@${version} from the npm registry (~50 MB)`);
    const temp = mkdtempSync(join(CACHE, '.fetch-'));
    try {
      // npm pack checks the tarball against the registry's integrity hash.
      const [{ filename }] = JSON.parse(npm(['pack', `${PACKAGE}@${version}`, '--json', '--pack-destination', temp]));
      const tar = spawnSync('tar', ['-xzf', join(temp, filename), '-C', temp], { encoding: 'utf8' });
      if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
      const got = spawnSync(join(temp, 'package', 'bin', 'node'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
      if (got !== `v${version}`) throw new Error(`${PACKAGE}@${version} holds a node that says ${got}`);
      if (!existsSync(join(temp, 'package', 'include', 'node', 'node.h'))) throw new Error(`${PACKAGE}@${version} has no headers (include/node)`);
      // Atomic: a concurrent fetch that finished first keeps its copy.
      try {
        renameSync(join(temp, 'package'), dir);
      } catch (error) {
        if (!existsSync(node)) throw error;
      }
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
  return { version, dir, node };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${nodeRuntime(process.argv[2] ?? '24').dir}\n`);
  } catch (error) {
    process.stderr.write(`node-runtime: ${error.message}\n`);
    process.exit(1);
  }
}
