// EXPLAIN QUERY PLAN of every statement the client space runs, on a client
// with 5,000+ tickets among other clients' tickets: none reads a whole table
// that grows with the desk (tickets, contacts, tokens, sessions…), and the
// pages of resolved requests come from the index in order (no sort of them all).
import { describe, expect, it } from 'vitest';
import { addClient } from '../../src/services/clients.js';
import { addContact, findContactByEmail, removeContact } from '../../src/services/contacts.js';
import { adjust } from '../../src/services/credit.js';
import { addLicence } from '../../src/services/licences.js';
import {
  consumeSignInToken,
  endSession,
  issueSignInLink,
  peekSignInToken,
  requestSignInLink,
  readSession,
} from '../../src/services/portal-auth.js';
import { dashboard, requestDetail, statement, submitRequest } from '../../src/services/portal.js';
import { GROWING, planOf, plansDuring, show, type Plan } from '../helpers/query-plan.js';
import { tempDesk } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-of.js';

const BASE = 'http://127.0.0.1:8080';
const CLIENT_SPACE_TABLES = /^SCAN (contacts|sign_in_tokens|portal_sessions)\b/;
const scans = (plans: Plan[]) =>
  plans.filter((p) => p.steps.some((s) => GROWING.test(s) || CLIENT_SPACE_TABLES.test(s)));
const sorts = (plans: Plan[]) => plans.filter((p) => p.steps.some((s) => s.startsWith('USE TEMP B-TREE')));

/** C1 with 6,000 tickets (over 5,000 resolved), C2 with 3,000: written in bulk, as the demo does. */
function bigDesk() {
  const d = tempDesk('2026-11-26T10:00:00Z');
  for (const code of ['C1', 'C2']) {
    addClient(d.ctx, { code, name: `Client ${code}`, email: `${code.toLowerCase()}@example.com` });
    addLicence(d.ctx, { client: code, plan: 'all-inclusive', start: '2025-01-15' });
    adjust(d.ctx, code, 300, 'credit');
  }
  addContact(d.ctx, { client: 'C1', email: 'second@c1.example' });
  sqliteOf(d.ctx.store).exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9000)
    INSERT INTO tickets (client_id, subject, status, created_at, queued_at, taken_at, resolved_at, requester_id, form_key)
    SELECT CASE WHEN i % 3 = 0 THEN 2 ELSE 1 END, 'ticket ' || i,
      CASE WHEN i % 50 = 1 THEN 'pending' WHEN i % 50 = 2 THEN 'in_progress' ELSE 'resolved' END,
      1700000000000 + i * 60000, 1700000000000 + i * 60000, NULL,
      CASE WHEN i % 50 IN (1, 2) THEN NULL ELSE 1700000000000 + i * 60000 + 3600000 END,
      CASE WHEN i % 3 = 0 THEN NULL ELSE 1 END, 'form-' || i
    FROM n;
  `);
  return d;
}

describe('EXPLAIN QUERY PLAN of the client space', () => {
  it('the desk is as large as said', () => {
    const d = bigDesk();
    const count = (sql: string) => (sqliteOf(d.ctx.store).prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM tickets WHERE client_id = 1')).toBe(6000);
    expect(count("SELECT count(*) AS n FROM tickets WHERE client_id = 1 AND status = 'resolved'")).toBeGreaterThan(
      5000,
    );
  });

  it('every statement of sign-in, sessions, dashboard, request, form and statement walks an index', async () => {
    const d = bigDesk();
    const contact = findContactByEmail(d.ctx, 'c1@example.com')!;
    const plans = await plansDuring(d.ctx, async () => {
      const link = issueSignInLink(d.ctx, { client: 'C1', baseUrl: BASE });
      const token = link.url.slice(link.url.lastIndexOf('/') + 1);
      peekSignInToken(d.ctx, token);
      const session = consumeSignInToken(d.ctx, token);
      if (!session.ok) throw new Error('expected a session');
      await readSession({ ...d.ctx, now: d.ctx.now + 3_600_000 }, session.sessionId);
      requestSignInLink(d.ctx, { email: 'C1@example.com', baseUrl: BASE });
      requestSignInLink(d.ctx, { email: 'nobody@example.com', baseUrl: BASE });
      dashboard(d.ctx, contact, 1);
      dashboard(d.ctx, contact, 3); // open requests only (C1 has 240)
      dashboard(d.ctx, contact, 5); // the last open ones, then resolved ones
      dashboard(d.ctx, contact, 60);
      requestDetail(d.ctx, contact, 4);
      requestDetail(d.ctx, contact, 3); // C2's
      submitRequest(d.ctx, contact, { subject: 'new', body: '', formKey: 'form-1' });
      submitRequest(d.ctx, contact, { subject: 'new', body: '', formKey: 'form-new' });
      statement(d.ctx, contact);
      endSession(d.ctx, session.sessionId);
      removeContact(d.ctx, { client: 'C1', email: 'second@c1.example' });
    });
    expect(plans.length).toBeGreaterThan(10);
    expect(scans(plans), show(scans(plans))).toEqual([]);
    const resolvedPage = plans.filter((p) => /status = 'resolved'\s+ORDER BY/.test(p.sql));
    expect(resolvedPage, show(plans)).toHaveLength(1);
    expect(resolvedPage[0]!.steps.join('\n')).toMatch(/USING (COVERING )?INDEX tickets_client_status_resolved/);
    expect(sorts(resolvedPage), show(resolvedPage)).toEqual([]);
    // the open ones (red, then orange), each in queue order straight from the client's index: no sort of them all
    const openPage = plans.filter((p) => /status = \?\s+ORDER BY tickets\.queued_at/.test(p.sql));
    expect(openPage, show(plans)).toHaveLength(1);
    expect(openPage[0]!.steps.join('\n')).toMatch(/USING (COVERING )?INDEX tickets_client_status_queued/);
    expect(sorts(openPage), show(openPage)).toEqual([]);
    // the counts that page them are kept per client, not counted
    expect(plans.some((p) => /FROM client_ticket_counts/.test(p.sql))).toBe(true);
    expect(plans.filter((p) => /SELECT count\(\*\) FROM tickets/.test(p.sql))).toEqual([]);
  });

  it('the writes that find their rows by a condition (purges, sessions of a removed contact) use an index too', () => {
    const d = bigDesk();
    for (const sql of [
      'DELETE FROM sign_in_tokens WHERE expires_at < ?',
      'DELETE FROM portal_sessions WHERE last_seen_at < ?',
      'DELETE FROM portal_sessions WHERE contact_id = ?',
      'UPDATE portal_sessions SET last_seen_at = ? WHERE id_hash = ?',
      'UPDATE sign_in_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL',
    ]) {
      const plan = planOf(sqliteOf(d.ctx.store), sql);
      expect(scans([plan]), show([plan])).toEqual([]);
      expect(plan.steps.join('\n'), sql).toMatch(/USING|INTEGER PRIMARY KEY/);
    }
  });
});
