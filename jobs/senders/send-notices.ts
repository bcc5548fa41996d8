import { jobIds, type DeliveryOutcome, type NoticeRecipient, type SendNoticesJob } from '../../src/queue/catalogue.js';
import { DeferJobError, type JobContext, type Processor, type QueueDriver } from '../../src/queue/queue-driver.js';
import { isPermanentMailError, type Mailer } from '../../src/mail/mailer.js';
import { noticeRenderer } from './notice-mails.js';

export interface NoticeDeps {
  mailer: Mailer;
  driver: QueueDriver;
  /** Signs each person's links. */
  secretKey: string;
  /** Notices per minute across all workers; 0 for no limit. */
  ratePerMinute: number;
}

/** Notices of a batch sent at once; also how many outcomes one report carries at most. */
export const NOTICES_AT_ONCE = 10;

/**
 * What a batch job saved as its progress: the outcomes that are final (sent or dead), and how
 * many of them are known to have reached the results queue.
 */
interface NoticeProgress {
  finished: DeliveryOutcome[];
  reported: number;
}

/**
 * Sends a batch of notices, NOTICES_AT_ONCE at a time. After each group it saves which notices are
 * done (in the job, in Redis) before reporting their outcomes, so a retry or a worker taking
 * over after a crash resends only notices not yet done: a notice recorded `sent` is never sent
 * again, and at most one group per job in flight is sent twice. A permanent SMTP refusal is
 * reported as a bounce; other failures are retried with the job's backoff.
 */
export function sendNoticesProcessor(deps: NoticeDeps): Processor<SendNoticesJob> {
  return async (job, ctx) => {
    const progress = resumed(ctx.progress);
    const report = (outcomes: DeliveryOutcome[]) =>
      outcomes.length ? deps.driver.add('results', 'delivery-outcomes', { outcomes }, { jobId: jobIds.deliveryOutcomes(ctx.jobId, outcomes) }) : Promise.resolve();
    // An earlier run may have saved outcomes and stopped before reporting them.
    await report(progress.finished.slice(progress.reported));
    progress.reported = progress.finished.length;

    const done = new Set(progress.finished.map((o) => o.deliveryId));
    const todo = job.recipients.filter((r) => !done.has(r.deliveryId));
    const render = noticeRenderer(job, deps.secretKey);
    let failures = 0;
    for (let i = 0; i < todo.length; i += NOTICES_AT_ONCE) {
      const { allowed, waitMs } = await takeTurns(deps, todo.slice(i, i + NOTICES_AT_ONCE));
      const outcomes = await Promise.all(allowed.map((recipient) => send(deps.mailer, render, recipient, ctx)));
      const final = outcomes.filter((o) => o.status !== 'failed');
      failures += outcomes.length - final.length;
      if (final.length) {
        progress.finished.push(...final);
        await ctx.saveProgress(progress);
      }
      await report(outcomes);
      progress.reported = progress.finished.length;
      if (waitMs > 0) throw new DeferJobError(waitMs + Math.floor(Math.random() * 50));
    }
    if (failures > 0) throw new Error(`${failures} of ${todo.length} notices failed; they will be retried`);
  };
}

function resumed(saved: unknown): NoticeProgress {
  const progress = saved as Partial<NoticeProgress> | undefined;
  return { finished: Array.isArray(progress?.finished) ? progress.finished : [], reported: typeof progress?.reported === 'number' ? progress.reported : 0 };
}

/** Under MAIL_RATE_PER_MINUTE (shared by every worker): the recipients that may go now, and how long the rest must wait. */
async function takeTurns(deps: NoticeDeps, group: NoticeRecipient[]): Promise<{ allowed: NoticeRecipient[]; waitMs: number }> {
  if (deps.ratePerMinute <= 0) return { allowed: group, waitMs: 0 };
  const allowed: NoticeRecipient[] = [];
  for (const recipient of group) {
    const waitMs = await deps.driver.rateLimiter.take('notices', deps.ratePerMinute);
    if (waitMs > 0) return { allowed, waitMs };
    allowed.push(recipient);
  }
  return { allowed, waitMs: 0 };
}

async function send(mailer: Mailer, render: ReturnType<typeof noticeRenderer>, recipient: NoticeRecipient, ctx: JobContext): Promise<DeliveryOutcome> {
  const base = { deliveryId: recipient.deliveryId, round: recipient.round, attempt: ctx.attempt };
  try {
    const { messageId } = await mailer.send(render(recipient));
    return { ...base, status: 'sent', at: new Date().toISOString(), remoteId: messageId };
  } catch (error) {
    const permanent = isPermanentMailError(error);
    const message = (error as Error).message;
    ctx.log.warn({ deliveryId: recipient.deliveryId, attempt: ctx.attempt, err: message }, permanent ? 'notice bounced' : 'notice failed');
    const status = permanent || ctx.attempt >= ctx.maxAttempts ? 'dead' : 'failed';
    return { ...base, status, at: new Date().toISOString(), error: message, ...(permanent ? { bounced: true } : {}) };
  }
}
