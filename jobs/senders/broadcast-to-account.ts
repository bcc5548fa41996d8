import { openSecrets } from '../../src/channels/channel-secrets.js';
import { DeliveryError } from '../../src/channels/adapters/adapter.js';
import { check, type WechatApi } from '../../src/channels/adapters/wechat-api.js';
import { withPicture } from '../../src/channels/adapters/wechat-article.js';
import { jobIds, type BroadcastOutcomeJob, type BroadcastToAccountJob } from '../../src/queue/catalogue.js';
import { PermanentJobError, type Processor, type QueueDriver } from '../../src/queue/queue-driver.js';

/** The mass-send quota of the day is used (a subscription account: one send to all a day). */
const NO_QUOTA = 45028;
/** draft/add: a thumb_media_id the account does not hold (deleted since it was uploaded). */
const INVALID_MEDIA = 40007;

interface Progress {
  /** The draft made for this send, so a retry does not make another. */
  mediaId?: string;
  /** The mass-send done, so a retry only reports it. */
  msgId?: string;
}

/**
 * A day's mass-send to every follower of an Official Account, as the platform asks: each
 * article's cover uploaded as permanent image material and its body picture with uploadimg (each
 * once, remembered by its hash), one draft of up to 8 articles (draft/add), then
 * message/mass/sendall to all (developers.weixin.qq.com/doc/service/api/notify/message/api_sendall).
 * Errcode 45028 (the day's quota used) postpones the send to the next day's time; it is not a failure.
 */
export function broadcastToAccountProcessor(deps: { api: WechatApi; driver: QueueDriver; secretKey: string }): Processor<BroadcastToAccountJob> {
  return async (job, ctx) => {
    const report = (outcome: Pick<BroadcastOutcomeJob, 'status' | 'remoteId' | 'error'>) => {
      const full: BroadcastOutcomeJob = { broadcastId: job.broadcastId, dueAt: job.dueAt, attempt: ctx.attempt, deliveries: job.deliveries, ...outcome };
      return deps.driver.add('results', 'broadcast-outcome', full, { jobId: jobIds.broadcastOutcome(ctx.jobId, full) });
    };
    const progress = (ctx.progress ?? {}) as Progress;
    const log = { broadcastId: job.broadcastId, channelId: job.channel.id, attempt: ctx.attempt };
    try {
      if (!progress.msgId) {
        const secrets = openSecrets(deps.secretKey, job.channel.sealedSecrets);
        const account = { appId: job.channel.settings.appId ?? '', appSecret: secrets.appSecret ?? '' };
        if (!account.appId || !account.appSecret) throw new DeliveryError('The Official Account channel needs appId and appSecret.', { permanent: true });
        if (!progress.mediaId) progress.mediaId = await makeDraft(deps.api, account, job);
        await ctx.saveProgress(progress);
        const sent = await deps.api.call(account, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, mpnews: { media_id: progress.mediaId }, msgtype: 'mpnews', send_ignore_reprint: 0 });
        if (sent.errcode === NO_QUOTA) {
          ctx.log.info(log, 'broadcast postponed: the day’s mass-send quota is used');
          await report({ status: 'postponed', error: `WeChat sendall ${NO_QUOTA}: ${sent.errmsg ?? 'no mass-send quota left today'}` });
          return;
        }
        check(sent, 'message/mass/sendall');
        progress.msgId = String(sent.msg_id ?? '');
        await ctx.saveProgress(progress);
      }
      ctx.log.info({ ...log, msgId: progress.msgId }, 'broadcast sent');
      await report({ status: 'sent', remoteId: progress.msgId });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message);
      const final = failure.options.permanent || ctx.attempt >= ctx.maxAttempts;
      ctx.log.warn({ ...log, err: failure.message }, final ? 'broadcast dead' : 'broadcast failed; will retry');
      await report({ status: final ? 'dead' : 'failed', error: failure.message });
      if (failure.options.permanent) throw new PermanentJobError(failure.message);
      throw failure;
    }
  };
}

/** Uploads the pictures (once each) and makes the draft; returns its media_id. */
async function makeDraft(api: WechatApi, account: { appId: string; appSecret: string }, job: BroadcastToAccountJob): Promise<string> {
  const pictures = job.articles.map((a) => Buffer.from(a.coverPng, 'base64'));
  const articles = [];
  for (const [i, a] of job.articles.entries()) {
    const thumb = await api.uploadOnce(account, pictures[i]!, 'material');
    const inBody = await api.uploadOnce(account, pictures[i]!, 'uploadimg');
    articles.push({ title: a.title, digest: a.digest, content: withPicture(a.content, inBody), content_source_url: a.url, thumb_media_id: thumb, need_open_comment: 0, only_fans_can_comment: 0 });
  }
  const draft = await api.call(account, '/cgi-bin/draft/add', { articles });
  if (draft.errcode === INVALID_MEDIA) {
    // A cover the account no longer holds: forget what we remembered, and the retry uploads again.
    await api.forget(account, pictures);
    throw new DeliveryError(`WeChat draft/add error ${INVALID_MEDIA}: ${draft.errmsg ?? 'invalid media_id'} (the covers are uploaded again on the next try)`);
  }
  check(draft, 'draft/add');
  if (!draft.media_id) throw new DeliveryError('WeChat draft/add returned no media_id.');
  return draft.media_id;
}
