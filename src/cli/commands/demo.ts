import type { Command } from 'commander';
import { act, describe } from '../define.js';
import { positiveInt } from '../runtime.js';
import { queueText } from './queue.js';

export function registerDemo(program: Command): void {
  describe(
    act(
      program
        .command('demo')
        .description('fill an empty database with a realistic demo data set and print the queue')
        .option('--clients <n>', 'number of clients', positiveInt('number of clients'), 12)
        .option('--tickets <n>', 'number of tickets', positiveInt('number of tickets'), 40)
        .option('--seed <n>', 'random seed (same seed, same data)', positiveInt('seed'), 42)
        .option('--force', 'add the demo data to a database that already holds some'),
      async (rt) => {
        const { runDemo } = await import('../../services/demo.js');
        const result = await runDemo(await rt.ctx(), {
          clients: rt.opts.clients as number,
          tickets: rt.opts.tickets as number,
          seed: rt.opts.seed as number,
          force: Boolean(rt.opts.force),
        });
        const ctx = await rt.ctx();
        await rt.emit({ demo: result, db: ctx.store.path }, async (r) =>
          [
            `Demo data written to ${r.db}:`,
            `  ${r.demo.clients} clients, ${r.demo.licences} licences, ${r.demo.purchases} purchases`,
            `  ${r.demo.tickets.red} red, ${r.demo.tickets.orange} orange, ${r.demo.tickets.green} green tickets`,
            '',
            await queueText(rt, {}),
          ].join('\n'),
        );
      },
    ),
    { mutates: true, examples: ['demo', 'demo --db /tmp/desk.db --clients 50 --tickets 2000', 'demo --tickets 1000000 --db big.db'], errors: ['DUPLICATE'] },
  );
}
