// Loads dist/main.cjs, the CLI bundled by `npm run build`, with V8's code
// cache for it (dist/main.cjs.cache, written by the same build): Node 20 keeps
// no compiled code between runs, and compiling the CLI's code was most of what
// a call cost beyond Node's own start-up.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist');
const BUNDLE = join(DIST, 'main.cjs');
const CACHE = `${BUNDLE}.cache`;
/** `--version` and the piped `--help`, as the bundle prints them (see bin/alias-support.js). */
const ANSWERS = join(DIST, 'answers.json');

/** The cache, when it was written after the bundle: V8 itself checks only the source's length. */
function readCache() {
  try {
    if (statSync(CACHE).mtimeMs < statSync(BUNDLE).mtimeMs) return undefined;
    return readFileSync(CACHE);
  } catch {
    return undefined;
  }
}

/** Runs the bundle as a CommonJS module: its exports, and its script (the build writes the cache from it). */
function loadBundle(useCache = true) {
  // Required here: `--version` and `--help` (bin/alias-support.js) need neither.
  const { createRequire } = require('node:module');
  const { Script } = require('node:vm');
  const source = readFileSync(BUNDLE, 'latin1'); // pure ASCII (checked by the build): one byte a character
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    cachedData: useCache ? readCache() : undefined,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, DIST);
  return { exports: module.exports, script };
}

module.exports = { ANSWERS, BUNDLE, CACHE, loadBundle };
