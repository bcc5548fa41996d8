import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../helpers/http-receiver.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { settle } from '../helpers/settle.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A park's WeCom group hears of each new request for its venues and each withdrawal (issue #19),
 * in WeCom's markdown (POST /cgi-bin/webhook/send?key=…, {msgtype: "markdown", markdown: {content}}:
 * developer.work.weixin.qq.com/document/path/91770), with a link only the park's managers can use.
 */
let t: TestApp;
let wecom: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  wecom = await startReceiver(() => ({ body: { errcode: 0, errmsg: 'ok' } }));
  t = await startTestApp({ WECOM_BASE_URL: wecom.url, CHANNEL_ALLOW_HOSTS: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
  await wecom?.close();
});

const posts = () => wecom.requests.filter((r) => r.path === '/cgi-bin/webhook/send');
const HOSTILE = '**Launch** [click](http://evil.example) <@all> #1';

describe('a park’s group robot for booking requests', () => {
  it('posts each new request and each withdrawal, with a link that opens the request for the park’s managers only', async () => {
    const { venue, manager, park } = await seedVenue(t.app, { name: 'Innovation Hall' });
    const robot = { kind: 'wecom_robot', key: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=PARK-KEY-1' };
    const set = await t.app.inject({ method: 'PUT', url: `/v1/organizations/${park.id}/request-robot`, headers: manager.auth, payload: robot });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ organizationId: park.id, kind: 'wecom_robot', secretsSet: ['key'] });
    expect(set.body).not.toContain('PARK-KEY-1');

    const organizer = seedOrganizer(t.app);
    const booked = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(5, '14:00', '16:00'), purpose: HOSTILE });
    expect(booked.statusCode).toBe(201);
    const id = booked.json().id as number;
    await settle(t.app);
    const [post] = await waitFor(() => posts().length === 1 && posts(), 'the group post');
    expect(post!.query.get('key')).toBe('PARK-KEY-1');
    const content = (post!.json as { msgtype: string; markdown: { content: string } }).markdown.content;
    expect((post!.json as { msgtype: string }).msgtype).toBe('markdown');
    expect(content).toContain('### 新的场地申请');
    expect(content).toContain('Innovation Hall');
    expect(content).toMatch(/\*\*时间\*\*: \d+月\d+日 周. 14:00–16:00/);
    expect(content).toContain(organizer.organization.name);
    expect(content).toContain(`](http://chuanglian.test/park/inbox#b${id})`);
    // What the organizer typed is inert: no bold, no link, no mention.
    expect(content).not.toContain('**Launch**');
    expect(content).not.toContain('[click]');
    expect(content).not.toContain('<@all>');

    // The link: the inbox, after sign-in; the park's manager sees the request, another park's manager does not.
    const anonymous = await browser(t.app).get('/park/inbox');
    expect(anonymous.statusCode).toBe(303);
    expect(String(anonymous.headers.location)).toBe('/signin?next=%2Fpark%2Finbox');
    const own = await browser(t.app).as(manager.member.id).get('/park/inbox');
    expect(textOf(own)).toContain('Launch');
    expect(own.body).toContain(`id="b${id}"`);
    const other = await seedVenue(t.app, { name: 'Other Hall' });
    const elsewhere = await browser(t.app).as(other.manager.member.id).get('/park/inbox');
    expect(elsewhere.body).not.toContain('Launch');

    // Withdrawn by the organizer: the group hears of that too. The other park has no robot: nothing is posted for it.
    await requestBooking(t.app, organizer.auth, { venueId: other.venue.id, ...slot(6, '14:00', '16:00') });
    const cancelled = await t.app.inject({ method: 'POST', url: `/v1/bookings/${id}/cancel`, headers: organizer.auth, payload: { version: booked.json().version } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await settle(t.app);
    await waitFor(() => posts().length === 2, 'the withdrawal post');
    expect((posts()[1]!.json as { markdown: { content: string } }).markdown.content).toContain('### 场地申请已撤回');
    expect(posts()).toHaveLength(2);
  });

  it('is set by the park’s own managers and coordinators only, for parks and bases only', async () => {
    const { manager, park } = await seedVenue(t.app);
    const other = await seedVenue(t.app);
    const robot = { kind: 'dingtalk_robot', key: 'token-1', secret: 'SEC-signing-secret' };
    const put = (auth: Record<string, string>, orgId = park.id) => t.app.inject({ method: 'PUT', url: `/v1/organizations/${orgId}/request-robot`, headers: auth, payload: robot });
    expect((await put(other.manager.auth)).statusCode).toBe(403);
    expect((await put(seedOrganizer(t.app).auth)).statusCode).toBe(403);
    const coordinator = seedMember(t.app, 'coordinator');
    expect((await put(coordinator.auth)).statusCode).toBe(200);
    const incubator = seedOrganizer(t.app).organization.id;
    const refused = await put(coordinator.auth, incubator);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().rule).toBe('not-a-park');
    const read = await t.app.inject({ method: 'GET', url: `/v1/organizations/${park.id}/request-robot`, headers: manager.auth });
    expect(read.json().kind).toBe('dingtalk_robot');
    expect([...read.json().secretsSet].sort()).toEqual(['key', 'secret']);
    expect(read.body).not.toContain('SEC-signing-secret');
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/organizations/${park.id}/request-robot`, headers: manager.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/v1/organizations/${park.id}/request-robot`, headers: manager.auth })).json()).toBeNull();
  });
});

describe('the park manager’s page for it', () => {
  it('sets, shows and removes the park’s robot; a bad address comes back with the reason', async () => {
    const { manager } = await seedVenue(t.app);
    const b = browser(t.app).as(manager.member.id);
    const page = await b.get('/park/robot');
    expect(textOf(page)).toContain('No group robot yet.');
    const bad = await b.post('/park/robot', { kind: 'wecom_robot', key: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('Group robot for venue requests');
    const saved = await b.post('/park/robot', { kind: 'feishu_robot', key: 'https://open.feishu.cn/open-apis/bot/v2/hook/HOOK-9', secret: 'feishu-signing-secret' });
    expect(saved.statusCode).toBe(303);
    const shown = await b.follow(saved);
    expect(textOf(shown)).toContain('Requests are posted to a');
    expect(shown.body).not.toContain('HOOK-9');
    expect((await b.post('/park/robot/remove', {})).statusCode).toBe(303);
    expect(textOf(await b.get('/park/robot'))).toContain('No group robot yet.');
  });
});
