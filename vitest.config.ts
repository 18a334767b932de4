import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/: the console's pure modules (no DOM); its pages are tested in Chromium (test/browser).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Both database suites share one PostgreSQL server; each file works in its own schema.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // expect.poll waits for what a page shows after a navigation or a request; its default second
    // is too short on a busy two-core CI machine (a console page took longer, failing a bulk-tag test).
    expect: { poll: { timeout: 10_000 } },
  },
});
