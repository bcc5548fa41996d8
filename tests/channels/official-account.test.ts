import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcasts, deliveries } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { settle } from '../helpers/settle.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWechatStandin } from '../helpers/wechat-standin.js';

/**
 * Reach through an Official Account as the platform works (issue #19), against a local stand-in
 * that follows WeChat's documentation (tests/helpers/wechat-standin.ts names the page of each rule).
 */
let t: TestApp;
let wechat: Awaited<ReturnType<typeof startWechatStandin>>;
let coordinator: ReturnType<typeof seedMember>;

/** 09:00 in Shanghai two days from now: the day's send (18:00) is ahead. */
const MORNING = DateTime.now().setZone('Asia/Shanghai').plus({ days: 2 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });

beforeAll(async () => {
  wechat = await startWechatStandin();
  testClock.set(MORNING.toMillis());
  t = await startTestApp({ WECHAT_BASE_URL: wechat.url, CHANNEL_ALLOW_HOSTS: wechat.host });
  coordinator = seedMember(t.app, 'coordinator');
});
afterAll(async () => {
  await t?.close();
  await wechat?.close();
  testClock.reset();
});

async function addAccount(config: Record<string, unknown>, topics: string[]) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/channels', headers: coordinator.auth, payload: { kind: 'wechat_official_account', name: 'Start up business in Wujiaochang', topics, config: { appId: wechat.account.appId, appSecret: wechat.account.appSecret, ...config } } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>();
}

const channelDeliveries = (channelId: number) => t.app.db.select().from(deliveries).where(eq(deliveries.targetId, channelId)).all().filter((d) => d.targetType === 'channel');

describe('an Official Account in broadcast mode', () => {
  it('sends the day’s events as one news message at sendAt; a later one waits, and a used quota moves it to the next day, not dead', async () => {
    const channel = await addAccount({ sendAt: '18:00' }, ['oa-broadcast']);
    const events = [];
    for (const [i, title] of ['AI founders salon', '硬件创业者之夜', 'Pitch clinic'].entries()) {
      events.push(await seedPublishedEvent(t.app, { title, topics: ['oa-broadcast'], language: 'zh-CN' }, { daysAhead: 10 + i }));
    }
    await settle(t.app);
    const waiting = (await t.app.inject({ method: 'GET', url: `/v1/channels/${channel.id}/broadcast`, headers: coordinator.auth })).json();
    expect(waiting.waiting.map((w: { title: string }) => w.title)).toEqual(['AI founders salon', '硬件创业者之夜', 'Pitch clinic']);
    expect(DateTime.fromISO(waiting.dueAt).setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm')).toBe(`${MORNING.toISODate()} 18:00`);
    expect(wechat.sends).toHaveLength(0);

    // 18:00: one mass-send to every follower, three articles, each with its own uploaded cover.
    testClock.advance(9 * 3_600_000 + 60_000);
    await settle(t.app);
    await waitFor(() => wechat.sends.length === 1 && channelDeliveries(channel.id).every((d) => d.status === 'sent'), 'the day’s broadcast');
    const [send] = wechat.sends;
    expect(send!.articles.map((a) => a.title)).toEqual(['AI founders salon', '硬件创业者之夜', 'Pitch clinic']);
    for (const article of send!.articles) {
      expect(String(article.thumb_media_id)).toMatch(/^MEDIA_\d+$/);
      expect(String(article.content)).toMatch(/<img src="http:\/\/mmbiz\.qpic\.cn\/mmbiz_png\/IMG_\d+\/0">/);
      expect(String(article.content_source_url)).toMatch(/\/events\/\d+$/);
    }
    expect(channelDeliveries(channel.id).map((d) => d.remoteId)).toEqual(['1001', '1001', '1001']);
    // The request shapes the documentation gives: stable_token's JSON, the multipart upload's field, sendall's body.
    expect(wechat.callsTo('/cgi-bin/stable_token')[0]!.json).toEqual({ grant_type: 'client_credential', appid: wechat.account.appId, secret: wechat.account.appSecret, force_refresh: false });
    const upload = wechat.callsTo('/cgi-bin/material/add_material')[0]!;
    expect(upload.query.get('type')).toBe('image');
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.file).toMatchObject({ field: 'media', name: 'cover.png', type: 'image/png' });
    expect(wechat.uploads).toHaveLength(3);
    expect(wechat.callsTo('/cgi-bin/message/mass/sendall')[0]!.json).toEqual({ filter: { is_to_all: true }, mpnews: { media_id: expect.stringMatching(/^DRAFT_/) }, msgtype: 'mpnews', send_ignore_reprint: 0 });

    // A fourth event after the day's send waits for tomorrow's; flushed now, the day's quota is used (45028): postponed, not dead.
    const fourth = (await seedPublishedEvent(t.app, { title: 'Demo day', topics: ['oa-broadcast'], language: 'zh-CN' }, { daysAhead: 14 })).event;
    await settle(t.app);
    const tomorrow = (await t.app.inject({ method: 'GET', url: `/v1/channels/${channel.id}/broadcast`, headers: coordinator.auth })).json();
    expect(tomorrow.waiting.map((w: { title: string }) => w.title)).toEqual(['Demo day']);
    expect(DateTime.fromISO(tomorrow.dueAt).setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm')).toBe(`${MORNING.plus({ days: 1 }).toISODate()} 18:00`);
    // The coordinator's channel page says what waits and when it goes.
    const page = await browser(t.app).as(coordinator.member.id).get('/office/channels');
    expect(textOf(page)).toContain(`Next send: ${MORNING.plus({ days: 1 }).toFormat('yyyy-MM-dd')} 18:00, 1 waiting`);
    expect(textOf(page)).toContain('Demo day');
    const flushed = await t.app.inject({ method: 'POST', url: `/v1/channels/${channel.id}/flush`, headers: coordinator.auth });
    expect(flushed.statusCode).toBe(202);
    await settle(t.app);
    const postponed = await waitFor(() => {
      const row = t.app.db.select().from(broadcasts).where(eq(broadcasts.channelId, channel.id)).all().find((b) => b.status === 'waiting');
      return row && row.postponed === 1 && row;
    }, 'the postponed broadcast');
    expect(postponed.lastError).toContain('45028');
    expect(DateTime.fromMillis(postponed.dueAt.getTime(), { zone: 'Asia/Shanghai' }).toFormat('HH:mm')).toBe('18:00');
    expect(channelDeliveries(channel.id).find((d) => d.status !== 'sent')).toMatchObject({ status: 'pending' });

    // Meanwhile an event already broadcast changes: tomorrow's send carries it as a short "changes" article.
    const first = events[0]!;
    const moved = DateTime.fromISO(first.event.start, { setZone: true }).plus({ hours: 1 });
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/events/${first.event.id}`, headers: first.organizer.auth, payload: { start: moved.toISO(), end: moved.plus({ hours: 2 }).toISO() } });
    expect(patched.statusCode, patched.body).toBe(200);
    // The change's notice reaches the account's waiting broadcast before the clock moves on.
    await settle(t.app);

    // Tomorrow at 18:00 (the platform invalidated the token meanwhile): refreshed once, sent, the cover not uploaded again.
    wechat.expireToken();
    testClock.set(postponed.dueAt.getTime() + 60_000);
    await settle(t.app);
    await waitFor(() => wechat.sends.length === 2, 'tomorrow’s broadcast');
    expect(wechat.sends[1]!.articles.map((a) => a.title)).toEqual(['Demo day', '活动变更']);
    expect(String(wechat.sends[1]!.articles[1]!.content)).toContain('AI founders salon');
    expect(wechat.callsTo('/cgi-bin/stable_token').at(-1)!.json).toMatchObject({ force_refresh: true });
    // 3 + Demo day's (uploaded once, at the postponed try) + the changes article's: no picture twice.
    expect(wechat.uploads).toHaveLength(5);
    expect(new Set(wechat.uploads.map((u) => u.bytes.toString('base64'))).size).toBe(5);
    await waitFor(() => channelDeliveries(channel.id).every((d) => d.status === 'sent'), 'every delivery sent');
    expect(fourth.id).toBeGreaterThan(0);
  });
});

describe('an Official Account in publish mode', () => {
  it('publishes a permalink per event and records the article URL once publishing is final', async () => {
    const channel = await addAccount({ mode: 'publish', thumbMediaId: 'MEDIA_DEFAULT_COVER' }, ['oa-publish']);
    await seedPublishedEvent(t.app, { title: 'Office hours', topics: ['oa-publish'] }, { daysAhead: 20 });
    await settle(t.app);
    const [delivery] = await waitFor(() => {
      const rows = channelDeliveries(channel.id);
      return rows.length === 1 && rows[0]!.status === 'sent' && rows;
    }, 'the published article');
    expect(delivery!.remoteId).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\/article-\d+$/);
    expect(wechat.callsTo('/cgi-bin/freepublish/get').length).toBeGreaterThanOrEqual(2); // publishing (1), then success (0)
  });

  it('refuses a publish channel without its cover, and a broadcast send time that is not HH:MM', async () => {
    for (const [config, field] of [[{ mode: 'publish' }, 'config.thumbMediaId'], [{ sendAt: '25:00' }, 'config.sendAt'], [{ timezone: 'Mars/Olympus' }, 'config.timezone']] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/channels', headers: coordinator.auth, payload: { kind: 'wechat_official_account', name: 'OA', config: { appId: 'wx1', appSecret: 's', ...config } } });
      expect(res.statusCode, JSON.stringify(config)).toBe(400);
      expect(res.json().field).toBe(field);
    }
  });
});
