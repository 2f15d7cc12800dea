import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000, // the CI machine is shared: slow moments must not fail a test
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    pool: 'forks',
    // Vitest's default is one worker per core but one (a single worker on the 2-core CI machine),
    // while most test files wait on PostgreSQL, spawned CLI processes or timers: three keep both
    // cores busy.
    maxWorkers: 3,
    globalSetup: ['./test/support/global-setup.ts'],
  },
});
