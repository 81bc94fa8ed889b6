// PostgreSQL's OutboxStore (src/store/outbox.ts): the statements of src/store/sqlite/outbox.ts in PostgreSQL's SQL.
import type { OutboxRow, OutboxStore } from '../outbox.js';
import type { PgConnection } from './connection.js';

const COLUMNS = `id, ticket_id AS "ticketId", recipient, subject, body, language, state, attempts, last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt", claimed_by AS "claimedBy", claimed_until AS "claimedUntil", kind`;

export function pgOutbox(db: PgConnection): OutboxStore {
  /** A change of a row whose claim $1 ($2: the token) still holds: the row, or undefined when another sender took it. */
  const mine = (set: string, params: unknown[]) =>
    db.query<OutboxRow>(`UPDATE outbox SET ${set} WHERE id = $1 AND claimed_by = $2 RETURNING ${COLUMNS}`, params)[0];
  return {
    queue: (mail) =>
      db.query<{ id: number }>(
        `INSERT INTO outbox (ticket_id, recipient, subject, body, language, state, last_error, created_at, kind)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          mail.ticketId,
          mail.recipient,
          mail.subject,
          mail.body,
          mail.language,
          mail.state,
          mail.lastError,
          mail.at,
          mail.kind,
        ],
      )[0]!.id,
    list: (states) =>
      states === undefined
        ? db.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox ORDER BY id`)
        : db.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE state = ANY($1::text[]) ORDER BY id`, [states]),
    // SKIP LOCKED: two senders claiming at once each get a different row instead of waiting for each other.
    claimNext: (afterId, now, retryNow, token, leaseUntil) =>
      db.query<OutboxRow>(
        `UPDATE outbox SET state = 'sending', claimed_by = $4, claimed_until = $5
          WHERE id = (SELECT id FROM outbox WHERE id > $1
            AND ((state = 'queued' AND ($3 OR claimed_until IS NULL OR claimed_until <= $2)) OR (state = 'sending' AND claimed_until <= $2))
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS}`,
        [afterId, now, retryNow, token, leaseUntil],
      )[0],
    markSent: (id, token, c) =>
      mine(
        "state = 'sent', attempts = $3, last_error = NULL, sent_at = $4, claimed_by = NULL, claimed_until = NULL, body = $5",
        [id, token, c.attempts, c.at, c.body],
      ),
    retryLater: (id, token, c) =>
      mine("state = 'queued', attempts = $3, last_error = $4, claimed_by = NULL, claimed_until = $5", [
        id,
        token,
        c.attempts,
        c.error,
        c.retryAt,
      ]),
    markFailed: (id, token, c) =>
      mine("state = 'failed', attempts = $3, last_error = $4, claimed_by = NULL, claimed_until = NULL", [
        id,
        token,
        c.attempts,
        c.error,
      ]),
    waiting: () =>
      db.query<{ count: number; next: number | null }>(
        "SELECT count(*) AS count, min(coalesce(claimed_until, 0)) AS next FROM outbox WHERE state IN ('queued', 'sending')",
      )[0]!,
  };
}
