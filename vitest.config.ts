import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000, // the CI machine is shared: slow moments must not fail a test
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    pool: 'forks',
    globalSetup: ['./test/support/global-setup.ts'],
  },
});
