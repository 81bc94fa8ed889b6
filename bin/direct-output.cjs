// Output written straight to a file descriptor, by the launcher (its ready
// answers) and the CLI (src/cli/runtime.ts): creating process.stdout or
// process.stderr on a pipe loads Node's net and stream modules, about 3 ms of
// a call that prints one line of JSON.
'use strict';
const { writeSync } = require('node:fs');

/**
 * A writer to fd 1 or 2. On any failure (a non-blocking pipe that is full, a
 * closed one) this text's rest and every later text go through the stream,
 * which waits, or ends the call quietly on a closed pipe (closed-pipe.cjs).
 */
module.exports = function directOutput(fd, stream) {
  let viaStream = false;
  return (text) => {
    if (viaStream) return void stream().write(text);
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch {
      viaStream = true;
      stream().write(bytes.subarray(written));
    }
  };
};
