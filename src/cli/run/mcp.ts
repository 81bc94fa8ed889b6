// `mcp` (declared in ../commands/mcp.ts).
import type * as declared from '../commands/mcp.js';
import type { InputOf } from '../define.js';
import { buildManifest } from '../manifest.js';
import type { Runtime } from '../runtime.js';

export async function mcp(_input: InputOf<typeof declared.mcp>, rt: Runtime): Promise<void> {
  const { serve } = await import('../../mcp/server.js');
  // Tool calls act on this server's database and as its agent, handed to the
  // runner as given values (not typed flags: an --agent typed on a command
  // line also filters `queue`, which a tool call must not inherit).
  const given = { db: rt.opts.db, agent: rt.opts.agent };
  const runner = rt.runner;
  await serve(buildManifest(rt.declarations), (argv, output) => runner(argv, output, given));
}
