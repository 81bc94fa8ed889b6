// The receipt's statement (services/receipts.ts). See db/statements.ts.
import { statements } from '../../store/sqlite/statements.js';

export const receiptSql = statements({
  /** (ticket, recipient, subject, body, language, state, last error, now) */
  queue: 'INSERT INTO outbox (ticket_id, recipient, subject, body, language, state, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
});
