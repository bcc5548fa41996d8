import crypto from 'node:crypto';
import type { SharedMemo } from '../../queue/shared-memo.js';
import { DeliveryError } from './adapter.js';
import { callJson, httpFailure } from './http.js';

/** What the WeChat API answers: errcode 0 (or none) means success. */
export interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  media_id?: string;
  url?: string;
  msg_id?: number | string;
  publish_id?: string | number;
  publish_status?: number;
  article_detail?: { count?: number; item?: Array<{ idx: number; article_url: string }> };
  fail_idx?: number[];
}

/** errcodes meaning the access token is invalid or expired: refresh it and try once more (PLATFORMS.md). */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** A wrong AppID or AppSecret: no retry helps until someone fixes the channel. */
const CREDENTIAL_ERRORS = new Set([40013, 40125, 40164]);
/** Refresh a little before the platform's own expiry. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export interface Account {
  appId: string;
  appSecret: string;
}

/**
 * The WeChat Official Account API as the senders use it. Access tokens come from
 * `cgi-bin/stable_token` (developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken):
 * in normal mode every worker gets the same token until it expires, so several workers do not
 * invalidate each other's (as `cgi-bin/token` would); a token error forces one refresh and one retry.
 */
export function wechatApi(baseUrl: string, allowHosts: readonly string[], memo: SharedMemo) {
  const tokens = new Map<string, { token: string; until: number }>();

  async function post(path: string, body: string | FormData): Promise<WechatAnswer> {
    const answer = await callJson(`${baseUrl}${path}`, body, { allowHosts });
    if (answer.status < 200 || answer.status >= 300) throw httpFailure(answer);
    const json: WechatAnswer = answer.json ?? {};
    return json;
  }

  async function token(account: Account, forceRefresh = false): Promise<string> {
    const cached = tokens.get(account.appId);
    if (!forceRefresh && cached && cached.until > Date.now()) return cached.token;
    const json = await post('/cgi-bin/stable_token', JSON.stringify({ grant_type: 'client_credential', appid: account.appId, secret: account.appSecret, force_refresh: forceRefresh }));
    if (!json.access_token) throw new DeliveryError(`WeChat stable_token error ${json.errcode}: ${json.errmsg}`, { permanent: CREDENTIAL_ERRORS.has(json.errcode ?? 0) });
    tokens.set(account.appId, { token: json.access_token, until: Date.now() + (json.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS });
    return json.access_token;
  }

  /** Calls `path` with the account's token (a JSON body, or a form made fresh for each try); retries once with a new token on a token error. */
  async function call(account: Account, path: string, body: Record<string, unknown> | (() => FormData)): Promise<WechatAnswer> {
    const send = async (force: boolean) => {
      const access = encodeURIComponent(await token(account, force));
      const url = `${path}${path.includes('?') ? '&' : '?'}access_token=${access}`;
      const payload: string | FormData = typeof body === 'function' ? body() : JSON.stringify(body);
      return post(url, payload);
    };
    const first = await send(false);
    if (!TOKEN_ERRORS.has(first.errcode ?? 0)) return first;
    tokens.delete(account.appId);
    return send(true);
  }

  /** A picture as a multipart form, in the field `media` (the material pages name it so). */
  const pictureForm = (png: Buffer) => () => {
    const form = new FormData();
    form.append('media', new Blob([png], { type: 'image/png' }), 'cover.png');
    return form;
  };

  /** Uploads a picture once per account (remembered by its hash); `kind` says which upload and what it returns. */
  async function uploadOnce(account: Account, png: Buffer, kind: 'material' | 'uploadimg'): Promise<string> {
    const key = `wechat:${account.appId}:${kind}:${crypto.createHash('sha256').update(png).digest('hex')}`;
    const known = await memo.get(key);
    if (known) return known;
    // Permanent image material (material/add_material?type=image → media_id) is what a news article's
    // cover must be; a picture inside the article's body goes through media/uploadimg (→ url), as
    // WeChat strips external image addresses from content.
    // developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
    const json = await call(account, kind === 'material' ? '/cgi-bin/material/add_material?type=image' : '/cgi-bin/media/uploadimg', pictureForm(png));
    check(json, kind === 'material' ? 'material/add_material' : 'media/uploadimg');
    const value = kind === 'material' ? json.media_id : json.url;
    if (!value) throw new DeliveryError(`WeChat ${kind} returned no ${kind === 'material' ? 'media_id' : 'url'}.`);
    await memo.set(key, value);
    return value;
  }

  /** Forgets the uploads of these pictures (a draft refused one: deleted from the account meanwhile). */
  async function forget(account: Account, pngs: Buffer[]): Promise<void> {
    for (const png of pngs) {
      const hash = crypto.createHash('sha256').update(png).digest('hex');
      await memo.delete(`wechat:${account.appId}:material:${hash}`);
      await memo.delete(`wechat:${account.appId}:uploadimg:${hash}`);
    }
  }

  /** Whether the AppID and AppSecret work: a token comes back (for the channel's test button; nothing is sent to followers). */
  async function checkAccount(account: Account): Promise<void> {
    await token(account);
  }

  return { call, uploadOnce, forget, checkAccount };
}

export type WechatApi = ReturnType<typeof wechatApi>;

/** Throws a classified DeliveryError for a non-zero errcode. */
export function check(json: WechatAnswer, step: string): void {
  if (!json.errcode) return;
  throw new DeliveryError(`WeChat ${step} error ${json.errcode}: ${json.errmsg ?? ''}`.trim(), { permanent: CREDENTIAL_ERRORS.has(json.errcode) });
}
