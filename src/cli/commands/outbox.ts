import { Option, type Command } from 'commander';
import { AppError, EXIT } from '../../errors.js';
import { act, describe } from '../define.js';
import { positiveInt } from '../runtime.js';

export function registerOutbox(program: Command): void {
  const group = program.command('outbox').description('receipt e-mails: waiting, sent over SMTP (ALIAS_SUPPORT_SMTP_URL), failed');

  describe(
    act(
      group
        .command('list')
        .description('messages in the outbox (default: those not delivered, queued and failed)')
        .addOption(new Option('--state <state>', 'only this state').choices(['queued', 'sent', 'failed', 'all'])),
      async (rt) => {
        const { listOutbox } = await import('../../services/outbox.js');
        const { outboxTable } = await import('../../render/outbox.js');
        const ctx = await rt.ctx();
        const state = rt.opts.state as string | undefined;
        const messages = listOutbox(ctx, state);
        const empty =
          state === undefined
            ? 'Nothing waiting and nothing failed: every receipt was sent (--state all lists them).'
            : state === 'all'
              ? 'The outbox is empty: receipts are queued here when tickets are opened.'
              : `No ${state} messages.`;
        await rt.emit({ messages }, (r, c) => outboxTable(r.messages, c, ctx.tz, empty));
      },
    ),
    { mutates: false, examples: ['outbox list', 'outbox list --state failed --json'] },
  );

  describe(
    act(
      group
        .command('send')
        .description('deliver the queued messages that are due over SMTP (ALIAS_SUPPORT_SMTP_URL, From: ALIAS_SUPPORT_MAIL_FROM)')
        .option('--limit <n>', 'at most N messages this run', positiveInt('limit'))
        .addOption(
          new Option('--max-attempts <n>', 'a message failing this many times is marked failed (default 5)')
            .argParser(positiveInt('max attempts'))
            .env('ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS'),
        )
        .option('--retry-now', 'also retry messages waiting out their delay after a failure'),
      async (rt) => {
        const { sendOutbox, smtpSettings } = await import('../../services/outbox.js');
        const { sendReport } = await import('../../render/outbox.js');
        // Configuration first: a bad one is reported even with nothing queued.
        const settings = smtpSettings(rt.env, rt.opts.maxAttempts as number | undefined);
        const ctx = await rt.ctx();
        const report = await sendOutbox(ctx, settings, {
          limit: rt.opts.limit as number | undefined,
          retryNow: Boolean(rt.opts.retryNow),
        });
        await rt.emit(report, (r, c) => sendReport(r, c, ctx.tz));
        const notSent = report.messages.filter((m) => m.state !== 'sent');
        // People read each error on its message's line, once; a program gets the first one in the error document.
        const why = rt.json ? `: ${notSent[0]?.lastError}` : ` (the error is on its line above)`;
        if (notSent.length > 0)
          throw new AppError(
            'SEND_FAILED',
            `${notSent.length} of ${report.messages.length} message${report.messages.length === 1 ? '' : 's'} not sent${why}`,
            EXIT.unavailable,
            "queued ones are retried by a later 'outbox send'; see 'alias-support outbox list'",
          );
      },
    ),
    {
      mutates: true,
      examples: ['outbox send', 'outbox send --limit 50 --json'],
      errors: ['SMTP_NOT_CONFIGURED', 'SMTP_CONFIG_INVALID', 'SEND_FAILED'],
    },
  );
}
