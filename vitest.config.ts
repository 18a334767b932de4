import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Both database suites share one PostgreSQL server; each file works in its own schema.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
