import { markupOf } from '../../http/html.js';
import { heading, toHtml } from '../../mail/templates/announcement.js';
import { DeliveryError, type ChannelAdapter } from './adapter.js';
import { check, type WechatApi } from './wechat-api.js';
import { cutText, DIGEST_MAX, TITLE_MAX } from './wechat-article.js';

/** freepublish/get's publish_status (developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html). */
const PUBLISHING = 1;
const FAILED_STATUS: Record<number, string> = {
  2: 'the originality check failed',
  3: 'publishing failed',
  4: 'rejected by the platform’s review',
  5: 'every article was deleted after publishing',
  6: 'every article was blocked after publishing',
};
/** Waits between polls of a publish within one try; still publishing after them, the job is retried later (and polls again, never submits twice). */
const POLL_WAITS_MS = [1_000, 2_000, 4_000];


interface Progress {
  publishId?: string;
}

/**
 * An Official Account in `publish` mode: a permalink, not a push — free publishing does not reach
 * followers' message lists (broadcast mode does, see jobs/senders/broadcast-to-account.ts). The
 * article is a draft (draft/add, the channel's cover as thumb_media_id), submitted with
 * freepublish/submit, then polled with freepublish/get until publish_status is final: 0 records
 * the article's URL as the delivery's remote id, 2–6 are dead with the platform's reason.
 */
export function wechatOfficialAccountAdapter(api: WechatApi): ChannelAdapter {
  return {
    async send(channel, message, ctx) {
      const account = { appId: channel.settings.appId ?? '', appSecret: channel.secrets.appSecret ?? '' };
      const cover = channel.settings.thumbMediaId;
      if (!account.appId || !account.appSecret || !cover) throw new DeliveryError('A publishing Official Account channel needs appId, appSecret and thumbMediaId (its cover).', { permanent: true });
      const progress = (ctx.progress ?? {}) as Progress;
      if (!progress.publishId) {
        const draft = await api.call(account, '/cgi-bin/draft/add', {
          articles: [{ title: cutText(heading(message), TITLE_MAX), digest: cutText(message.summary ?? message.when, DIGEST_MAX), content: markupOf(toHtml(message)), content_source_url: message.url, thumb_media_id: cover }],
        });
        check(draft, 'draft/add');
        if (!draft.media_id) throw new DeliveryError('WeChat draft/add returned no media_id.');
        const submitted = await api.call(account, '/cgi-bin/freepublish/submit', { media_id: draft.media_id });
        check(submitted, 'freepublish/submit');
        progress.publishId = String(submitted.publish_id);
        await ctx.saveProgress?.(progress);
      }
      for (const wait of [0, ...POLL_WAITS_MS]) {
        if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
        // A poll that fails for a passing reason is asked again at the next wait: the publish goes on regardless.
        const state = await api.call(account, '/cgi-bin/freepublish/get', { publish_id: progress.publishId }).catch((error: unknown) => {
          if (error instanceof DeliveryError && !error.options.permanent) return undefined;
          throw error;
        });
        if (!state) continue;
        check(state, 'freepublish/get');
        if (state.publish_status === 0) {
          const url = state.article_detail?.item?.[0]?.article_url;
          return { remoteId: url ?? progress.publishId, answer: { publishId: progress.publishId, articleUrl: url } };
        }
        if (state.publish_status !== PUBLISHING) {
          const reason = FAILED_STATUS[state.publish_status ?? 3] ?? `publish_status ${state.publish_status}`;
          throw new DeliveryError(`WeChat publish ${progress.publishId}: ${reason}${state.fail_idx?.length ? ` (articles ${state.fail_idx.join(', ')})` : ''}`, { permanent: true });
        }
      }
      throw new DeliveryError(`WeChat publish ${progress.publishId} is still in progress; asking again later.`);
    },
  };
}
