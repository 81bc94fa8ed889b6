// SQLite's OutboxStore (src/store/outbox.ts): typed prepared statements (statements.ts).
import type Database from 'better-sqlite3';
import type { OutboxRow, OutboxStore } from '../outbox.js';
import { statements } from './statements.js';

const COLUMNS = `id, ticket_id AS ticketId, recipient, subject, body, language, state, attempts, last_error AS lastError,
  created_at AS createdAt, sent_at AS sentAt, claimed_by AS claimedBy, claimed_until AS claimedUntil, kind`;

/** The claim still held by @token. */
const MINE = 'id = @id AND claimed_by = @token';

const outboxSql = statements({
  queue: `INSERT INTO outbox (ticket_id, recipient, subject, body, language, state, last_error, created_at, kind)
    VALUES (@ticketId, @recipient, @subject, @body, @language, @state, @lastError, @at, @kind)`,
  all: `SELECT ${COLUMNS} FROM outbox ORDER BY id`,
  /** (JSON array of states) */
  inStates: `SELECT ${COLUMNS} FROM outbox WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id`,
  /** ({afterId, now, retryNow 0/1, token, leaseUntil}): a 'sending' row whose lease ran out belongs to a sender that died */
  claimNext: `UPDATE outbox SET state = 'sending', claimed_by = @token, claimed_until = @leaseUntil
    WHERE id = (SELECT id FROM outbox WHERE id > @afterId
      AND ((state = 'queued' AND (@retryNow OR claimed_until IS NULL OR claimed_until <= @now)) OR (state = 'sending' AND claimed_until <= @now))
      ORDER BY id LIMIT 1)
    RETURNING ${COLUMNS}`,
  markSent: `UPDATE outbox SET state = 'sent', attempts = @attempts, last_error = NULL, sent_at = @at, claimed_by = NULL, claimed_until = NULL, body = @body
    WHERE ${MINE} RETURNING ${COLUMNS}`,
  retryLater: `UPDATE outbox SET state = 'queued', attempts = @attempts, last_error = @error, claimed_by = NULL, claimed_until = @retryAt
    WHERE ${MINE} RETURNING ${COLUMNS}`,
  markFailed: `UPDATE outbox SET state = 'failed', attempts = @attempts, last_error = @error, claimed_by = NULL, claimed_until = NULL
    WHERE ${MINE} RETURNING ${COLUMNS}`,
  waiting:
    "SELECT count(*) AS count, min(coalesce(claimed_until, 0)) AS next FROM outbox WHERE state IN ('queued', 'sending')",
});

export function sqliteOutbox(db: Database.Database): OutboxStore {
  const q = () => outboxSql(db);
  return {
    queue: (mail) => Number(q().queue.run(mail).lastInsertRowid),
    list: (states) => (states === undefined ? q().all.all() : q().inStates.all(JSON.stringify(states))) as OutboxRow[],
    claimNext: (afterId, now, retryNow, token, leaseUntil) =>
      q().claimNext.get({ afterId, now, retryNow: retryNow ? 1 : 0, token, leaseUntil }) as OutboxRow | undefined,
    markSent: (id, token, change) => q().markSent.get({ id, token, ...change }) as OutboxRow | undefined,
    retryLater: (id, token, change) => q().retryLater.get({ id, token, ...change }) as OutboxRow | undefined,
    markFailed: (id, token, change) => q().markFailed.get({ id, token, ...change }) as OutboxRow | undefined,
    waiting: () => q().waiting.get() as { count: number; next: number | null },
  };
}
