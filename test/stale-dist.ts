// vitest globalSetup: the CLI tests run the bundle in dist/ (test/helpers/cli.ts),
// so a bundle older than the sources would test yesterday's code. The run
// stops at once, saying so, when any test run from the command line (or the
// whole suite) is a CLI test.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the bundle is built from. */
const SOURCES = ['src', 'bin', 'db/migrations', 'package.json'];
const BUNDLES = ['dist/main.cjs', 'dist/everyday.cjs'];
const RUNS_THE_BUNDLE = /(^|\/)test\/(e2e|web)(\/|$)/;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** A run of named files runs the bundle if one of them is a CLI test; a run of none is the whole suite. */
function runsTheBundle(argv: readonly string[]): boolean {
  const named = argv.filter((a) => !a.startsWith('-') && a.startsWith('test/') && !a.endsWith('vitest.config.ts'));
  return named.length === 0 || named.some((a) => RUNS_THE_BUNDLE.test(a));
}

export function staleDistMessage(root: string = ROOT): string | undefined {
  let built: number;
  try {
    built = Math.min(...BUNDLES.map((b) => statSync(join(root, b)).mtimeMs));
  } catch {
    return 'dist/ has no bundle: run npm run build';
  }
  const changed = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  return changed > built ? 'dist/ is older than src/: run npm run build' : undefined;
}

export default function setup(): void {
  if (!runsTheBundle(process.argv.slice(2))) return;
  const stale = staleDistMessage();
  if (stale) throw new Error(stale);
}
