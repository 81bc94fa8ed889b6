// The Node.js versions the package accepts (package.json `engines`, enforced at
// install by engine-strict) are the maintained lines support teams run, and
// every package npm installs accepts each of them: otherwise `npm ci` fails on a
// version the README promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { unmaintained } from '../../bin/node-runtime.mjs';
import { ROOT } from '../helpers/cli.js';

const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
const engines: string = read('package.json').engines.node;
const lock = read('package-lock.json') as {
  packages: Record<string, { version: string; engines?: { node?: string }; optional?: boolean }>;
};

/** Each line's first accepted release and a release far into it. */
const lines = engines.split('||').map((range) => {
  const first = semver.minVersion(range)!.version;
  return { range: range.trim(), first, late: `${semver.major(first)}.999.0` };
});

describe('package.json engines', () => {
  it('accepts Node 20.19+, 22, 24 and 26, and no odd-numbered or later line', () => {
    expect(lines.map((l) => semver.major(l.first))).toEqual([20, 22, 24, 26]);
    for (const version of ['20.19.0', '20.20.2', '22.22.0', '24.0.0', '24.22.3', '26.0.0', '26.12.1'])
      expect(semver.satisfies(version, engines), version).toBe(true);
    for (const version of ['18.20.0', '20.18.3', '21.7.0', '23.11.0', '25.0.0', '27.0.0', '28.0.0'])
      expect(semver.satisfies(version, engines), version).toBe(false);
  });

  it('every package the lockfile installs accepts the first and a late release of each line', () => {
    const refused: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      // Optional packages that do not fit (other platforms' binaries) are skipped by npm, not refused.
      if (!path || pkg.optional || !pkg.engines?.node) continue;
      for (const { first, late } of lines)
        for (const version of [first, late])
          if (!semver.satisfies(version, pkg.engines.node))
            refused.push(
              `${path.replace(/^.*node_modules\//, '')}@${pkg.version} (${pkg.engines.node}) refuses ${version}`,
            );
    }
    expect(refused).toEqual([]);
  });
});

describe('the runtime inside the single executable (bin/node-runtime.mjs)', () => {
  it('must be a long-term-support line before its end of life', () => {
    const day = (d: string) => new Date(`${d}T12:00:00Z`);
    expect(unmaintained('24.22.3', day('2026-12-02'))).toBeUndefined();
    expect(unmaintained('26.12.1', day('2026-12-02'))).toBeUndefined();
    expect(unmaintained('20.20.2', day('2026-04-30'))).toBeUndefined();
    expect(unmaintained('20.20.2', day('2026-05-01'))).toBe('Node 20 reached its end of life on 2026-04-30');
    expect(unmaintained('24.22.3', day('2028-05-01'))).toBe('Node 24 reached its end of life on 2028-04-30');
    expect(unmaintained('25.2.0', day('2026-12-02'))).toBe('Node 25 is not a long-term-support line');
  });
});
