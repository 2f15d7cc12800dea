import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default: on the shared CI machine a page can take longer
    // than that to answer while the other browser file is busy, which is slowness, not a failure.
    expect: { poll: { timeout: 15_000 } },
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Two files at a time, each with its own server (port 0, own database) and browser: the
    // browser waits on the server and the other way round, so two keep the CI machine's two cores busy.
    maxWorkers: 2,
  },
});
