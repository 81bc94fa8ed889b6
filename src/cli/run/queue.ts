// The colour-coded queue, once or redrawn with --watch (declared in ../commands/queue.ts).
import { usageError } from '../../errors.js';
import type { QueueQuery } from '../../services/queue.js';
import type * as declared from '../commands/queue.js';
import type { InputOf } from '../define.js';
import { nowFrom, type Runtime } from '../runtime.js';

/** Width of the human queue when stdout is not a terminal: the same file whatever window ran it. */
const PLAIN_WIDTH = 100;
/** Lines of a watch screen around the tickets: the watch line, the counts, blanks, the column heads, the footer. */
const WATCH_CHROME = 7;
const ENTER_SCREEN = '\u001b[?1049h\u001b[?25l'; // alternate screen, cursor hidden
const LEAVE_SCREEN = '\u001b[?25h\u001b[?1049l';
const REDRAW = '\u001b[H\u001b[2J';

export interface QueueRequest extends Partial<QueueQuery> {
  watchSeconds?: number;
}

/** One human screen of the queue at `now` (also printed after `demo`). */
export async function queueText(rt: Runtime, request: QueueRequest, now?: number): Promise<string> {
  const { DEFAULT_LIMIT, queueClients, queuePage } = await import('../../services/queue.js');
  const [{ queueScreen }, { prepareWidths }] = await Promise.all([
    import('../../render/queue.js'),
    import('../../render/text.js'),
  ]);
  const base = await rt.ctx();
  const ctx = now === undefined ? base : { ...base, now };
  const state = request.state ?? 'open';
  const tty = Boolean(process.stdout.isTTY);
  const page = await queuePage(ctx, {
    state,
    agent: request.agent,
    client: request.client,
    limit: request.limit ?? DEFAULT_LIMIT,
  });
  const clients = queueClients(ctx, page);
  await prepareWidths([page.tickets, [...clients.values()]]);
  return queueScreen(
    {
      page,
      clients,
      state,
      agent: request.agent,
      client: request.client,
      width: tty ? process.stdout.columns || PLAIN_WIDTH : PLAIN_WIDTH,
      watch:
        request.watchSeconds === undefined
          ? undefined
          : { seconds: request.watchSeconds, now: ctx.now, timeZone: ctx.tz },
    },
    await rt.chalk(),
  );
}

/** Redraws until Ctrl-C (or SIGTERM), at once when the terminal is resized; the screen is given back on the way out. */
async function watch(rt: Runtime, request: QueueRequest, seconds: number): Promise<void> {
  let stopped = false;
  let wake = (): void => {};
  const stop = (): void => {
    stopped = true;
    wake();
  };
  const redraw = (): void => wake();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.on('resize', redraw);
  rt.output.out(ENTER_SCREEN);
  try {
    while (!stopped) {
      const limit = request.limit ?? Math.max(5, (process.stdout.rows || 24) - WATCH_CHROME);
      const text = await queueText(rt, { ...request, limit, watchSeconds: seconds }, nowFrom(rt.env));
      rt.output.out(`${REDRAW}${text}\n`);
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    rt.output.out(LEAVE_SCREEN);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.stdout.off('resize', redraw);
  }
}

export async function queue(input: InputOf<typeof declared.queue>, rt: Runtime): Promise<void> {
  // The global --agent filters when typed on this command line; from ALIAS_SUPPORT_AGENT it only says who "mine" is.
  const agentTyped = rt.agentTyped;
  if (input.mine && agentTyped) throw usageError('give --agent NAME or --mine, not both');
  const watching = Boolean(input.watch);
  if (input.interval !== undefined && !watching) throw usageError('--interval goes with --watch');
  if (watching && rt.json)
    throw usageError(
      '--watch redraws a terminal screen and cannot be combined with --json',
      'run queue --json at intervals instead',
    );
  if (watching && !process.stdout.isTTY)
    throw usageError('--watch needs a terminal', 'without one, run queue at intervals instead');
  const ctx = await rt.ctx();
  const request: QueueRequest = {
    state: input.state,
    agent: input.mine ? ctx.agent : agentTyped ? rt.opts.agent : undefined,
    client: input.client,
    limit: input.limit,
  };
  if (watching) return watch(rt, request, input.interval ?? 5);
  if (rt.json) {
    const { DEFAULT_LIMIT, queuePage } = await import('../../services/queue.js');
    rt.printJson(await queuePage(ctx, { ...request, state: input.state, limit: request.limit ?? DEFAULT_LIMIT }));
  } else rt.print(await queueText(rt, request));
}
