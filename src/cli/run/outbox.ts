// Receipt e-mails (declared in ../commands/outbox.ts).
import { AppError, EXIT } from '../../errors.js';
import type * as declared from '../commands/outbox.js';
import type { InputOf } from '../define.js';
import type { Runtime } from '../runtime.js';

export async function list(input: InputOf<typeof declared.list>, rt: Runtime): Promise<void> {
  const { listOutbox } = await import('../../services/outbox.js');
  const { outboxTable } = await import('../../render/outbox.js');
  const ctx = await rt.ctx();
  const { state } = input;
  const messages = listOutbox(ctx, state);
  const empty =
    state === undefined
      ? 'Nothing waiting and nothing failed: every receipt was sent (--state all lists them).'
      : state === 'all'
        ? 'The outbox is empty: receipts are queued here when tickets are opened.'
        : `No ${state} messages.`;
  await rt.emit({ messages }, (r, c) => outboxTable(r.messages, c, ctx.tz, empty));
}

export async function send(input: InputOf<typeof declared.send>, rt: Runtime): Promise<void> {
  const { sendOutbox, smtpSettings } = await import('../../services/outbox.js');
  const { sendReport } = await import('../../render/outbox.js');
  // Configuration first: a bad one is reported even with nothing queued.
  const settings = smtpSettings(rt.env, input.maxAttempts);
  const ctx = await rt.ctx();
  const report = await sendOutbox(ctx, settings, { limit: input.limit, retryNow: Boolean(input.retryNow) });
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
}
