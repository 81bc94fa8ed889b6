// The agent's day: take, time, close, reopen, release.
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { act, describe } from '../define.js';
import { cleanLine } from '../../render/text.js';
import type { ChalkInstance } from 'chalk';
import { positiveInt, type Runtime } from '../runtime.js';

const ticketNumber = positiveInt('ticket number');

/** `C042 has 4h15 of credit`, flagged when low, none or not active (then the take was forced: say so). */
async function creditNote(rt: Runtime, client: string, c: ChalkInstance): Promise<string> {
  const { balance } = await import('../../services/credit.js');
  const { creditPhrase } = await import('../../render/clients.js');
  const b = balance(await rt.ctx(), client);
  const refused = b.validity !== 'active' || b.balanceMinutes <= 0;
  return `${client} has ${creditPhrase(c, b.balanceMinutes)}${b.validity === 'active' ? '' : ` (${c.yellow(b.validity)})`}${refused ? ' — taken with --force, recorded in the history' : ''}`;
}

export function registerWork(program: Command): void {
  describe(
    act(
      program
        .command('take')
        .description('red → orange by the acting agent; starts their timer (--next: the oldest red ticket)')
        .argument('[number]', 'ticket number', ticketNumber)
        .option('--next', 'take the oldest red ticket the terms allow')
        .option('--force', 'take it although the client is not licensed today or has no credit (recorded)'),
      async (rt, [n]) => {
        const { take, takeNext } = await import('../../services/tickets.js');
        if (n !== undefined && rt.opts.next) throw usageError('give a ticket number or --next, not both');
        const ctx = await rt.ctx();
        let force = Boolean(rt.opts.force);
        // At a terminal the picker may take a refused ticket once the person confirmed --force.
        const pick = async () => {
          const picked = await (await import('../prompts.js')).askTake(ctx, force);
          force = picked.force;
          return picked.number;
        };
        const ticket = rt.opts.next
          ? await takeNext(ctx, { force })
          : await take(ctx, await rt.need(n as number | undefined, 'NUMBER (or --next)', pick), { force });
        // Renderers are loaded only to print a human form (so are chalk and the table library they load).
        await rt.emit({ ticket }, async (r, c) => `${(await import('../../render/tickets.js')).ticketLine(r.ticket, c)} — taken by ${cleanLine(r.ticket.takenBy)}, timer running; ${await creditNote(rt, r.ticket.client, c)}`);
      },
    ),
    {
      mutates: true,
      examples: ['take 1042', 'take --next', 'take 1042 --force', 'take    # at a terminal: pick from the red queue'],
      errors: ['TICKET_NOT_FOUND', 'TICKET_ALREADY_TAKEN', 'INVALID_TRANSITION', 'CLOCK_BEHIND', 'LICENCE_INACTIVE', 'NO_CREDIT'],
      prompts: true,
    },
  );

  describe(
    act(
      program
        .command('time')
        .description('worked time and slices; start/stop your timer (it stops by itself at 17:00); add time done off the clock')
        .argument('[number]', 'ticket number (at a terminal: picked among the orange tickets, yours first)', ticketNumber)
        .argument('[action]', 'start | stop | add')
        .argument('[duration]', 'with add: 25m, 1h30, 1:30, 90…')
        .option('--note <text>', 'with add: what the time was for')
        .option('--at <start>', 'with add: when the work started (HH:MM today, or an ISO instant); default now less the duration'),
      async (rt, [n, action, duration]) => {
        const tickets = await import('../../services/tickets.js');
        const ctx = await rt.ctx();
        const number = await rt.need(n as number | undefined, 'NUMBER', async () => (await import('../prompts.js')).askOrange(ctx, 'Which ticket?'));
        let result;
        if (rt.opts.at !== undefined && action !== 'add') throw usageError('--at goes with time N add', 'time 1042 add 25m --at 14:30');
        if (action === undefined) {
          if (duration !== undefined) throw usageError(`unexpected '${duration as string}'`, 'time N add DURATION');
          result = await tickets.timeShow(ctx, number);
        } else if (action === 'start' || action === 'stop') {
          if (duration !== undefined) throw usageError(`unexpected '${duration as string}' after ${action}`);
          result = action === 'start' ? await tickets.timerStart(ctx, number) : await tickets.timerStop(ctx, number);
        } else if (action === 'add') {
          const { parseDuration } = await import('../../rules/duration.js');
          const minutes = parseDuration(await rt.need(duration as string | undefined, 'DURATION (e.g. time 1042 add 25m)'));
          const at = rt.opts.at === undefined ? undefined : (await import('../../rules/calendar.js')).parseStart(rt.opts.at as string, ctx.now, ctx.tz);
          result = await tickets.timeAdd(ctx, number, minutes, rt.opts.note as string | undefined, at);
        } else {
          throw usageError(`unknown time action '${action as string}'`, 'start, stop or add');
        }
        await rt.emit(result, async (r, c) => (await import('../../render/tickets.js')).timeDetails(r, c, ctx.tz));
      },
    ),
    {
      mutates: true,
      examples: ['time 1042', 'time 1042 stop', 'time 1042 start', 'time 1042 add 25m --note "phone call"', 'time 1042 add 40m --at 14:30', 'time    # at a terminal: pick an orange ticket, yours first'],
      errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND', 'TIMER_RUNNING', 'TIMER_NOT_RUNNING', 'TIME_OVERLAP', 'TIME_BEFORE_TAKE', 'INVALID_INPUT'],
    },
  );

  describe(
    act(
      program
        .command('close')
        .description('orange (or red) → green; stops running timers')
        .argument('[number]', 'ticket number', ticketNumber)
        .option('--resolution <text>', 'what was done')
        .option('--defect', 'the problem was a software defect: the time is not charged'),
      async (rt, [n]) => {
        const { close } = await import('../../services/tickets.js');
        const ctx = await rt.ctx();
        const prompts = () => import('../prompts.js');
        const number = await rt.need(n as number | undefined, 'NUMBER', async () => (await prompts()).askOrange(ctx, 'Close which ticket?'));
        // A person asked for the resolution is asked about the defect too; a given --resolution is the whole intent.
        const ask = rt.opts.resolution === undefined && rt.interactive;
        const resolution = await rt.need(rt.opts.resolution as string | undefined, '--resolution <text>', async () =>
          (await prompts()).askText('Resolution (what was done):'),
        );
        const defect = Boolean(rt.opts.defect) || (ask && (await (await prompts()).askConfirm('Was it a software defect (the time is not charged)?', false)));
        const ticket = await close(ctx, number, { resolution, defect });
        await rt.emit({ ticket }, async (r, c) => {
          const { resolvedText, ticketLine } = (await import('../../render/tickets.js'));
          return `${ticketLine(r.ticket, c)} — ${resolvedText(r.ticket)}`;
        });
      },
    ),
    {
      mutates: true,
      examples: [
        'close 1042 --resolution "export settings fixed"',
        'close 1043 --resolution "crash in PDF export" --defect',
        'close 1042    # at a terminal: asks the resolution and whether it was a defect',
      ],
      errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND', 'INVALID_INPUT'],
      prompts: true,
    },
  );

  describe(
    act(
      program.command('reopen').description('green → red; later work adds to the same total').argument('<number>', 'ticket number', ticketNumber).option('--reason <text>', 'why'),
      async (rt, [n]) => {
        const { reopen } = await import('../../services/tickets.js');
        const ticket = await reopen(await rt.ctx(), n as number, rt.opts.reason as string | undefined);
        await rt.emit({ ticket }, async (r, c) => `${(await import('../../render/tickets.js')).ticketLine(r.ticket, c)} — reopened, back in the red queue`);
      },
    ),
    { mutates: true, examples: ['reopen 1042 --reason "the client sees the crash again"'], errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND'] },
  );

  describe(
    act(
      program.command('release').description('orange → red: hand back to the queue, time kept').argument('<number>', 'ticket number', ticketNumber).option('--reason <text>', 'why'),
      async (rt, [n]) => {
        const { release } = await import('../../services/tickets.js');
        const ticket = await release(await rt.ctx(), n as number, rt.opts.reason as string | undefined);
        await rt.emit({ ticket }, async (r, c) => {
          const { ticketLine, workedText } = (await import('../../render/tickets.js'));
          return `${ticketLine(r.ticket, c)} — released to the red queue, time kept (${workedText(r.ticket)})`;
        });
      },
    ),
    { mutates: true, examples: ['release 1042'], errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND'] },
  );
}
