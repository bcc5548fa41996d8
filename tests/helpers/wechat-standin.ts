import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { nowMs } from '../../src/time/clock.js';

/**
 * A local WeChat Official Account API that behaves like the real one where the product depends
 * on it. Each rule names the documentation page it follows:
 * - tokens from POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}; normal mode
 *   keeps the token, force_refresh makes a new one; a stale token answers 40001
 *   (developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken);
 * - material/add_material?type=image and media/uploadimg take a multipart form with the file in
 *   the field `media` (developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html);
 * - draft/add takes 1–8 articles, each with title, content and a thumb_media_id that must be a
 *   permanent material of this account, else errcode 40007; external images are not allowed in content
 *   (developers.weixin.qq.com/doc/subscription/en/api/draftbox/draftmanage/api_draft_add);
 * - message/mass/sendall to all: once a day (a subscription account), then errcode 45028
 *   (developers.weixin.qq.com/doc/service/api/notify/message/api_sendall);
 * - freepublish/submit → publish_id; freepublish/get answers publish_status 1 once, then 0 with
 *   the article's URL (developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html).
 */
export interface StandinCall {
  path: string;
  query: URLSearchParams;
  contentType: string;
  json?: Record<string, unknown>;
  /** A multipart upload: its file field, as received. */
  file?: { field: string; name: string; type: string; bytes: Buffer };
}

export async function startWechatStandin(account = { appId: 'wx_alliance', appSecret: 'secret-of-the-account' }) {
  const calls: StandinCall[] = [];
  let token = 'token-1';
  let tokens = 1;
  const materials = new Set<string>(['MEDIA_DEFAULT_COVER']);
  const drafts = new Map<string, Array<Record<string, unknown>>>();
  const sends: Array<{ mediaId: string; articles: Array<Record<string, unknown>>; day: string }> = [];
  const publishes = new Map<string, number>();
  /** Permanent materials made, with the picture each holds. */
  const uploads: Array<{ mediaId: string; bytes: Buffer }> = [];
  let next = 1;
  const shanghaiDay = () => DateTime.fromMillis(nowMs(), { zone: 'Asia/Shanghai' }).toISODate()!;

  async function answer(call: StandinCall): Promise<Record<string, unknown>> {
    if (call.path === '/cgi-bin/stable_token') {
      const body = call.json ?? {};
      if (body.grant_type !== 'client_credential' || body.appid !== account.appId || body.secret !== account.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
      if (body.force_refresh === true) token = `token-${(tokens += 1)}`;
      return { access_token: token, expires_in: 7200 };
    }
    if (call.query.get('access_token') !== token) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    switch (call.path) {
      case '/cgi-bin/material/add_material': {
        if (call.query.get('type') !== 'image' || call.file?.field !== 'media' || call.file.type !== 'image/png' || !call.file.bytes.subarray(1, 4).equals(Buffer.from('PNG'))) return { errcode: 40004, errmsg: 'invalid media type' };
        const id = `MEDIA_${next++}`;
        materials.add(id);
        uploads.push({ mediaId: id, bytes: call.file.bytes });
        return { media_id: id, url: `http://mmbiz.qpic.cn/material/${id}` };
      }
      case '/cgi-bin/media/uploadimg':
        if (call.file?.field !== 'media') return { errcode: 40004, errmsg: 'invalid media type' };
        return { url: `http://mmbiz.qpic.cn/mmbiz_png/IMG_${next++}/0` };
      case '/cgi-bin/draft/add': {
        const articles = (call.json?.articles ?? []) as Array<Record<string, string | number | undefined>>;
        if (articles.length < 1 || articles.length > 8) return { errcode: 45008, errmsg: 'article size out of limit' };
        for (const a of articles) {
          if (!a.title || !a.content) return { errcode: 44004, errmsg: 'empty content' };
          if (!materials.has(String(a.thumb_media_id))) return { errcode: 40007, errmsg: 'invalid media_id' };
          if (/<img[^>]+src="(?!http:\/\/mmbiz\.qpic\.cn\/)/.test(String(a.content))) return { errcode: 45166, errmsg: 'invalid content: external image' };
        }
        const id = `DRAFT_${next++}`;
        drafts.set(id, articles);
        return { media_id: id };
      }
      case '/cgi-bin/message/mass/sendall': {
        const body = call.json ?? {};
        const mediaId = String((body.mpnews as { media_id?: string } | undefined)?.media_id);
        if ((body.filter as { is_to_all?: boolean } | undefined)?.is_to_all !== true || body.msgtype !== 'mpnews' || !drafts.has(mediaId)) return { errcode: 40007, errmsg: 'invalid media_id' };
        if (sends.some((send) => send.day === shanghaiDay())) return { errcode: 45028, errmsg: 'has no masssend quota' };
        sends.push({ mediaId, articles: drafts.get(mediaId)!, day: shanghaiDay() });
        return { errcode: 0, errmsg: 'send job submission success', msg_id: 1000 + sends.length, msg_data_id: 2000 + sends.length };
      }
      case '/cgi-bin/freepublish/submit': {
        if (!drafts.has(String(call.json?.media_id))) return { errcode: 40007, errmsg: 'invalid media_id' };
        const id = String(next++);
        publishes.set(id, 0);
        return { errcode: 0, errmsg: 'ok', publish_id: id };
      }
      case '/cgi-bin/freepublish/get': {
        const id = String(call.json?.publish_id);
        if (!publishes.has(id)) return { errcode: 53600, errmsg: 'invalid publish_id' };
        const polls = publishes.get(id)! + 1;
        publishes.set(id, polls);
        if (polls === 1) return { publish_id: id, publish_status: 1, fail_idx: [] };
        return { publish_id: id, publish_status: 0, article_id: `ART_${id}`, article_detail: { count: 1, item: [{ idx: 1, article_url: `https://mp.weixin.qq.com/s/article-${id}` }] }, fail_idx: [] };
      }
      default:
        return { errcode: 40066, errmsg: 'invalid url' };
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://standin');
        const body = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        const call: StandinCall = { path: url.pathname, query: url.searchParams, contentType };
        if (contentType.startsWith('multipart/form-data')) {
          const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
          for (const [field, value] of form) {
            if (typeof value !== 'string') call.file = { field, name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
          }
        } else if (body.length) {
          call.json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        }
        calls.push(call);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(await answer(call)));
      })();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    account,
    calls,
    sends,
    uploads,
    /** The platform invalidates the token (another system forced a refresh): the next call answers 40001. */
    expireToken() {
      token = `token-${(tokens += 1)}`;
    },
    callsTo: (path: string) => calls.filter((call) => call.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
