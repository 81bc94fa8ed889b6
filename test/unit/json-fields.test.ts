// `--json FIELDS`: telling a field list from a positional, and trimming documents.
import { describe, expect, it } from 'vitest';
import { checkFields, fieldVocabulary, normaliseJsonFlag, selectFields, SHAPES } from '../../src/cli/json-fields.js';

const COMMANDS = new Set(['take', 'queue', 'clients', 'show', 'tickets', 'time', 'credits', 'balance', 'add', 'demo']);
const norm = (...args: string[]) =>
  normaliseJsonFlag(['node', 'alias-support', ...args], () => fieldVocabulary(Object.values(SHAPES), COMMANDS)).slice(
    2,
  );

describe('normaliseJsonFlag', () => {
  it.each([
    // a field list: known name(s), or any comma-separated list of names (checked later)
    [
      ['queue', '--json', 'number,client,color'],
      ['queue', '--json=number,client,color'],
    ],
    [
      ['queue', '--json', 'number'],
      ['queue', '--json=number'],
    ],
    [
      ['queue', '--json', 'number,colr'],
      ['queue', '--json=number,colr'],
    ],
    [
      ['--json', 'number', 'queue'],
      ['queue', '--json=number'],
    ],
    // not a field list: the word stays a positional and --json takes no value
    [
      ['take', '--json', '5'],
      ['take', '5', '--json'],
    ],
    [
      ['clients', 'show', '--json', 'C042'],
      ['clients', 'show', 'C042', '--json'],
    ],
    [
      ['clients', 'show', '--json', 'acme'],
      ['clients', 'show', 'acme', '--json'],
    ],
    [
      ['--json', 'queue'],
      ['queue', '--json'],
    ],
    [
      ['--json', 'tickets', 'show', '5'],
      ['tickets', 'show', '5', '--json'],
    ],
    [
      ['time', '5', '--json', 'start'],
      ['time', '5', 'start', '--json'],
    ],
    // after `--` nothing is touched, and --json stays before it
    [
      ['credits', 'adjust', 'C042', '--json', '--reason', 'x', '--', '-1h', '--json'],
      ['credits', 'adjust', 'C042', '--reason', 'x', '--json', '--', '-1h', '--json'],
    ],
    // the explicit form is kept as written; a bare --json beside it adds nothing
    [
      ['queue', '--json=number'],
      ['queue', '--json=number'],
    ],
    [
      ['queue', '--json=number', '--json'],
      ['queue', '--json=number'],
    ],
    [
      ['queue', '--json', 'number', '--json', 'color'],
      ['queue', '--json=number,color'],
    ],
    [['queue'], ['queue']],
  ])('%j → %j', (args, expected) => {
    expect(norm(...args)).toEqual(expected);
  });
});

describe('selectFields', () => {
  const ticket = { number: 2, client: 'C043', color: 'red', subject: 's' };
  it('trims each record of the list and keeps only the records key', () => {
    expect(
      selectFields('queue', SHAPES.tickets, { tickets: [ticket, { ...ticket, number: 3 }], counts: { red: 2 } }, [
        'number',
        'color',
      ]),
    ).toEqual({
      tickets: [
        { number: 2, color: 'red' },
        { number: 3, color: 'red' },
      ],
    });
  });
  it('trims a single record in the order asked', () => {
    expect(selectFields('take', SHAPES.ticket, { ticket }, ['color', 'number'])).toEqual({
      ticket: { color: 'red', number: 2 },
    });
  });
  it('trims the top level of a document that is the record', () => {
    expect(
      selectFields(
        'credits balance',
        SHAPES.balance,
        { client: 'C042', balanceMinutes: 60, validity: 'active', validUntil: null },
        ['balanceMinutes'],
      ),
    ).toEqual({
      balanceMinutes: 60,
    });
  });
  it('checks the fields of a command without a declared shape against the document', () => {
    expect(selectFields('no such command', undefined, { a: 1, b: 2 }, ['b'])).toEqual({ b: 2 });
    expect(() => selectFields('no such command', undefined, { a: 1 }, ['c'])).toThrow(/unknown JSON field 'c'/);
  });
});

describe('checkFields', () => {
  it('accepts the declared fields and refuses others with the valid list', () => {
    expect(() => checkFields('take', SHAPES.ticket, ['number', 'color', 'ageBusinessMinutes'])).not.toThrow();
    expect(() => checkFields('take', SHAPES.ticket, ['number', 'colr'])).toThrow(
      expect.objectContaining({ code: 'USAGE', exitCode: 2, message: "unknown JSON field 'colr' for take" }),
    );
    try {
      checkFields('credits balance', SHAPES.balance, ['balance']);
    } catch (err) {
      expect((err as { hint: string }).hint).toBe('valid fields: client, balanceMinutes, validity, validUntil');
    }
  });
});
