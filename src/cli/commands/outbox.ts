// Receipt e-mails: waiting, sent over SMTP, failed.
import { OUTBOX_STATES } from '../choices.js';
import { choice, declare, flag, integer, positiveInt, runs, type CommandFile } from '../define.js';
import { SHAPES } from '../json-fields.js';

export const list = declare({
  name: 'outbox list',
  summary: 'messages in the outbox (default: those not delivered, queued and failed)',
  options: { state: choice('--state <state>', 'only this state', OUTBOX_STATES) },
  mutates: false,
  examples: ['outbox list', 'outbox list --state failed --json'],
  json: SHAPES.messages,
});

export const send = declare({
  name: 'outbox send',
  summary: 'deliver the queued messages that are due over SMTP (ALIAS_SUPPORT_SMTP_URL, From: ALIAS_SUPPORT_MAIL_FROM)',
  options: {
    limit: integer('--limit <n>', 'at most N messages this run', positiveInt('limit')),
    maxAttempts: integer(
      '--max-attempts <n>',
      'a message failing this many times is marked failed (default 5)',
      positiveInt('max attempts'),
      {
        env: 'ALIAS_SUPPORT_SMTP_MAX_ATTEMPTS',
      },
    ),
    retryNow: flag('--retry-now', 'also retry messages waiting out their delay after a failure'),
  },
  mutates: true,
  examples: ['outbox send', 'outbox send --limit 50 --json'],
  errors: ['SMTP_NOT_CONFIGURED', 'SMTP_CONFIG_INVALID', 'SEND_FAILED'],
  json: SHAPES.send,
});

const run = () => import('../run/outbox.js');

export const file: CommandFile = {
  groups: [{ name: 'outbox', summary: 'receipt e-mails: waiting, sent over SMTP (ALIAS_SUPPORT_SMTP_URL), failed' }],
  commands: [runs(list, async () => (await run()).list), runs(send, async () => (await run()).send)],
};
