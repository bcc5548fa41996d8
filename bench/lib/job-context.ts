import type { JobContext } from '../../src/queue/queue-driver.js';

/** For running a database job's processor directly, once, to time it alone. */
export const oneShotContext: JobContext = {
  jobId: 'bench',
  attempt: 1,
  maxAttempts: 1,
  log: { info() {}, warn() {}, error() {} },
  progress: undefined,
  saveProgress: async () => {},
};
