// `alias-support mcp`: the commands as Model Context Protocol tools over stdio.
// Tools are generated from the manifest (the commands' declarations) and a call
// runs the CLI itself in-process, `run()` with --json and --no-input and its
// output captured: same parsing, same use cases, same errors and exit codes as
// a shell, never a second implementation. The runner it is given holds the
// server's --db and --agent (nothing is passed through the environment).
// stdout carries protocol messages only.
import { Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ArgumentManifest, CommandManifest, Manifest, OptionManifest } from '../cli/manifest.js';
import type { Output } from '../cli/runtime.js';

/** Runs one command line in-process, its stdout and stderr captured. */
export type ToolRunner = (argv: readonly string[], output: Output) => Promise<number>;

/** Commands that are not offered as tools: the server itself, and the client space's web server (it runs until stopped). */
const NOT_TOOLS = new Set(['mcp', 'serve']);
/**
 * Options that make no sense for a tool call: `queue --watch` (and its
 * --interval) redraws until Ctrl-C, and `--yes` answers a question a tool call
 * is never asked.
 */
const NOT_TOOL_OPTIONS = new Set(['watch', 'interval', 'yes']);
/** The input key for `--json FIELDS`. */
const FIELDS = 'fields';

/**
 * An argument that reads stdin when given '-' (`credits import -`): over MCP
 * stdin is the protocol stream, so the call would wait for ever. Such a call
 * is refused; the tool's schema says so.
 */
const readsStdin = (a: ArgumentManifest): boolean => /\bstdin\b/.test(a.description);
const NO_STDIN = "'-' (stdin) cannot be read over MCP: stdin carries the protocol";

const toolName = (command: string): string => command.replace(/[ -]/g, '_');

function valueSchema(type: OptionManifest['type'], choices: string[] | null): z.ZodType {
  if (type === 'boolean') return z.boolean();
  if (type === 'integer') return z.number().int();
  return choices ? z.enum(choices as [string, ...string[]]) : z.string();
}

function describeValue(description: string, fallback: unknown): string {
  return fallback === null || fallback === undefined
    ? description
    : `${description} (default: ${JSON.stringify(fallback)})`;
}

function argumentSchema(a: ArgumentManifest): z.ZodType {
  const one = valueSchema(a.type, a.choices);
  const description = readsStdin(a) ? `${a.description}; ${NO_STDIN}, give the path of a file` : a.description;
  const schema = (a.variadic ? z.array(one) : one).describe(describeValue(description, a.default));
  return a.required ? schema : schema.optional();
}

function optionSchema(o: OptionManifest): z.ZodType {
  const negated = o.long?.startsWith('--no-') ?? false;
  const description = negated ? `${o.description} (false: pass ${o.long})` : describeValue(o.description, o.default);
  return valueSchema(o.type, o.choices).describe(description).optional();
}

const toolOptions = (c: CommandManifest): OptionManifest[] => c.options.filter((o) => !NOT_TOOL_OPTIONS.has(o.name));

function inputShape(c: CommandManifest): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  const add = (key: string, schema: z.ZodType) => {
    if (key in shape) throw new Error(`${c.name}: '${key}' is both an argument and an option`);
    shape[key] = schema;
  };
  for (const a of c.arguments) add(a.name, argumentSchema(a));
  for (const o of toolOptions(c)) add(o.name, optionSchema(o));
  if (c.json)
    add(
      FIELDS,
      z
        .array(z.enum(c.json.fields as [string, ...string[]]))
        .optional()
        .describe('keep only these fields of each record'),
    );
  return shape;
}

/**
 * The command line a tool call stands for. Options come first, as `--flag=value`,
 * then `--` and the arguments: after it everything is an argument, so values
 * starting with a dash (`-1h`) stay values.
 */
function toolArgv(c: CommandManifest, input: Record<string, unknown>): string[] {
  const argv = ['node', 'alias-support', ...c.name.split(' ')];
  for (const o of toolOptions(c)) {
    const value = input[o.name];
    if (value === undefined) continue;
    const long = o.long ?? o.short!;
    if (o.type !== 'boolean') argv.push(`${long}=${value as string | number}`);
    else if (long.startsWith('--no-') ? value === false : value === true) argv.push(long);
  }
  const fields = input[FIELDS] as string[] | undefined;
  argv.push(fields && fields.length > 0 ? `--json=${fields.join(',')}` : '--json', '--no-input', '--');
  for (const a of c.arguments) {
    const value = input[a.name];
    if (value === undefined) continue;
    argv.push(...(Array.isArray(value) ? value : [value]).map(String));
  }
  return argv;
}

function toolDescription(c: CommandManifest): string {
  return [
    c.summary,
    `Usage: ${c.usage}`,
    `Examples: ${c.examples.join(' · ')}`,
    `Result: the command's JSON document. Errors: isError with {"error":{"code","message","exitCode"}}; codes ${c.errorCodes.join(', ')}.`,
  ].join('\n');
}

/** Runs one tool call through the CLI and returns its JSON document or its JSON error. */
async function callCommand(
  run: ToolRunner,
  c: CommandManifest,
  input: Record<string, unknown>,
): Promise<CallToolResult> {
  if (c.arguments.some((a) => readsStdin(a) && [input[a.name]].flat().includes('-'))) {
    const error = { code: 'USAGE', message: NO_STDIN, exitCode: 2, hint: 'give the path of a file' };
    return { content: [{ type: 'text', text: JSON.stringify({ error }) }], isError: true };
  }
  let out = '';
  let err = '';
  const code = await run(toolArgv(c, input), { out: (t) => void (out += t), err: (t) => void (err += t) });
  const text =
    (code === 0 ? out : err).trim() ||
    JSON.stringify({ error: { code: 'INTERNAL', message: 'no output', exitCode: code } });
  return { content: [{ type: 'text', text }], isError: code !== 0 };
}

export function buildServer(manifest: Manifest, run: ToolRunner): McpServer {
  const server = new McpServer(
    { name: manifest.name, version: manifest.version },
    {
      instructions:
        'The ALIAS support desk. Each tool is one alias-support command run with --json: the result is its JSON document; ' +
        'a failure is isError with {"error":{"code","message","exitCode"}}. Ticket colours: red = waiting, orange = taken, green = resolved. ' +
        'Tools whose readOnlyHint is false change the desk.',
    },
  );
  for (const c of manifest.commands) {
    if (NOT_TOOLS.has(c.name)) continue;
    server.registerTool(
      toolName(c.name),
      {
        title: c.name,
        description: toolDescription(c),
        inputSchema: inputShape(c),
        annotations: { readOnlyHint: !c.mutates, openWorldHint: false },
      },
      (input: Record<string, unknown>) => callCommand(run, c, input),
    );
  }
  return server;
}

/**
 * Serves until stdin ends. The transport writes to the real stdout; anything
 * else written to process.stdout is sent to stderr, so a stray log line can
 * never corrupt the protocol stream.
 */
export async function serve(manifest: Manifest, run: ToolRunner): Promise<void> {
  const write = process.stdout.write.bind(process.stdout);
  const protocol = new Writable({ write: (chunk: Buffer, encoding, done) => void write(chunk, encoding, done) });
  process.stdout.write = process.stderr.write.bind<typeof process.stdout.write>(process.stderr);
  const server = buildServer(manifest, run);
  const transport = new StdioServerTransport(process.stdin, protocol);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  await closed;
}
