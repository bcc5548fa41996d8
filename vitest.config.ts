import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The deployment files are tested with nginx, openssl, systemd-analyze and promtool: `npm run test:deploy`.
    exclude: ['tests/deploy/**', 'node_modules/**'],
    // Files run in parallel processes; each uses its own temp dir, SQLite file and Redis key prefix.
    pool: 'forks',
    // Most files wait on processes, Redis and sockets rather than compute: three at a time keep two
    // cores busy (vitest's default on a 2-core machine is one file at a time).
    maxWorkers: 3,
    // Modules are loaded once per worker, not once per file: loading the app's module graph for
    // each of 100+ files cost more than the tests themselves (summed import 231 s of a 330 s run).
    // Every file still starts its own app, temp dir, database and Redis prefix; the shared clock is
    // reset before each file (tests/setup/fresh-clock.ts).
    isolate: false,
    setupFiles: ['tests/setup/fresh-clock.ts'],
    testTimeout: 30_000,
    // Hooks start worker processes and Redis servers (up to 20 s each).
    hookTimeout: 60_000,
  },
});
