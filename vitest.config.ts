import { defineConfig } from 'vitest/config';

/**
 * Four projects, one command (`npm test` builds first):
 *  - unit: pure code beside its source;
 *  - integration: the Node runtime in-process, and the atomic batch port on better-sqlite3 and on D1;
 *  - contract: the same HTTP tests against the built Node server and against `wrangler dev` (workerd + D1);
 *  - e2e: pages in Debian's Chromium through playwright-core, checked with axe-core.
 */
// Property tests run from a fixed seed (see the file); timeouts are generous because they are wall-clock time and a
// loaded 2-core machine must not turn a slow pass into a failure: speed is measured in bench/, never in tests.
const setupFiles = ['test/support/fast-check-seed.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'db/**/*.test.ts'], setupFiles, testTimeout: 120_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/contract/targets.setup.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/server.setup.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
