import { openSecrets } from '../../src/channels/channel-secrets.js';
import { jobIds, type DeliverToChannelJob, type DeliveryOutcome } from '../../src/queue/catalogue.js';
import { DeferJobError, PermanentJobError, type Processor, type QueueDriver } from '../../src/queue/queue-driver.js';
import { DeliveryError } from '../../src/channels/adapters/adapter.js';
import type { Adapters } from '../../src/channels/adapters/index.js';

export interface DeliverDeps {
  adapters: Adapters;
  driver: QueueDriver;
  secretKey: string;
}

/** A failure carrying its Retry-After into the job's backoff. */
class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Sends one announcement to one channel: waits its turn under the channel's rate limit
 * (shared by every worker), calls the channel's adapter, and reports each attempt's outcome
 * on the `results` queue for the API process to record. Never touches the database.
 */
export function deliverToChannelProcessor(deps: DeliverDeps): Processor<DeliverToChannelJob> {
  return async (job, ctx) => {
    const report = (outcome: Omit<DeliveryOutcome, 'deliveryId' | 'round' | 'attempt' | 'at'>) => {
      const outcomes = [{ deliveryId: job.deliveryId, round: job.round, attempt: ctx.attempt, at: new Date().toISOString(), ...outcome }];
      return deps.driver.add('results', 'delivery-outcomes', { outcomes }, { jobId: jobIds.deliveryOutcomes(ctx.jobId, outcomes) });
    };

    const wait = await deps.driver.rateLimiter.take(`channel:${job.channel.id}`, job.channel.ratePerMinute);
    if (wait > 0) throw new DeferJobError(wait + Math.floor(Math.random() * 50));

    const channel = { ...job.channel, secrets: openSecrets(deps.secretKey, job.channel.sealedSecrets) };
    const log = { deliveryId: job.deliveryId, announcementId: job.message.announcementId, channelId: channel.id, attempt: ctx.attempt };
    try {
      const { remoteId } = await deps.adapters[channel.kind].send(channel, job.message, { messageId: `delivery-${job.deliveryId}`, progress: ctx.progress, saveProgress: (p) => ctx.saveProgress(p) });
      ctx.log.info(log, 'delivery sent');
      await report({ status: 'sent', remoteId });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message);
      const final = failure.options.permanent || ctx.attempt >= ctx.maxAttempts;
      ctx.log.warn({ ...log, err: failure.message }, final ? 'delivery dead' : 'delivery failed; will retry');
      await report({
        status: final ? 'dead' : 'failed',
        error: failure.message,
        ...(failure.options.disableChannel ? { disableChannel: failure.message } : {}),
      });
      if (failure.options.permanent) throw new PermanentJobError(failure.message);
      throw new RetryableDeliveryError(failure.message, failure.retryAfterMs);
    }
  };
}
