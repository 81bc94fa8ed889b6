// `mcp`: serves the commands as Model Context Protocol tools over stdio.
import { declare, runs, type CommandFile } from '../define.js';

export const mcp = declare({
  name: 'mcp',
  summary: 'serve every command as a Model Context Protocol tool over stdio (for LLM agents); ends when stdin closes',
  mutates: true,
  examples: ['mcp', 'mcp --db /srv/desk.db --agent claude'],
});

export const file: CommandFile = {
  commands: [runs(mcp, async () => (await import('../run/mcp.js')).mcp)],
};
