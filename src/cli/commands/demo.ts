// `demo`: a realistic demo desk.
import { declare, flag, integer, positiveInt, runs, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const demo = declare({
  name: 'demo',
  summary: 'fill an empty database with a realistic demo data set and print the queue',
  options: {
    clients: integer(
      '--clients <n>',
      'number of clients (default: 12, or one per 250 tickets)',
      positiveInt('number of clients'),
    ),
    tickets: integer('--tickets <n>', 'number of tickets', positiveInt('number of tickets'), { default: 40 }),
    seed: integer('--seed <n>', 'random seed (same seed, same data)', positiveInt('seed'), { default: 42 }),
    force: flag('--force', 'add the demo data to a database that already holds some'),
  },
  mutates: true,
  examples: ['demo', 'demo --db /tmp/desk.db --clients 50 --tickets 2000', 'demo --tickets 1000000 --db big.db'],
  errors: ['DUPLICATE'],
  json: SHAPES.demo,
});

export const file: CommandFile = {
  commands: [runs(demo, async () => (await import('../run/demo.js')).demo)],
};
