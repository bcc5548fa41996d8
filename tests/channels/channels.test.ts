import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../src/db/schema.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let t: TestApp;
let strict: TestApp;
let coordinator: Record<string, string>;
beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 202, body: { accepted: true } }));
  t = await startTestApp({ CHANNEL_ALLOW_HOSTS: '127.0.0.1' });
  strict = await startTestApp();
  coordinator = seedMember(t.app, 'coordinator').auth;
});
afterAll(async () => {
  await t.close();
  await strict.close();
  await receiver.close();
});

const create = (app: TestApp['app'], auth: Record<string, string>, payload: object) => app.inject({ method: 'POST', url: '/v1/channels', headers: auth, payload });

describe('partner channels', () => {
  it('stores secrets sealed and never returns them', async () => {
    const res = await create(t.app, coordinator, { kind: 'dingtalk_robot', name: 'Yangpu founders group', config: { key: 'ding-access-token-123', secret: 'SEC-super-secret-456' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'dingtalk_robot', ratePerMinute: 20, active: true, config: {}, secretsSet: ['secret', 'key'] });
    const list = await t.app.inject({ method: 'GET', url: '/v1/channels', headers: coordinator });
    for (const body of [res.body, list.body]) {
      expect(body).not.toContain('ding-access-token-123');
      expect(body).not.toContain('SEC-super-secret-456');
    }
    const row = t.app.db.select().from(channels).all().find((c) => c.id === res.json().id)!;
    expect(row.sealedSecrets).not.toContain('SEC-super-secret-456');
  });

  it('generates a webhook secret and shows it once', async () => {
    const res = await create(t.app, coordinator, { kind: 'webhook', name: 'Hub', config: { url: `${receiver.url}/hook` } });
    expect(res.json().generatedSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const list = await t.app.inject({ method: 'GET', url: '/v1/channels', headers: coordinator });
    expect(list.body).not.toContain(res.json().generatedSecret);
  });

  it.each([
    [{ kind: 'email', name: 'List', config: {} }, 'config.address'],
    [{ kind: 'webhook', name: 'Hook', config: { url: 'https://hooks.example/x', secret: 'plain' } }, 'config.secret'],
    [{ kind: 'wecom_robot', name: 'Bot', config: { key: 'k', address: 'a@example.org' } }, 'config.address'],
    [{ kind: 'wechat_official_account', name: 'OA', config: { appId: 'wx1', appSecret: 's', mode: 'publish' } }, 'config.thumbMediaId'],
  ])('refuses a config the kind cannot use, naming the field (%#)', async (payload, field) => {
    const res = await create(t.app, coordinator, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it.each(['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://192.168.0.8/hook', 'http://172.20.0.1/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest', 'http://localhost/hook'])(
    'refuses a webhook URL to a private or loopback address: %s',
    async (url) => {
      const admin = seedMember(strict.app, 'coordinator').auth;
      const res = await create(strict.app, admin, { kind: 'webhook', name: 'Internal', config: { url } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ field: 'config.url', detail: expect.stringMatching(/private or loopback|CHANNEL_ALLOW_HOSTS/) });
    },
  );

  it('lets only coordinators manage channels', async () => {
    const organizer = seedMember(t.app, 'organizer').auth;
    expect((await create(t.app, organizer, { kind: 'email', name: 'X', config: { address: 'x@example.org' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/channels', headers: organizer })).statusCode).toBe(403);
  });

  it('changes a channel, keeping the secrets not given', async () => {
    const created = (await create(t.app, coordinator, { kind: 'feishu_robot', name: 'Feishu', config: { key: 'hook-1', secret: 'feishu-sign-secret' } })).json();
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/channels/${created.id}`, headers: coordinator, payload: { topics: ['AI'], ratePerMinute: 10, config: { key: 'hook-2' } } });
    expect(res.json()).toMatchObject({ topics: ['ai'], ratePerMinute: 10, secretsSet: ['secret', 'key'] });
  });

  it('sends a test message and shows what the receiver answered', async () => {
    const created = (await create(t.app, coordinator, { kind: 'webhook', name: 'Test me', config: { url: `${receiver.url}/test-me` } })).json();
    const res = await t.app.inject({ method: 'POST', url: `/v1/channels/${created.id}/test`, headers: coordinator });
    expect(res.json()).toMatchObject({ ok: true, answer: { status: 202 } });
    expect(receiver.requests.find((r) => r.path === '/test-me')?.headers['webhook-signature']).toMatch(/^v1,/);

    const broken = (await create(t.app, coordinator, { kind: 'webhook', name: 'Nowhere', config: { url: 'http://127.0.0.1:9/nothing' } })).json();
    const failed = await t.app.inject({ method: 'POST', url: `/v1/channels/${broken.id}/test`, headers: coordinator });
    expect(failed.json()).toMatchObject({ ok: false, error: expect.stringContaining('Request failed') });
  });
});
