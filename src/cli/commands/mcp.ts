// `mcp`: serves the commands as Model Context Protocol tools over stdio.
import type { Command } from 'commander';
import { act, describe } from '../define.js';

export function registerMcp(program: Command): void {
  describe(
    act(
      program
        .command('mcp')
        .description('serve every command as a Model Context Protocol tool over stdio (for LLM agents); ends when stdin closes'),
      async (rt) => {
        const { serve } = await import('../../mcp/server.js');
        // Tool calls act on this server's database and as its agent, handed to
        // the runner as given values (not typed flags: an --agent typed on a
        // command line also filters `queue`, which a tool call must not inherit).
        const given = { db: rt.opts.db, agent: rt.opts.agent };
        const runner = rt.runner;
        await serve(program, (argv, output) => runner(argv, output, given));
      },
    ),
    {
      mutates: true,
      examples: ['mcp', 'mcp --db /srv/desk.db --agent claude'],
    },
  );
}
