// Loads a CLI bundle written by `npm run build` (bin/build.mjs), with V8's code
// cache for it: Node 20 keeps no compiled code between runs, and compiling the
// CLI's code was most of what a call cost beyond Node's own start-up.
//   dist/main.cjs       the whole CLI
//   dist/everyday.cjs   the everyday commands only (those declared `everyday`,
//                       whose first words the build lists in dist/everyday.json):
//                       half the code to read and deserialize on the calls
//                       made most often
// Each with its cache, <bundle>.cache.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist');
/** `--version` and the piped `--help`, as the bundle prints them (see bin/alias-support.js). */
const ANSWERS = join(DIST, 'answers.json');
/** The first words of the commands of dist/everyday.cjs, written by the build from the declarations. */
const EVERYDAY = join(DIST, 'everyday.json');

/** The everyday words; none when the build wrote no list (every call then goes to the whole CLI). */
function everydayWords() {
  try {
    return JSON.parse(readFileSync(EVERYDAY, 'utf8'));
  } catch {
    return [];
  }
}

/** The bundle `name` and its code cache. */
function bundleFiles(name) {
  const bundle = join(DIST, `${name}.cjs`);
  return { bundle, cache: `${bundle}.cache` };
}

/**
 * The bundle for a command line (the words after the program): the everyday
 * one when its first word is an everyday command, unless a word follows
 * --json: telling fields from commands there takes the whole CLI's command
 * names (src/cli/json-fields.ts).
 */
function bundleFor(args, everyday = everydayWords()) {
  const json = args.indexOf('--json');
  const wordAfterJson = json !== -1 && args[json + 1] !== undefined && !args[json + 1].startsWith('-');
  return everyday.includes(args[0]) && !wordAfterJson ? 'everyday' : 'main';
}

/** The cache, when it was written after the bundle: V8 itself checks only the source's length. */
function readCache({ bundle, cache }) {
  try {
    if (statSync(cache).mtimeMs < statSync(bundle).mtimeMs) return undefined;
    return readFileSync(cache);
  } catch {
    return undefined;
  }
}

/** Runs the bundle as a CommonJS module: its exports, and its script (the build writes the cache from it). */
function loadBundle(name, useCache = true) {
  // Required here: `--version` and `--help` (bin/alias-support.js) need neither.
  const { createRequire } = require('node:module');
  const { Script } = require('node:vm');
  const files = bundleFiles(name);
  const source = readFileSync(files.bundle, 'latin1'); // pure ASCII (checked by the build): one byte a character
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: files.bundle,
    cachedData: useCache ? readCache(files) : undefined,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(files.bundle), module, files.bundle, DIST);
  return { exports: module.exports, script };
}

module.exports = { ANSWERS, DIST, EVERYDAY, bundleFiles, bundleFor, loadBundle };
