import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/: the console's pure modules (no DOM); its pages are tested in Chromium (test/browser).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Both database suites share one PostgreSQL server; each file works in its own schema.
    testTimeout: 30_000,
    // Hang guards, not speed checks: a loaded two-core CI machine (Chromium, PostgreSQL and the
    // suite's own workers sharing it) made browser steps ten times slower than on a quiet one.
    hookTimeout: 120_000,
    pool: 'forks',
    // expect.poll waits for what a page shows after a navigation or a request; its default second
    // is too short on a busy two-core CI machine (a console page took longer, failing a bulk-tag test;
    // under ten times the load a page took over ten seconds). A poll ends as soon as it holds, so the
    // longer budget only costs time on a failure.
    expect: { poll: { timeout: 30_000 } },
  },
});
