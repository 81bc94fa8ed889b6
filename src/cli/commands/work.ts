// The agent's day: take, time, close, reopen, release.
import { declare, flag, integerArg, runs, text, textArg, ticketNumber, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

const ticketErrors = ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND'];

export const take = declare({
  name: 'take',
  summary: 'red → orange by the acting agent; starts their timer (--next: the oldest red ticket)',
  args: { number: integerArg('[number]', 'ticket number', ticketNumber) },
  options: {
    next: flag('--next', 'take the oldest red ticket the terms allow'),
    force: flag('--force', 'take it although the client is not licensed today or has no credit (recorded)'),
  },
  mutates: true,
  examples: ['take 1042', 'take --next', 'take 1042 --force', 'take    # at a terminal: pick from the red queue'],
  errors: [
    'TICKET_NOT_FOUND',
    'TICKET_ALREADY_TAKEN',
    'INVALID_TRANSITION',
    'CLOCK_BEHIND',
    'LICENCE_INACTIVE',
    'NO_CREDIT',
  ],
  prompts: true,
  json: SHAPES.ticket,
  everyday: true,
});

export const time = declare({
  name: 'time',
  summary: 'worked time and slices; start/stop your timer (it stops by itself at 17:00); add time done off the clock',
  args: {
    number: integerArg(
      '[number]',
      'ticket number (at a terminal: picked among the orange tickets, yours first)',
      ticketNumber,
    ),
    action: textArg('[action]', 'start | stop | add'),
    duration: textArg('[duration]', 'with add: 25m, 1h30, 1:30, 90…'),
  },
  options: {
    note: text('--note <text>', 'with add: what the time was for'),
    at: text(
      '--at <start>',
      'with add: when the work started (HH:MM today, or an ISO instant); default now less the duration',
    ),
  },
  mutates: true,
  examples: [
    'time 1042',
    'time 1042 stop',
    'time 1042 start',
    'time 1042 add 25m --note "phone call"',
    'time 1042 add 40m --at 14:30',
    'time    # at a terminal: pick an orange ticket, yours first',
  ],
  errors: [
    'TICKET_NOT_FOUND',
    'INVALID_TRANSITION',
    'CLOCK_BEHIND',
    'TIMER_RUNNING',
    'TIMER_NOT_RUNNING',
    'TIME_OVERLAP',
    'TIME_BEFORE_TAKE',
    'INVALID_INPUT',
  ],
  json: SHAPES.ticket,
  everyday: true,
});

export const close = declare({
  name: 'close',
  summary: 'orange (or red) → green; stops running timers',
  args: { number: integerArg('[number]', 'ticket number', ticketNumber) },
  options: {
    resolution: text('--resolution <text>', 'what was done'),
    defect: flag('--defect', 'the problem was a software defect: the time is not charged'),
  },
  mutates: true,
  examples: [
    'close 1042 --resolution "export settings fixed"',
    'close 1043 --resolution "crash in PDF export" --defect',
    'close 1042    # at a terminal: asks the resolution and whether it was a defect',
  ],
  errors: ['TICKET_NOT_FOUND', 'INVALID_TRANSITION', 'CLOCK_BEHIND', 'INVALID_INPUT'],
  prompts: true,
  json: SHAPES.ticket,
  everyday: true,
});

export const reopen = declare({
  name: 'reopen',
  summary: 'green → red; later work adds to the same total',
  args: { number: integerArg('<number>', 'ticket number', ticketNumber) },
  options: { reason: text('--reason <text>', 'why') },
  mutates: true,
  examples: ['reopen 1042 --reason "the client sees the crash again"'],
  errors: ticketErrors,
  json: SHAPES.ticket,
  everyday: true,
});

export const release = declare({
  name: 'release',
  summary: 'orange → red: hand back to the queue, time kept',
  args: { number: integerArg('<number>', 'ticket number', ticketNumber) },
  options: { reason: text('--reason <text>', 'why') },
  mutates: true,
  examples: ['release 1042'],
  errors: ticketErrors,
  json: SHAPES.ticket,
  everyday: true,
});

const run = () => import('../run/work.js');

export const file: CommandFile = {
  commands: [
    runs(take, async () => (await run()).take),
    runs(time, async () => (await run()).time),
    runs(close, async () => (await run()).close),
    runs(reopen, async () => (await run()).reopen),
    runs(release, async () => (await run()).release),
  ],
};
