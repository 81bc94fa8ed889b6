#!/usr/bin/env node
// Launcher: runs the CLI bundled into dist/ by `npm run build` (run by `npm ci`
// through `prepare`): the everyday commands from their own smaller bundle,
// the rest from the whole CLI's (bin/bundle.cjs), in the business time zone.
// `--version`, and `--help` when not printed to a terminal (whose width the
// help wraps to), are answered from dist/answers.json, which the build wrote
// from the CLI itself: no bundle to load for them.
'use strict';
require('./closed-pipe.cjs')();
const { ANSWERS, bundleFor, loadBundle } = require('./bundle.cjs');
const directOutput = require('./direct-output.cjs');

/** stdout is a character device (a terminal, or /dev/null): process.stdout.isTTY would create the stream (~2 ms). */
function maybeTerminal() {
  try {
    return require('node:fs').fstatSync(1).isCharacterDevice();
  } catch {
    return true; // no stdout: let the bundle say so
  }
}

/**
 * For a desk on PostgreSQL (--db or ALIAS_SUPPORT_DB a postgres:// URL), the
 * connection's worker thread starts now: its start, loading the driver and
 * connecting overlap the loading of the CLI, which then adopts it
 * (src/store/postgres/worker.ts). A build without dist/pg-worker.cjs starts
 * nothing: the connection then starts its worker when the desk opens.
 */
function startPostgresEarly(args) {
  let db = process.env.ALIAS_SUPPORT_DB;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--db') db = args[i + 1];
    else if (args[i].startsWith('--db=')) db = args[i].slice('--db='.length);
  }
  if (!db || !/^postgres(ql)?:\/\//i.test(db)) return;
  let worker;
  try {
    worker = require('../dist/pg-worker.cjs');
  } catch {
    return;
  }
  worker.startEarlyPgWorker(db);
}

const [flag, ...rest] = process.argv.slice(2);
const version = flag === '--version' || flag === '-V';
const help = (flag === '--help' || flag === '-h') && !maybeTerminal();
let answer;
if (rest.length === 0 && (version || help)) {
  try {
    answer = JSON.parse(require('node:fs').readFileSync(ANSWERS, 'utf8'))[flag];
  } catch {
    answer = undefined; // no answers written: the bundle answers
  }
}
if (typeof answer === 'string') directOutput(1, () => process.stdout)(answer);
else {
  startPostgresEarly(process.argv.slice(2));
  const cli = loadBundle(bundleFor(process.argv.slice(2))).exports;
  // This process is the CLI's own: it runs in the business zone, whose wall clock Date then reads without Intl (src/rules/calendar.ts).
  process.env.TZ = cli.processZone(process.env);
  cli.run(process.argv).then((code) => {
    process.exitCode = code;
  });
}
