// The agent's day: take, time, close, reopen, release (declared in ../commands/work.ts).
import type { ChalkInstance } from 'chalk';
import { usageError } from '../../errors.js';
import { cleanLine } from '../../render/text.js';
import type * as declared from '../commands/work.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

/** `C042 has 4h15 of credit`, flagged when low, none or not active (then the take was forced: say so). */
async function creditNote(rt: Runtime, client: string, c: ChalkInstance): Promise<string> {
  const { balance } = await import('../../services/credit.js');
  const { creditPhrase } = await import('../../render/clients.js');
  const b = balance(await rt.ctx(), client);
  const refused = b.validity !== 'active' || b.balanceMinutes <= 0;
  return `${client} has ${creditPhrase(c, b.balanceMinutes)}${b.validity === 'active' ? '' : ` (${c.yellow(b.validity)})`}${refused ? ' — taken with --force, recorded in the history' : ''}`;
}

export async function take(input: InputOf<typeof declared.take>, rt: Runtime): Promise<void> {
  const { take, takeNext } = await import('../../services/tickets.js');
  if (input.number !== undefined && input.next) throw usageError('give a ticket number or --next, not both');
  const ctx = await rt.ctx();
  let force = Boolean(input.force);
  // At a terminal the picker may take a refused ticket once the person confirmed --force.
  const pick = async () => {
    const picked = await (await import('../prompts.js')).askTake(ctx, force);
    force = picked.force;
    return picked.number;
  };
  const ticket = input.next
    ? await takeNext(ctx, { force })
    : await take(ctx, await rt.need(input.number, 'NUMBER (or --next)', pick), { force });
  // Renderers are loaded only to print a human form (so are chalk and the table library they load).
  await rt.emit(
    { ticket },
    async (r, c) =>
      `${(await import('../../render/tickets.js')).ticketLine(r.ticket, c)} — taken by ${cleanLine(r.ticket.takenBy)}, timer running; ${await creditNote(rt, r.ticket.client, c)}`,
  );
}

export async function time(input: InputOf<typeof declared.time>, rt: Runtime): Promise<void> {
  const tickets = await import('../../services/tickets.js');
  const ctx = await rt.ctx();
  const { action, duration } = input;
  const number = await rt.need(input.number, 'NUMBER', async () =>
    (await import('../prompts.js')).askOrange(ctx, 'Which ticket?'),
  );
  let result;
  if (input.at !== undefined && action !== 'add')
    throw usageError('--at goes with time N add', 'time 1042 add 25m --at 14:30');
  if (action === undefined) {
    if (duration !== undefined) throw usageError(`unexpected '${duration}'`, 'time N add DURATION');
    result = await tickets.timeShow(ctx, number);
  } else if (action === 'start' || action === 'stop') {
    if (duration !== undefined) throw usageError(`unexpected '${duration}' after ${action}`);
    result = action === 'start' ? await tickets.timerStart(ctx, number) : await tickets.timerStop(ctx, number);
  } else if (action === 'add') {
    const { parseDuration } = await import('../../rules/duration.js');
    const minutes = parseDuration(await rt.need(duration, 'DURATION (e.g. time 1042 add 25m)'));
    const at =
      input.at === undefined
        ? undefined
        : (await import('../../rules/calendar.js')).parseStart(input.at, ctx.now, ctx.tz);
    result = await tickets.timeAdd(ctx, number, minutes, input.note, at);
  } else {
    throw usageError(`unknown time action '${action}'`, 'start, stop or add');
  }
  await rt.emit(result, async (r, c) => (await import('../../render/tickets.js')).timeDetails(r, c, ctx.tz));
}

export async function close(input: InputOf<typeof declared.close>, rt: Runtime): Promise<void> {
  const { close } = await import('../../services/tickets.js');
  const ctx = await rt.ctx();
  const prompts = () => import('../prompts.js');
  const number = await rt.need(input.number, 'NUMBER', async () =>
    (await prompts()).askOrange(ctx, 'Close which ticket?'),
  );
  // A person asked for the resolution is asked about the defect too; a given --resolution is the whole intent.
  const ask = input.resolution === undefined && rt.interactive;
  const resolution = await rt.need(input.resolution, '--resolution <text>', async () =>
    (await prompts()).askText('Resolution (what was done):'),
  );
  const defect =
    Boolean(input.defect) ||
    (ask && (await (await prompts()).askConfirm('Was it a software defect (the time is not charged)?', false)));
  const ticket = await close(ctx, number, { resolution, defect });
  await rt.emit({ ticket }, async (r, c) => {
    const { resolvedText, ticketLine } = await import('../../render/tickets.js');
    return `${ticketLine(r.ticket, c)} — ${resolvedText(r.ticket)}`;
  });
}

export async function reopen(input: InputOf<typeof declared.reopen>, rt: Runtime): Promise<void> {
  const { reopen } = await import('../../services/tickets.js');
  const ticket = await reopen(await rt.ctx(), input.number, input.reason);
  await rt.emit(
    { ticket },
    async (r, c) =>
      `${(await import('../../render/tickets.js')).ticketLine(r.ticket, c)} — reopened, back in the red queue`,
  );
}

export async function release(input: InputOf<typeof declared.release>, rt: Runtime): Promise<void> {
  const { release } = await import('../../services/tickets.js');
  const ticket = await release(await rt.ctx(), input.number, input.reason);
  await rt.emit({ ticket }, async (r, c) => {
    const { ticketLine, workedText } = await import('../../render/tickets.js');
    return `${ticketLine(r.ticket, c)} — released to the red queue, time kept (${workedText(r.ticket)})`;
  });
}
