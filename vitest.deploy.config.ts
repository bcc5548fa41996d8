import { defineConfig } from 'vitest/config';

/**
 * `npm run test:deploy`: the shipped deploy/ files run by the programs that read them in
 * production (nginx, openssl, systemd-analyze, promtool), which `.ci/run` installs. Not part of
 * `npm test`, whose quick start needs only Redis and Chromium.
 */
export default defineConfig({
  test: {
    include: ['tests/deploy/**/*.test.ts'],
    pool: 'forks',
    // Each file builds dist/bundle when stale (scripts/build-if-stale.mjs): one at a time.
    fileParallelism: false,
    setupFiles: ['tests/setup/fresh-clock.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
