import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel, deliveriesOf, publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver, type Answer, type ReceivedRequest } from '../helpers/http-receiver.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/** One local receiver stands in for all four platforms, answering the way each documents. */
let platform: Awaited<ReturnType<typeof startReceiver>>;
let wecomCode = 0;
function platformAnswer(request: ReceivedRequest): Answer {
  if (request.path === '/cgi-bin/webhook/send') return { body: { errcode: wecomCode, errmsg: wecomCode ? 'invalid webhook url' : 'ok' } };
  if (request.path === '/robot/send') return { body: { errcode: 0, errmsg: 'ok' } };
  if (request.path.startsWith('/open-apis/bot/v2/hook/')) return { body: { code: 0, msg: 'success', data: {} } };
  if (request.path === '/cgi-bin/stable_token') return { body: { access_token: 'ACCESS-1', expires_in: 7200 } };
  if (request.path === '/cgi-bin/freepublish/get') return { body: { publish_id: '1', publish_status: 0, article_detail: { count: 1, item: [{ idx: 1, article_url: 'https://mp.weixin.qq.com/s/published' }] } } };
  if (request.path === '/cgi-bin/draft/add') return { body: { media_id: 'MEDIA-1' } };
  if (request.path === '/cgi-bin/freepublish/submit') return { body: { errcode: 0, errmsg: 'ok', publish_id: 2247483647 } };
  return { status: 404 };
}

let t: TestApp;
beforeAll(async () => {
  platform = await startReceiver(platformAnswer);
  t = await startTestApp({
    CHANNEL_ALLOW_HOSTS: '127.0.0.1',
    DELIVERY_ATTEMPTS: '2',
    DELIVERY_BACKOFF_MS: '50',
    WECOM_BASE_URL: platform.url,
    DINGTALK_BASE_URL: platform.url,
    FEISHU_BASE_URL: platform.url,
    WECHAT_BASE_URL: platform.url,
  });
});
afterAll(async () => {
  await t.close();
  await platform.close();
});

async function deliverOne(topic: string) {
  const { event, organizer } = await publishOnlineEvent(t.app, { title: `Demo day ${topic}`, topics: [topic], summary: 'Ten teams pitch.' });
  return waitFor(async () => {
    const rows = await deliveriesOf(t.app, event.id, organizer.auth);
    return rows.length > 0 && rows.every((r) => r.status !== 'pending') && rows;
  }, 'delivered');
}

const hmac = (key: string, text: string) => crypto.createHmac('sha256', key).update(text).digest('base64');

describe('group robots and the Official Account, in their own wire formats', () => {
  it('WeCom: markdown to /cgi-bin/webhook/send with the key; errcode ≠ 0 is a failure', async () => {
    await addChannel(t.app, { kind: 'wecom_robot', ratePerMinute: 600, topics: ['wecom'], config: { key: 'wecom-key-1' } });
    const [row] = await deliverOne('wecom');
    expect(row!.status).toBe('sent');
    const request = platform.requests.findLast((r) => r.path === '/cgi-bin/webhook/send')!;
    expect(request.query.get('key')).toBe('wecom-key-1');
    expect(request.json).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('Demo day wecom') } });

    wecomCode = 93000;
    const [failed] = await deliverOne('wecom');
    expect(failed).toMatchObject({ status: 'dead', attempts: 2, lastError: 'WeCom error 93000: invalid webhook url' });
    wecomCode = 0;
  });

  it('DingTalk: markdown with timestamp and HMAC-SHA256 sign over "timestamp\\nsecret"', async () => {
    await addChannel(t.app, { kind: 'dingtalk_robot', ratePerMinute: 600, topics: ['dingtalk'], config: { key: 'ding-token', secret: 'SECdingsecret' } });
    expect((await deliverOne('dingtalk'))[0]!.status).toBe('sent');
    const request = platform.requests.findLast((r) => r.path === '/robot/send')!;
    const timestamp = request.query.get('timestamp')!;
    expect(request.query.get('access_token')).toBe('ding-token');
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    expect(request.query.get('sign')).toBe(hmac('SECdingsecret', `${timestamp}\nSECdingsecret`));
    expect(request.json).toMatchObject({ msgtype: 'markdown', markdown: { title: 'New event: Demo day dingtalk', text: expect.stringContaining('Ten teams pitch.') } });
  });

  it('Feishu: an interactive card with timestamp and sign keyed by "timestamp\\nsecret"', async () => {
    await addChannel(t.app, { kind: 'feishu_robot', ratePerMinute: 600, topics: ['feishu'], config: { key: 'hook-abc', secret: 'feishu-secret' } });
    expect((await deliverOne('feishu'))[0]!.status).toBe('sent');
    const request = platform.requests.findLast((r) => r.path === '/open-apis/bot/v2/hook/hook-abc')!;
    const body = request.json as { timestamp: string; sign: string; msg_type: string; card: { elements: Array<{ tag: string; content: string }> } };
    expect(body.sign).toBe(crypto.createHmac('sha256', `${body.timestamp}\nfeishu-secret`).update('').digest('base64'));
    expect(body.msg_type).toBe('interactive');
    expect(body.card.elements[0]).toMatchObject({ tag: 'markdown', content: expect.stringContaining('Demo day feishu') });
  });

  it('WeChat Official Account (publish mode): a stable token once, draft/add, freepublish/submit, then freepublish/get; the article URL is recorded', async () => {
    await addChannel(t.app, { kind: 'wechat_official_account', ratePerMinute: 600, topics: ['wechat'], config: { appId: 'wx123', appSecret: 'oa-secret', thumbMediaId: 'THUMB-1', mode: 'publish' } });
    const [first] = await deliverOne('wechat');
    expect(first).toMatchObject({ status: 'sent', remoteId: 'https://mp.weixin.qq.com/s/published' });
    await deliverOne('wechat');

    const tokenCalls = platform.requests.filter((r) => r.path === '/cgi-bin/stable_token');
    expect(tokenCalls).toHaveLength(1); // cached until it expires
    expect(tokenCalls[0]!.json).toEqual({ grant_type: 'client_credential', appid: 'wx123', secret: 'oa-secret', force_refresh: false });
    const draft = platform.requests.find((r) => r.path === '/cgi-bin/draft/add')!;
    expect(draft.query.get('access_token')).toBe('ACCESS-1');
    expect(draft.json).toMatchObject({ articles: [{ title: 'New event: Demo day wechat', thumb_media_id: 'THUMB-1', content: expect.stringContaining('<p>') }] });
    const submit = platform.requests.find((r) => r.path === '/cgi-bin/freepublish/submit')!;
    expect(submit.json).toEqual({ media_id: 'MEDIA-1' });
    expect(platform.requests.find((r) => r.path === '/cgi-bin/freepublish/get')!.json).toEqual({ publish_id: '2247483647' });
  });
});
