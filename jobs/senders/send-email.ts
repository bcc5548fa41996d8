import { jobIds, type EmailOutcomeJob, type SendEmailJob } from '../../src/queue/catalogue.js';
import { PermanentJobError, type Processor, type QueueDriver } from '../../src/queue/queue-driver.js';
import { isPermanentMailError, type Mailer } from '../../src/mail/mailer.js';

/**
 * Sends one mail from the outbox and reports every attempt's outcome on the `results`
 * queue; the API process records it. It never touches the database.
 */
export function sendEmailProcessor(mailer: Mailer, results: QueueDriver): Processor<SendEmailJob> {
  return async (job, ctx) => {
    const report = (outcome: EmailOutcomeJob) => results.add('results', 'email-outcome', outcome, { jobId: jobIds.emailOutcome(ctx.jobId, outcome) });
    let messageId: string;
    try {
      ({ messageId } = await mailer.send({ to: job.to, subject: job.subject, text: job.text, html: job.html, headers: job.headers ?? undefined, attachments: job.attachments ?? undefined }));
    } catch (error) {
      const permanent = isPermanentMailError(error);
      const final = permanent || ctx.attempt >= ctx.maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      await report({ emailId: job.emailId, status: final ? 'dead' : 'failed', attempt: ctx.attempt, at: new Date().toISOString(), error: message });
      throw permanent ? new PermanentJobError(message) : error;
    }
    ctx.log.info({ emailId: job.emailId, messageId }, 'mail sent');
    await report({ emailId: job.emailId, status: 'sent', attempt: ctx.attempt, at: new Date().toISOString(), messageId });
  };
}
