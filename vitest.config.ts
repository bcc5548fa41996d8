import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Files run in parallel processes; each uses its own temp dir, SQLite file and Redis key prefix.
    pool: 'forks',
    // Most files wait on processes, Redis and sockets rather than compute: three at a time keep two
    // cores busy (vitest's default on a 2-core machine is one file at a time).
    maxWorkers: 3,
    testTimeout: 30_000,
    // Hooks start worker processes and Redis servers (up to 20 s each).
    hookTimeout: 60_000,
  },
});
