import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, channels } from '../../src/db/schema.js';
import { publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver, type Answer, type ReceivedRequest } from '../helpers/http-receiver.js';
import { startWorker } from '../helpers/node-processes.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { seedMember, startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/** Stands in for every platform and for a webhook receiver, answering success. */
function answer(request: ReceivedRequest): Answer {
  if (request.path === '/cgi-bin/stable_token') return { body: { access_token: 'ACCESS-1', expires_in: 7200 } };
  if (request.path === '/cgi-bin/freepublish/get') return { body: { publish_id: '1', publish_status: 0, article_detail: { count: 1, item: [{ idx: 1, article_url: 'https://mp.weixin.qq.com/s/published' }] } } };
  if (request.path === '/cgi-bin/draft/add') return { body: { media_id: 'MEDIA-1' } };
  if (request.path === '/cgi-bin/freepublish/submit') return { body: { errcode: 0, errmsg: 'ok', publish_id: 1 } };
  if (request.path.startsWith('/open-apis/')) return { body: { code: 0, msg: 'success', data: {} } };
  return { body: { errcode: 0, errmsg: 'ok' } };
}

const SECRETS = {
  wecomKey: 'wecom-key-0f3a9c',
  dingtalkKey: 'dingtalk-token-7b21e4',
  dingtalkSecret: 'SECdingtalk-5e8d0a',
  feishuKey: 'feishu-hook-9c4b17',
  feishuSecret: 'feishu-sign-2a6f3d',
  webhookSecret: 'whsec_ZmFrZS13ZWJob29rLXNlY3JldC0xMjM0NTY=',
  wechatAppSecret: 'wechat-app-secret-8e1c5b',
};

let platform: Awaited<ReturnType<typeof startReceiver>>;
/** Each path fails once (500) per test before it answers success, so failures get logged and reported too. */
const seen = new Set<string>();
beforeAll(async () => {
  platform = await startReceiver((request) => {
    if (!seen.has(request.path)) {
      seen.add(request.path);
      return { status: 500, body: { errcode: 500, errmsg: 'try later' } };
    }
    return answer(request);
  });
});
afterAll(() => platform.close());

/** The service pointed at the stand-in platforms, logging everything into `lines`. */
function startLoggedApp(lines: string[], extra: Record<string, string> = {}) {
  const base = platform.url;
  return startTestApp(
    { CHANNEL_ALLOW_HOSTS: '127.0.0.1', WECOM_BASE_URL: base, DINGTALK_BASE_URL: base, FEISHU_BASE_URL: base, WECHAT_BASE_URL: base, DELIVERY_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '20', ...extra },
    { logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } } },
  );
}

describe('secrets stay secret', () => {
  it('in every API answer and log line, with inline jobs', async () => {
    const logLines: string[] = [];
    const t = await startLoggedApp(logLines);
    try {
      await exercise(t, logLines);
    } finally {
      await t.close();
    }
  });

  it('in every API answer and log line of the service and of a worker process', async () => {
    await requireRedis();
    const prefix = uniquePrefix('secrets');
    const logLines: string[] = [];
    const env = { REDIS_URL, REDIS_PREFIX: prefix };
    const t = await startLoggedApp(logLines, env);
    const worker = await startWorker({ ...env, SECRET_KEY: TEST_SECRET, CHANNEL_ALLOW_HOSTS: '127.0.0.1', LOG_LEVEL: 'trace', WECOM_BASE_URL: platform.url, DINGTALK_BASE_URL: platform.url, FEISHU_BASE_URL: platform.url, WECHAT_BASE_URL: platform.url });
    try {
      await exercise(t, logLines, () => worker.output().split('\n'));
    } finally {
      await worker.stop();
      await t.close();
      await deletePrefix(prefix);
    }
  }, 60_000);
});

/** Creates channels of every kind and tokens, uses them, reads everything back; then looks for any secret. */
async function exercise(t: TestApp, logLines: string[], moreLogLines: () => string[] = () => []) {
  seen.clear();
  /** Every API answer the test saw, except the ones that show a new secret once by design. */
  const bodies: string[] = [];
  const coordinator = seedMember(t.app, 'coordinator');
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, record = true) => {
    const res = await t.app.inject({ method, url, headers: coordinator.auth, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 400) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    if (record) bodies.push(res.body);
    return res.json();
  };

  const created = [
    await call('POST', '/v1/channels', { kind: 'wecom_robot', name: 'WeCom', topics: ['secrets'], config: { key: SECRETS.wecomKey } }),
    await call('POST', '/v1/channels', { kind: 'dingtalk_robot', name: 'DingTalk', topics: ['secrets'], config: { key: SECRETS.dingtalkKey, secret: SECRETS.dingtalkSecret } }),
    await call('POST', '/v1/channels', { kind: 'feishu_robot', name: 'Feishu', topics: ['secrets'], config: { key: SECRETS.feishuKey, secret: SECRETS.feishuSecret } }),
    await call('POST', '/v1/channels', { kind: 'webhook', name: 'Hook', topics: ['secrets'], config: { url: `${platform.url}/hook`, secret: SECRETS.webhookSecret } }),
    await call('POST', '/v1/channels', { kind: 'wechat_official_account', name: 'OA', topics: ['secrets'], ratePerMinute: 600, config: { appId: 'wx-app', appSecret: SECRETS.wechatAppSecret, thumbMediaId: 'THUMB', mode: 'publish' } }),
  ];
  // A generated webhook secret is shown once, in its creation answer only.
  const generated = (await call('POST', '/v1/channels', { kind: 'webhook', name: 'Generated', topics: ['secrets'], config: { url: `${platform.url}/hook2` } }, false)).generatedSecret as string;
  expect(generated).toMatch(/^whsec_/);
  // So is a new API token.
  const extra = (await call('POST', '/v1/members/me/tokens', { name: 'laptop' }, false)).token as string;

  // Use them: a test message on each channel, and a published event fanned out to all.
  for (const channel of created) await call('POST', `/v1/channels/${channel.id}/test`);
  await call('PATCH', `/v1/channels/${created[1].id}`, { name: 'DingTalk (renamed)' });
  const { event, organizer } = await publishOnlineEvent(t.app, { title: 'Secrets night', topics: ['secrets'] });
  const announcementId = await waitFor(async () => {
    const list = await call('GET', `/v1/announcements?eventId=${event.id}`);
    return list.items[0]?.id as number | undefined;
  }, 'the announcement');
  await waitFor(async () => {
    const page = await call('GET', `/v1/announcements/${announcementId}/deliveries`);
    return page.items.length === 6 && page.items.every((d: { status: string }) => d.status === 'sent');
  }, 'deliveries sent, after a failure each', 20_000);
  await call('GET', '/v1/channels');
  await call('GET', '/v1/members/me');
  await call('GET', '/v1/members/me/tokens');
  await call('GET', `/v1/organizations/${coordinator.organization.id}/members`);
  bodies.push((await t.app.inject({ method: 'GET', url: '/v1/members/me', headers: organizer.auth })).body);
  bodies.push((await t.app.inject({ method: 'GET', url: '/docs/json' })).body);
  expect(platform.requests.length).toBeGreaterThan(10);

  const forbidden = [
    ...Object.values(SECRETS),
    generated,
    extra,
    coordinator.auth.authorization.replace(/^Bearer /, ''),
    ...t.app.db.select().from(apiTokens).all().map((row) => row.tokenHash),
    ...t.app.db.select().from(channels).all().flatMap((row) => (row.sealedSecrets ? [row.sealedSecrets] : [])),
  ];
  const lines = [...logLines, ...moreLogLines()];
  expect(lines.some((line) => line.includes('"level":40'))).toBe(true); // failures were logged
  expect(lines.length).toBeGreaterThan(20);
  for (const secret of forbidden) {
    for (const body of bodies) expect(body.includes(secret), `an API answer shows ${secret}`).toBe(false);
    for (const line of lines) expect(line.includes(secret), `a log line shows ${secret}: ${line}`).toBe(false);
  }
}
