// Issue 15: each rule stated once. The sources are read as text: a second copy
// of a rule, or a global written as a side channel, shows up as a literal.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Files (relative to src/) whose text matches `pattern`. */
function filesMatching(pattern: RegExp): string[] {
  return sources()
    .filter((f) => pattern.test(readFileSync(f, 'utf8')))
    .map((f) => relative(SRC, f));
}

describe('each rule once', () => {
  it('no process.env write in src/: values are passed, not set globally (the entry point in bin/ sets the process zone)', () => {
    expect(filesMatching(/process\.env\.[A-Z_]+\s*=[^=]/)).toEqual([]);
    expect(filesMatching(/process\.env\[[^\]]+\]\s*=[^=]/)).toEqual([]);
  });

  it("the ticket state → colour table is the only place that maps a state to 'orange'", () => {
    expect(filesMatching(/(pending|in_progress|resolved)['"]?\s*:\s*(\{\s*color:\s*)?'(red|orange|green)'/)).toEqual([
      'rules/ticket-states.ts',
    ]);
  });

  it('the credit thresholds (low credit, forfeit notice) are stated in rules/thresholds.ts only', () => {
    expect(filesMatching(/(LOW_CREDIT|FORFEIT_NOTICE)\w*\s*=\s*\d/)).toEqual([]);
    expect(filesMatching(/LowCreditMinutes:\s*\d/)).toEqual(['rules/thresholds.ts']);
  });
});

describe('error code → exit status, decided once', () => {
  it('every factory takes its exit status from the table in src/errors.ts', async () => {
    const errors = await import('../../src/errors.js');
    const table = (errors as unknown as { EXIT_OF_ERROR?: Record<string, number> }).EXIT_OF_ERROR;
    expect(table).toBeDefined();
    for (const e of [
      errors.notFound('TICKET_NOT_FOUND', 'm'),
      errors.conflict('DUPLICATE', 'm'),
      errors.refused('NO_CREDIT', 'm'),
      errors.invalidInput('m'),
      errors.usageError('m'),
      errors.dbBusy(),
    ])
      expect(e.exitCode).toBe(table![e.code]);
  });
});
