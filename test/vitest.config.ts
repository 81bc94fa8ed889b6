import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // The CLI tests run dist/: a bundle older than the sources fails the run (npm test builds first).
    globalSetup: ['test/stale-dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests pin "now" themselves; none may depend on the machine's zone.
    env: { TZ: 'UTC', ALIAS_SUPPORT_DEBUG: '' },
  },
});
