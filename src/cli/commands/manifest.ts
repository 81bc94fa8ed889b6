// `commands`: the manifest of every command, for programs and LLM agents.
import { declare, runs, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const commands = declare({
  name: 'commands',
  summary: 'every command with its arguments, options, exit and error codes (--json: the manifest)',
  mutates: false,
  examples: ['commands', 'commands --json', 'commands --json name,mutates,exitCodes'],
  json: SHAPES.commands,
});

export const file: CommandFile = {
  commands: [runs(commands, async () => (await import('../run/manifest.js')).commands)],
};
