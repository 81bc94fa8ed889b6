// `alias-support mcp` as an MCP client sees it: a child process spoken to over
// stdio with the official SDK client.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, type Cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';
import { NOW, smallDesk } from '../helpers/small-desk.js';

let desk: Cli;
let client: Client;
let stderr: string;

function env(): Record<string, string> {
  return {
    PATH: process.env.PATH!,
    HOME: process.env.HOME!,
    TZ: 'UTC',
    ALIAS_SUPPORT_NOW: NOW,
    ALIAS_SUPPORT_AGENT: 'claude',
  };
}

beforeEach(async () => {
  desk = await smallDesk();
  const [command, args] = commandLine(['--db', desk.db, 'mcp']);
  const transport = new StdioClientTransport({ command, args, env: env(), stderr: 'pipe' });
  stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  client = new Client({ name: 'alias-support-test', version: '1.0.0' });
  await client.connect(transport);
});

afterEach(async () => {
  await client.close();
});

type ToolResult = Awaited<ReturnType<Client['callTool']>>;
const textOf = (r: ToolResult): string => (r.content as { type: string; text: string }[])[0]!.text;
const call = async (name: string, args: Record<string, unknown> = {}) => {
  const r = await client.callTool({ name, arguments: args });
  return { isError: Boolean(r.isError), doc: JSON.parse(textOf(r)) };
};

describe('alias-support mcp', () => {
  it('lists the commands as tools, generated from the manifest', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    const manifest = desk.run(['commands', '--json']).json();
    const notTools = ['mcp', 'serve']; // the server itself, and the web server (runs until stopped)
    const offered = manifest.commands.filter((c: { name: string }) => !notTools.includes(c.name));
    expect(tools.length).toBe(offered.length);
    for (const c of offered) expect(byName.has(c.name.replace(/ /g, '_')), c.name).toBe(true);
    for (const name of notTools) expect(byName.has(name)).toBe(false);
    const take = byName.get('take')!;
    expect(take.inputSchema.properties).toMatchObject({
      number: { type: 'integer' },
      next: { type: 'boolean' },
      force: { type: 'boolean' },
    });
    expect(take.inputSchema.required ?? []).toEqual([]);
    expect(take.annotations).toMatchObject({ readOnlyHint: false });
    expect(take.description).toContain('alias-support take 1042');
    const balance = byName.get('credits_balance')!;
    expect(balance.inputSchema.required).toEqual(['client']);
    expect(balance.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get('queue')!.inputSchema.properties).toHaveProperty('fields');
    expect(byName.get('queue')!.inputSchema.properties).not.toHaveProperty('watch');
  });

  it('calls queue and take through the same code as the command line', async () => {
    const queue = await call('queue');
    expect(queue.isError).toBe(false);
    expect(queue.doc).toEqual(desk.run(['queue', '--json']).json());
    expect(queue.doc.tickets.map((t: { number: number }) => t.number)).toEqual([1, 2, 3]);

    const taken = await call('take', { number: 2 });
    expect(taken.isError).toBe(false);
    expect(taken.doc.ticket).toMatchObject({ number: 2, color: 'orange', takenBy: 'claude', timerRunning: true });
    expect(desk.run(['tickets', 'show', '2', '--json']).json().ticket).toMatchObject({
      status: 'in_progress',
      takenBy: 'claude',
    });

    const again = await call('take', { number: 2 });
    expect(again).toEqual({
      isError: true,
      doc: { error: expect.objectContaining({ code: 'TICKET_ALREADY_TAKEN', exitCode: 4 }) },
    });

    const red = await call('queue', { state: 'red', fields: ['number', 'client'] });
    expect(red.doc).toEqual({
      tickets: [
        { number: 1, client: 'C042' },
        { number: 3, client: 'C042' },
      ],
    });
  });

  it('reports usage errors as JSON: a missing argument never waits for an answer', async () => {
    const r = await call('take');
    expect(r).toEqual({
      isError: true,
      doc: { error: expect.objectContaining({ code: 'USAGE', exitCode: 2, message: 'missing NUMBER (or --next)' }) },
    });
    const bad = await client.callTool({ name: 'take', arguments: { number: 'two' } });
    expect(bad.isError).toBe(true);
  });

  it("refuses credits_import from '-' (its stdin is the protocol stream) with a usage error, at once; a file is imported", async () => {
    const r = await call('credits_import', { file: '-' });
    expect(r).toEqual({
      isError: true,
      doc: { error: expect.objectContaining({ code: 'USAGE', exitCode: 2, message: expect.stringMatching(/stdin/) }) },
    });
    const file = join(tempDir(), 'orders.csv');
    writeFileSync(file, 'order_id,client,product,quantity,purchased_at\nW1,c042,AST01,1,2026-11-20T10:00:00Z\n');
    expect(await call('credits_import', { file })).toEqual({
      isError: false,
      doc: expect.objectContaining({ imported: 1, minutesAdded: 60 }),
    });
  });

  it('passes values that start with a dash as values (a negative adjustment)', async () => {
    const r = await call('credits_adjust', { client: 'C042', duration: '-30m', reason: 'duplicate import' });
    expect(r).toEqual({
      isError: false,
      doc: expect.objectContaining({ client: 'C042', balanceMinutes: 90, adjustmentMinutes: -30 }),
    });
  });
});

describe('mcp --agent NAME', () => {
  it('acts as NAME in every tool call (given to the runner, not typed on its command lines: queue is not filtered)', async () => {
    const own = await smallDesk();
    const [command, args] = commandLine(['--db', own.db, '--agent', 'robot', 'mcp']);
    const robot = new Client({ name: 'alias-support-test', version: '1.0.0' });
    await robot.connect(new StdioClientTransport({ command, args, env: env(), stderr: 'pipe' }));
    try {
      const callTool = async (name: string, input: Record<string, unknown>) =>
        JSON.parse(textOf(await robot.callTool({ name, arguments: input })));
      expect((await callTool('take', { number: 1 })).ticket).toMatchObject({ number: 1, takenBy: 'robot' });
      expect(
        (await callTool('queue', { fields: ['number'] })).tickets.map((t: { number: number }) => t.number),
      ).toEqual([2, 3, 1]);
      const { tools } = await robot.listTools();
      expect(tools.find((t) => t.name === 'bill')!.inputSchema.properties).toMatchObject({
        numbers: { type: 'array', items: { type: 'integer' } },
      });
    } finally {
      await robot.close();
    }
  });
});

describe('the mcp process', () => {
  it('writes nothing but JSON-RPC messages on stdout and ends when stdin closes', async () => {
    const child = spawn(...commandLine(['mcp']), { env: { ...env(), ALIAS_SUPPORT_DB: desk.db } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const lines = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'tickets_show', arguments: { number: 1 } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'clients_list', arguments: {} } },
    ];
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', () => out.split('\n').length > 3 && resolve()),
    );
    child.stdin.write(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await ready;
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    // Calls may answer in any order (JSON-RPC matches them by id).
    const messages = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .sort((a, b) => a.id - b.id);
    expect(messages.every((m) => m.jsonrpc === '2.0')).toBe(true);
    expect(messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(JSON.parse(messages[1].result.content[0].text).ticket).toMatchObject({
      number: 1,
      subject: 'Export PDF plante',
    });
  });
});
