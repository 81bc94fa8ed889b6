// A reader that stops reading (`alias-support credits list | head -2`) closes
// the pipe: the next write fails with EPIPE, which Node reports as an unhandled
// 'error' event (a stack trace, exit 1). Installed once, first thing, by the
// launcher (bin/alias-support.js) and the single executable (bin/package-sea.mjs).
'use strict';

/**
 * Runs `install` on process[name] when the stream is first created, not
 * before: creating stdout or stderr on a pipe loads Node's net and stream
 * modules (~3 ms), which a call writing through fs.writeSync never needs
 * (src/cli/runtime.ts).
 */
function whenCreated(name, install) {
  const own = Object.getOwnPropertyDescriptor(process, name);
  if (!own?.get || !own.configurable) return install(process[name]);
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable,
    get() {
      Object.defineProperty(process, name, own); // Node's getter keeps the stream it creates
      const stream = process[name];
      install(stream);
      return stream;
    },
  });
}

module.exports = function endQuietlyOnClosedPipe() {
  // The reader has what it wanted, as after `head`: end at once, with the
  // command's exit code if it has one already, else 0 (not 141: a script under
  // `set -o pipefail` would fail on `… | head`). Output is written after the
  // command's changes are committed, so ending here cuts only the output.
  whenCreated('stdout', (stdout) =>
    stdout.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit();
    }),
  );
  // Nothing more can be said on a closed stderr: the command goes on and ends with its own code.
  whenCreated('stderr', (stderr) =>
    stderr.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
    }),
  );
};
