// The ticket state table: the colours, the transitions and the SQL the database check derives from it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  COLOR,
  COLORS,
  STATE_EVENTS,
  STATUS_OF_COLOR,
  statusAfter,
  statusAfterEventSql,
  transition,
} from '../../src/rules/ticket-states.js';

describe('ticket states', () => {
  it('red waits, orange is taken, green is resolved, in that order', () => {
    expect(COLOR).toEqual({ pending: 'red', in_progress: 'orange', resolved: 'green' });
    expect(COLORS).toEqual(['red', 'orange', 'green']);
    expect(STATUS_OF_COLOR).toEqual({ red: 'pending', orange: 'in_progress', green: 'resolved' });
  });

  it('allows take, release, close and reopen where the desk does, nothing else', () => {
    expect(transition('pending', 'taken')).toBe('in_progress');
    expect(transition('pending', 'closed')).toBe('resolved');
    expect(transition('in_progress', 'released')).toBe('pending');
    expect(transition('in_progress', 'closed')).toBe('resolved');
    expect(transition('resolved', 'reopened')).toBe('pending');
    expect(transition('pending', 'released')).toBeUndefined();
    expect(transition('in_progress', 'taken')).toBeUndefined();
    expect(transition('resolved', 'closed')).toBeUndefined();
  });

  it('each state-changing event names the status it leaves, in JavaScript and in SQL alike', () => {
    expect([...STATE_EVENTS].sort()).toEqual(['closed', 'opened', 'released', 'reopened', 'taken']);
    const db = new Database(':memory:');
    for (const event of STATE_EVENTS) {
      const row = db.prepare(`SELECT ${statusAfterEventSql('e.event')} AS s FROM (SELECT ? AS event) e`).get(event) as {
        s: string;
      };
      expect(row.s).toBe(statusAfter(event));
    }
    expect(STATE_EVENTS.map(statusAfter)).toEqual(['pending', 'in_progress', 'resolved', 'pending', 'pending']);
    db.close();
  });
});
