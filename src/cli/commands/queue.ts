// The colour-coded queue, once or redrawn with --watch.
import { QUEUE_STATES } from '../../rules/ticket-states.js';
import { choice, declare, flag, integer, positiveInt, runs, text, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const queue = declare({
  name: 'queue',
  summary: 'the colour-coded queue: red (oldest first), orange (oldest take first), green (newest resolution first)',
  options: {
    state: choice(
      '--state <state>',
      'which tickets: open = red then orange; all = red, orange, green',
      QUEUE_STATES,
      'open',
    ),
    mine: flag('--mine', 'only the tickets taken by the acting agent (ALIAS_SUPPORT_AGENT, else the OS user)'),
    client: text('--client <code>', "only this client's tickets"),
    limit: integer(
      '--limit <n>',
      'at most N tickets (default 50; with --watch, what fits the terminal)',
      positiveInt('limit'),
    ),
    watch: flag('--watch', 'redraw every few seconds until Ctrl-C (terminal only)'),
    interval: integer(
      '--interval <seconds>',
      'with --watch: seconds between redraws (default 5)',
      positiveInt('interval'),
    ),
  },
  help: '--agent NAME given on the command line shows only the tickets taken by NAME (red tickets belong to nobody).\nCounts cover the three states with --agent/--client applied, whatever --state and --limit.',
  mutates: false,
  examples: [
    'queue',
    'queue --state all --client C042',
    'queue --mine',
    'queue --agent bob --state green --limit 10',
    'queue --limit 20 --json',
    'queue --watch',
  ],
  errors: ['CLIENT_NOT_FOUND'],
  json: SHAPES.tickets,
  everyday: true,
});

export const file: CommandFile = {
  commands: [runs(queue, async () => (await import('../run/queue.js')).queue)],
};
