import { openSecrets } from '../../src/channels/channel-secrets.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, deliveries, emails, members, organizations } from '../../src/db/schema.js';
import { publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // The receiver refuses announcements for good (400), so deliveries die and can be retried by hand.
  receiver = await startReceiver((request) => (request.path === '/refuse' ? { status: 400, body: { error: 'no' } } : { status: 200, body: { ok: true } }));
  t = await startTestApp({ CHANNEL_ALLOW_HOSTS: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

const coordinatorBrowser = () => browser(t.app).as(seedMember(t.app, 'coordinator').member.id);

describe('the coordinator’s pages', () => {
  it('admits an organization and its park manager, who gets a welcome mail', async () => {
    const b = coordinatorBrowser();
    await b.get('/office/organizations');
    const made = await b.post('/office/organizations', { name: 'Chuangzhi Tiandi Park', kind: 'park', contactEmail: 'office@ctd.example' });
    expect(made.statusCode).toBe(303);
    const org = t.app.db.select().from(organizations).where(eq(organizations.name, 'Chuangzhi Tiandi Park')).get()!;
    expect(made.headers.location).toBe(`/office/organizations/${org.id}`);
    const page = await b.get(made.headers.location as string);
    expect(page.body).toContain('<option value="park_manager" selected>');
    const added = await b.post(`/office/organizations/${org.id}/members`, { name: 'Wang Fang', email: 'Wang@CTD.example', role: 'park_manager', language: 'zh-CN' });
    expect(added.statusCode).toBe(303);
    expect(textOf(await b.get(added.headers.location as string))).toContain('Added wang@ctd.example');
    expect(t.app.db.select().from(members).where(eq(members.email, 'wang@ctd.example')).get()).toMatchObject({ role: 'park_manager', organizationId: org.id });
    expect(t.app.db.select().from(emails).where(eq(emails.toAddress, 'wang@ctd.example')).get()?.kind).toBe('welcome');

    const twice = await b.post(`/office/organizations/${org.id}/members`, { name: 'Wang Fang', email: 'wang@ctd.example', role: 'park_manager' });
    expect(twice.statusCode).toBe(409);
    const wrongRole = await b.post(`/office/organizations/${org.id}/members`, { name: 'Li Na', email: 'li@ctd.example', role: 'coordinator' });
    expect(wrongRole.statusCode).toBe(400);
    expect(textOf(wrongRole)).toContain('A coordinator must belong to');
  });

  it('adds a webhook channel, never shows its secret again, and sends a test from the page', async () => {
    const b = coordinatorBrowser();
    await b.get('/office/channels');
    const added = await b.post('/office/channels', { kind: 'webhook', name: 'Yangpu partners hook', topics: 'ai', url: `${receiver.url}/hook`, secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=' });
    expect(added.statusCode).toBe(303);
    const page = await b.get('/office/channels');
    expect(page.body).toContain('Yangpu partners hook');
    expect(textOf(page)).toContain('Webhook (signed) · ai'); // kinds by their names, not config keys
    expect((await b.get('/office/channels?lang=zh-CN')).body).toContain('<a href="/office/channels/new?kind=wecom_robot"><strong>企业微信群机器人</strong></a>');
    await b.get('/office/channels?lang=en'); // and back to English for the rest
    expect(page.body).not.toContain('whsec_c2VjcmV0');
    const channel = t.app.db.select().from(channels).where(eq(channels.name, 'Yangpu partners hook')).get()!;
    const before = receiver.requests.length;
    const tested = await b.follow(await b.post(`/office/channels/${channel.id}/test`));
    expect(tested.statusCode).toBe(200);
    expect(textOf(tested)).toContain('The test message was sent');
    expect(receiver.requests.length).toBe(before + 1);
    expect(receiver.requests.at(-1)!.path).toBe('/hook');

    const privateUrl = await b.post('/office/channels', { kind: 'webhook', name: 'Sneaky', url: 'http://10.0.0.1/hook' });
    expect(privateUrl.statusCode).toBe(400);
    expect(privateUrl.body).toContain('value="Sneaky"');
  });

  it('asks only for the fields a kind needs, in words, takes a robot’s whole address, and shows a made secret once', async () => {
    const b = coordinatorBrowser();
    await b.get('/office/channels');
    const form = await b.get('/office/channels/new?kind=wecom_robot');
    expect(form.statusCode).toBe(200);
    expect(textOf(form)).toContain('Robot webhook address');
    expect(textOf(form)).toContain('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=');
    for (const unused of ['appId', 'appSecret', 'thumbMediaId', 'url', 'address', 'secret']) expect(form.body).not.toContain(`name="${unused}"`);
    const key = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
    const added = await b.post('/office/channels', { kind: 'wecom_robot', name: 'Founders group', topics: 'robot-only', url: 'ignored', key: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` });
    expect(added.statusCode).toBe(303);
    expect(textOf(await b.follow(added))).toContain('Channel “Founders group” is added.');
    const robot = t.app.db.select().from(channels).where(eq(channels.name, 'Founders group')).get()!;
    expect(openSecrets(t.app.secretKey, robot.sealedSecrets).key).toBe(key); // the key, not the whole address

    const missing = await b.post('/office/channels?lang=zh-CN', { kind: 'wechat_official_account', name: 'Yangpu', appId: 'wx123' });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing)).toMatch(/微信公众号渠道需要填写“AppSecret（开发者密码）”|微信公众号渠道需要填写“封面图片 media_id”/);
    expect(missing.body).toContain('value="wx123"');
    await b.get('/office/channels?lang=en');

    const made = await b.post('/office/channels', { kind: 'webhook', name: 'Hook with a made secret', topics: 'made-only', url: `${receiver.url}/made` });
    expect(made.statusCode).toBe(200);
    const secret = /<code class="secret">(whsec_[^<]+)<\/code>/.exec(made.body)![1]!;
    expect(textOf(made)).toContain('shown only now');
    expect((await b.get('/office/channels')).body).not.toContain(secret);
    expect((await b.get('/office/channels/new')).statusCode).toBe(303); // no kind: back to the choice
  });

  it('shows announcements with their delivery counts and puts dead deliveries back in the queue', async () => {
    const b = coordinatorBrowser();
    await b.get('/office/channels');
    await b.post('/office/channels', { kind: 'webhook', name: 'Refusing hook', topics: 'retry-topic', url: `${receiver.url}/refuse` });
    await publishOnlineEvent(t.app, { title: 'Retry me', topics: ['retry-topic'] });
    const dead = await waitFor(() => t.app.db.select().from(deliveries).where(eq(deliveries.status, 'dead')).get(), 'a dead delivery');

    const list = await b.get('/office/announcements');
    expect(textOf(list)).toContain('Retry me');
    const detail = /href="(\/office\/announcements\/\d+)">1<\/a>/.exec(list.body)![1]!;
    const page = await b.get(detail);
    expect(textOf(page)).toContain('1 failed');
    expect(textOf(page)).toContain('Refusing hook');
    const retried = await b.follow(await b.post(`/office/deliveries/${dead.id}/retry`, { announcementId: detail.split('/').at(-1)! }));
    expect(retried.statusCode).toBe(200);
    expect(textOf(retried)).toContain('1 delivery queued again');
    const row = t.app.db.select().from(deliveries).where(eq(deliveries.id, dead.id)).get()!;
    expect(row.round).toBe(dead.round + 1);
    // It dies again (the receiver still refuses), visibly, in the same list.
    await waitFor(() => t.app.db.select().from(deliveries).where(eq(deliveries.id, dead.id)).get()!.status === 'dead' || undefined, 'the retry to die again');
    expect(textOf(await b.get(detail))).toContain('1 failed');
  });
});
