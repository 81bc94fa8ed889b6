// A reader that stops reading (`alias-support credits list | head -2`) closes
// the pipe: the next write fails with EPIPE, which Node reports as an unhandled
// 'error' event (a stack trace, exit 1). Installed once, first thing, by the
// launcher (bin/alias-support.js) and the single executable (bin/package-sea.mjs).
'use strict';

module.exports = function endQuietlyOnClosedPipe() {
  // The reader has what it wanted, as after `head`: end at once, with the
  // command's exit code if it has one already, else 0 (not 141: a script under
  // `set -o pipefail` would fail on `… | head`). Output is written after the
  // command's changes are committed, so ending here cuts only the output.
  process.stdout.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit();
  });
  // Nothing more can be said on a closed stderr: the command goes on and ends with its own code.
  process.stderr.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });
};
