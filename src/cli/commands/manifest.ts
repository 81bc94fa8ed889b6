// `commands`: the manifest of every command, for programs and LLM agents.
import type { Command } from 'commander';
import { act, describe } from '../define.js';

export function registerManifest(program: Command): void {
  describe(
    act(program.command('commands').description('every command with its arguments, options, exit and error codes (--json: the manifest)'), async (rt) => {
      const { buildManifest, manifestText } = await import('../manifest.js');
      await rt.emit(buildManifest(program), (m) => manifestText(m));
    }),
    { mutates: false, examples: ['commands', 'commands --json', 'commands --json name,mutates,exitCodes'] },
  );
}
