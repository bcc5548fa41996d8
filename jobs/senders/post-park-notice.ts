import type { Config } from '../../src/config/config.js';
import { DeliveryError } from '../../src/channels/adapters/adapter.js';
import { dingtalkPost, feishuPost, wecomPost, type RobotPost } from '../../src/channels/adapters/robots.js';
import { openSecrets } from '../../src/channels/channel-secrets.js';
import { jobIds, type ParkNoticeOutcomeJob, type PostParkNoticeJob } from '../../src/queue/catalogue.js';
import { DeferJobError, PermanentJobError, type Processor, type QueueDriver } from '../../src/queue/queue-driver.js';

/** Group robots take about 20 messages a minute (PLATFORMS.md): a park's robot gets no more. */
const ROBOT_PER_MINUTE = 20;

/** Posts a booking request's news to a park's group robot and reports the outcome. */
export function postParkNoticeProcessor(deps: { driver: QueueDriver; secretKey: string; config: Pick<Config, 'channelAllowHosts' | 'platformUrls'> }): Processor<PostParkNoticeJob> {
  const urls = deps.config.platformUrls;
  const allow = deps.config.channelAllowHosts;
  const posts: Record<PostParkNoticeJob['robot']['kind'], RobotPost> = {
    wecom_robot: wecomPost(urls.wecom, allow),
    dingtalk_robot: dingtalkPost(urls.dingtalk, allow),
    feishu_robot: feishuPost(urls.feishu, allow),
  };
  return async (job, ctx) => {
    const report = (outcome: Pick<ParkNoticeOutcomeJob, 'status' | 'error'>) => {
      const full: ParkNoticeOutcomeJob = { noticeId: job.noticeId, attempt: ctx.attempt, ...outcome };
      return deps.driver.add('results', 'park-notice-outcome', full, { jobId: jobIds.parkNoticeOutcome(ctx.jobId, full) });
    };
    const wait = await deps.driver.rateLimiter.take(`park-robot:${job.robot.id}`, ROBOT_PER_MINUTE);
    if (wait > 0) throw new DeferJobError(wait + Math.floor(Math.random() * 50));
    try {
      await posts[job.robot.kind](openSecrets(deps.secretKey, job.robot.sealedSecrets), job.note);
      await report({ status: 'sent' });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message);
      const final = failure.options.permanent || ctx.attempt >= ctx.maxAttempts;
      ctx.log.warn({ noticeId: job.noticeId, attempt: ctx.attempt, err: failure.message }, final ? 'park notice dead' : 'park notice failed; will retry');
      await report({ status: final ? 'dead' : 'failed', error: failure.message });
      if (failure.options.permanent) throw new PermanentJobError(failure.message);
      throw failure;
    }
  };
}
