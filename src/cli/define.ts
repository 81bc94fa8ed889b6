// Helpers every command file uses: wiring an action to a Runtime, and the
// command's own description for `--help` and the `commands --json` manifest
// (one source: the commander tree).
import type { Command } from 'commander';
import { checkFields } from './json-fields.js';
import { Runtime } from './runtime.js';

export interface CommandMeta {
  /** whether the command can change the database */
  mutates: boolean;
  /** real invocations, shown at the end of --help */
  examples: string[];
  /** error codes the command can return besides USAGE, INTERNAL and DB_* */
  errors?: string[];
  /** asks at a terminal (missing values, a pick from a list, a confirmation), so Ctrl-C can end it with 130 */
  prompts?: boolean;
}

const metas = new WeakMap<Command, CommandMeta>();

export function describe(cmd: Command, meta: CommandMeta): Command {
  metas.set(cmd, meta);
  if (meta.examples.length > 0)
    cmd.addHelpText('after', `\nExamples:\n${meta.examples.map((e) => `  $ alias-support ${e}`).join('\n')}`);
  return cmd;
}

export function metaOf(cmd: Command): CommandMeta | undefined {
  return metas.get(cmd);
}

type Handler = (rt: Runtime, args: unknown[]) => Promise<void>;

/** The action runs with a Runtime (unknown --json fields refused before anything runs); the store is closed whatever happens. */
export function act(cmd: Command, handler: Handler): Command {
  return cmd.action(async (...raw: unknown[]) => {
    const command = raw[raw.length - 1] as Command;
    const rt = new Runtime(command);
    try {
      checkFields(rt.path, rt.jsonFields);
      await handler(rt, raw.slice(0, -2));
    } finally {
      rt.close();
    }
  });
}
