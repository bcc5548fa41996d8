import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Files run in parallel processes; each uses its own temp dir, SQLite file and Redis key prefix.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
