import type { App } from '../../src/app.js';
import { InlineDriver } from '../../src/queue/inline-driver.js';

/**
 * Runs an inline app's work to a standstill: hands every due outbox row to the queue and waits
 * until no job is ready or running and no text is on its way, until a round hands nothing over. Afterwards whatever was
 * due has happened, so a test can check that something did *not* happen without sleeping.
 */
export async function settle(app: App): Promise<void> {
  const driver = app.jobs;
  if (!(driver instanceof InlineDriver)) throw new Error('settle() needs the inline job driver (no REDIS_URL).');
  for (let round = 0; round < 100; round++) {
    await app.texting.idle();
    await driver.idle();
    if ((await app.outbox.flush()) === 0) {
      await driver.idle();
      if ((await app.outbox.flush()) === 0) return;
    }
  }
  throw new Error('settle(): work kept coming for 100 rounds');
}
