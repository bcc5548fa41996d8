import { markupOf } from '../../http/html.js';
import { heading, toHtml } from '../../mail/templates/announcement.js';
import { DeliveryError, type ChannelAdapter } from './adapter.js';
import { callJson, httpFailure } from './http.js';

/** Access tokens expire after expires_in seconds; refresh a little earlier. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** errcodes meaning the access token is invalid or expired. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  media_id?: string;
  publish_id?: string | number;
}

/**
 * WeChat Official Account: an access token (cached until it expires), then draft/add with
 * the article and freepublish/submit; the publish_id is the delivery's remote id.
 */
export function wechatOfficialAccountAdapter(baseUrl: string, allowHosts: readonly string[]): ChannelAdapter {
  const tokens = new Map<string, { token: string; until: number }>();

  async function call(path: string, body: unknown, method: 'GET' | 'POST' = 'POST'): Promise<WechatAnswer> {
    const answer = await callJson(`${baseUrl}${path}`, body === undefined ? undefined : JSON.stringify(body), { allowHosts, method });
    if (answer.status < 200 || answer.status >= 300) throw httpFailure(answer);
    return (answer.json ?? {});
  }

  async function accessToken(appId: string, appSecret: string): Promise<string> {
    const cached = tokens.get(appId);
    if (cached && cached.until > Date.now()) return cached.token;
    const params = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret: appSecret });
    const json = await call(`/cgi-bin/token?${params.toString()}`, undefined, 'GET');
    if (!json.access_token) throw new DeliveryError(`WeChat token error ${json.errcode}: ${json.errmsg}`, { permanent: json.errcode === 40013 || json.errcode === 40125 });
    tokens.set(appId, { token: json.access_token, until: Date.now() + (json.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS });
    return json.access_token;
  }

  function check(json: WechatAnswer, step: string, appId: string): void {
    if (!json.errcode) return;
    if (TOKEN_ERRORS.has(json.errcode)) tokens.delete(appId);
    throw new DeliveryError(`WeChat ${step} error ${json.errcode}: ${json.errmsg}`);
  }

  return {
    async send(channel, message) {
      const { appId, thumbMediaId } = channel.settings;
      const appSecret = channel.secrets.appSecret;
      if (!appId || !appSecret || !thumbMediaId) throw new DeliveryError('The Official Account channel needs appId, appSecret and thumbMediaId.', { permanent: true });
      const token = await accessToken(appId, appSecret);
      const draft = await call(`/cgi-bin/draft/add?access_token=${encodeURIComponent(token)}`, {
        articles: [{ title: heading(message).slice(0, 64), digest: (message.summary ?? message.when).slice(0, 120), content: markupOf(toHtml(message)), content_source_url: message.url, thumb_media_id: thumbMediaId }],
      });
      check(draft, 'draft/add', appId);
      if (!draft.media_id) throw new DeliveryError('WeChat draft/add returned no media_id.');
      const published = await call(`/cgi-bin/freepublish/submit?access_token=${encodeURIComponent(token)}`, { media_id: draft.media_id });
      check(published, 'freepublish/submit', appId);
      return { remoteId: String(published.publish_id), answer: { mediaId: draft.media_id, publishId: published.publish_id } };
    },
  };
}
