import { jobIds, type DeliveryOutcomeJob, type SendNoticeJob } from '../../src/jobs/catalogue.js';
import { DeferJobError, PermanentJobError, type Processor, type QueueDriver } from '../../src/jobs/queue-driver.js';
import { isPermanentMailError, type Mailer } from '../../src/mail/mailer.js';
import { renderNotice } from '../../src/mail/templates/notice.js';

export interface NoticeDeps {
  mailer: Mailer;
  driver: QueueDriver;
  /** Notices per minute across all workers; 0 for no limit. */
  ratePerMinute: number;
}

/**
 * Sends one rendered notice to one subscriber or attendee and reports the outcome; a
 * permanent SMTP refusal is reported as a bounce, so the API can stop mailing a dead address.
 */
export function sendNoticeProcessor(deps: NoticeDeps): Processor<SendNoticeJob> {
  return async (job, ctx) => {
    const report = (outcome: Omit<DeliveryOutcomeJob, 'deliveryId' | 'round' | 'attempt' | 'at'>) => {
      const full = { deliveryId: job.deliveryId, round: job.round, attempt: ctx.attempt, at: new Date().toISOString(), ...outcome };
      return deps.driver.add('results', 'delivery-outcome', full, { jobId: jobIds.deliveryOutcome(full) });
    };
    if (deps.ratePerMinute > 0) {
      const wait = await deps.driver.rateLimiter.take('notices', deps.ratePerMinute);
      if (wait > 0) throw new DeferJobError(wait + Math.floor(Math.random() * 50));
    }
    try {
      const { messageId } = await deps.mailer.send(renderNotice(job.notice));
      await report({ status: 'sent', remoteId: messageId });
    } catch (error) {
      const permanent = isPermanentMailError(error);
      const message = (error as Error).message;
      ctx.log.warn({ deliveryId: job.deliveryId, attempt: ctx.attempt, err: message }, permanent ? 'notice bounced' : 'notice failed');
      await report({ status: permanent || ctx.attempt >= ctx.maxAttempts ? 'dead' : 'failed', error: message, ...(permanent ? { bounced: true } : {}) });
      throw permanent ? new PermanentJobError(message) : error;
    }
  };
}
