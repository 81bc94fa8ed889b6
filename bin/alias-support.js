#!/usr/bin/env node
// Launcher: runs the CLI bundled into dist/ by `npm run build` (run by `npm ci`
// through `prepare`). `--version`, and `--help` when not printed to a terminal
// (whose width the help wraps to), are answered from dist/answers.json, which
// the build wrote from the CLI itself: no bundle to load for them.
'use strict';
require('./closed-pipe.cjs')();
const { ANSWERS, loadBundle } = require('./bundle.cjs');

const [flag, ...rest] = process.argv.slice(2);
const version = flag === '--version' || flag === '-V';
const help = (flag === '--help' || flag === '-h') && !process.stdout.isTTY;
let answer;
if (rest.length === 0 && (version || help)) {
  try {
    answer = JSON.parse(require('node:fs').readFileSync(ANSWERS, 'utf8'))[flag];
  } catch {
    answer = undefined; // no answers written: the bundle answers
  }
}
if (typeof answer === 'string') process.stdout.write(answer);
else
  loadBundle()
    .exports.run(process.argv)
    .then((code) => {
      process.exitCode = code;
    });
