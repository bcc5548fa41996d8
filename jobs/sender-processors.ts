import type { QueueDriver } from '../src/jobs/queue-driver.js';
import type { Mailer } from '../src/mail/mailer.js';
import { sendEmailProcessor } from './processors/send-email.js';

export interface SenderDeps {
  mailer: Mailer;
}

/**
 * Registers every sender processor on the `send` queue. `npm run worker` calls this with the
 * BullMQ driver; the API process calls it with the inline driver when no Redis is configured.
 */
export function registerSenders(driver: QueueDriver, deps: SenderDeps, concurrency?: number): void {
  driver.process('send', { 'send-email': sendEmailProcessor(deps.mailer, driver) }, { concurrency });
}
