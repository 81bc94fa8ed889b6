// `--json FIELDS` through the real CLI: selection, unknown fields refused
// before anything runs, and positionals after a bare --json left alone.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Cli } from '../helpers/cli.js';
import { smallDesk } from '../helpers/small-desk.js';

let desk: Cli;

beforeEach(async () => {
  desk = await smallDesk();
});

const statusOf = (n: number) => desk.run(['tickets', 'show', String(n), '--json']).json().ticket.status;

describe('--json FIELDS', () => {
  it('keeps only the fields asked for, on each record of the main list, in the order asked', () => {
    const r = desk.run(['queue', '--json', 'number,client,color']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      tickets: [
        { number: 1, client: 'C042', color: 'red' },
        { number: 2, client: 'C043', color: 'red' },
        { number: 3, client: 'C042', color: 'red' },
      ],
    });
    expect(desk.run(['queue', '--json=color,number', '--limit', '1']).json()).toEqual({
      tickets: [{ color: 'red', number: 1 }],
    });
  });

  it('plain --json keeps the full shape', () => {
    const doc = desk.run(['queue', '--json']).json();
    expect(doc.counts).toEqual({ red: 3, orange: 0, green: 0 });
    expect(Object.keys(doc.tickets[0])).toEqual(
      expect.arrayContaining(['number', 'subject', 'status', 'ageBusinessMinutes', 'billableMinutes']),
    );
  });

  it('trims a single record, or the top level of a document that is the record', () => {
    expect(desk.run(['tickets', 'show', '2', '--json', 'number,subject']).json()).toEqual({
      ticket: { number: 2, subject: 'Licence non reconnue' },
    });
    expect(desk.run(['credits', 'balance', 'C043', '--json', 'balanceMinutes']).json()).toEqual({
      balanceMinutes: 300,
    });
  });

  it('refuses an unknown field with a JSON usage error listing the valid ones, before the command runs', () => {
    const r = desk.run(['take', '2', '--json', 'number,colour']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.error()).toMatchObject({ code: 'USAGE', exitCode: 2, message: "unknown JSON field 'colour' for take" });
    expect(JSON.parse(r.stderr).error.hint).toMatch(/^valid fields: number, client, subject, status, color, /);
    expect(statusOf(2)).toBe('pending');
  });

  it('leaves a positional after a bare --json in place', () => {
    const taken = desk.run(['take', '--json', '2']);
    expect(taken.code).toBe(0);
    expect(taken.json().ticket).toMatchObject({ number: 2, color: 'orange' });
    expect(desk.run(['clients', 'show', '--json', 'C042']).json().client.code).toBe('C042');
    expect(desk.run(['--json', 'tickets', 'show', '1']).json().ticket.number).toBe(1);
    expect(desk.run(['time', '2', '--json', 'stop']).json().ticket.timerRunning).toBe(false);
  });

  it('keeps errors JSON when fields are asked for', () => {
    const r = desk.run(['tickets', 'show', '99', '--json', 'number']);
    expect(r.code).toBe(3);
    expect(r.error()).toMatchObject({ code: 'TICKET_NOT_FOUND', exitCode: 3 });
  });

  it('selects fields of the manifest too', () => {
    const { commands } = desk.run(['commands', '--json', 'name,mutates']).json();
    expect(commands).toContainEqual({ name: 'queue', mutates: false });
    expect(commands).toContainEqual({ name: 'take', mutates: true });
  });
});
