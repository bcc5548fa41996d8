import fs from 'node:fs';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcements } from '../../src/db/schema.js';
import { startSession } from '../../src/web/web-session.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { freePort, launchChromium } from '../helpers/chromium.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestBooking } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Every page as people meet it on a 390 px phone, in Chinese and in English, in headless
 * Chromium: nothing wider than the screen (no sideways scrolling), and a screenshot of each in
 * test-output/phone/ for review.
 */
const SHOTS = path.resolve('test-output/phone');

let t: TestApp;
let base = '';
let browser: Browser;
let pages: Array<{ name: string; url: string; as: 'anonymous' | 'organizer' | 'manager' | 'coordinator' }> = [];
const sessions: Record<string, string> = {};

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp({ PUBLIC_URL: base });
  const app = t.app;
  // Long names, as real ones are: the layout has to wrap them, not widen the page.
  const { event, venue, organizer, manager, booking } = await seedPublishedEvent(
    app,
    { title: '人工智能与硬件创业者周末路演暨投融资对接会（第十二期）', summary: '面向早期团队的路演与点评' },
    { venue: { name: '创智天地科技园区三号楼一层多功能路演厅', address: '上海市杨浦区淞沪路 100 号' } },
  );
  const coordinator = seedMember(app, 'coordinator');
  // A pending request for the inbox, overlapping the approved booking (the conflict line shows).
  await requestBooking(app, organizer.auth, { venueId: venue.id, start: booking.start, end: booking.end, purpose: '硬件创业沙龙（与已批准的活动时间冲突）' });
  await registerFor(app, event.id, '张三丰', 'zhang@example.org');
  const announcement = await waitFor(() => app.db.select().from(announcements).get(), 'the announcement');
  sessions.organizer = startSession(app.db, organizer.member.id);
  sessions.manager = startSession(app.db, manager.member.id);
  sessions.coordinator = startSession(app.db, coordinator.member.id);
  pages = [
    { name: 'events', url: '/', as: 'anonymous' },
    { name: 'event', url: `/events/${event.id}`, as: 'anonymous' },
    { name: 'signin', url: '/signin', as: 'anonymous' },
    { name: 'subscribe', url: '/subscribe', as: 'anonymous' },
    { name: 'my-bookings', url: '/my/bookings', as: 'organizer' },
    { name: 'new-booking', url: `/my/bookings/new?venueId=${venue.id}&date=${booking.start.slice(0, 10)}`, as: 'organizer' },
    { name: 'my-events', url: '/my/events', as: 'organizer' },
    { name: 'new-event', url: '/my/events/new', as: 'organizer' },
    { name: 'my-event', url: `/my/events/${event.id}`, as: 'organizer' },
    { name: 'checkin', url: `/my/events/${event.id}/checkin`, as: 'organizer' },
    { name: 'inbox', url: '/park/inbox', as: 'manager' },
    { name: 'venues', url: '/park/venues', as: 'manager' },
    { name: 'venue-week', url: `/park/venues/${venue.id}`, as: 'manager' },
    { name: 'organizations', url: '/office/organizations', as: 'coordinator' },
    { name: 'organization', url: `/office/organizations/${manager.organization.id}`, as: 'coordinator' },
    { name: 'channels', url: '/office/channels', as: 'coordinator' },
    { name: 'announcements', url: '/office/announcements', as: 'coordinator' },
    { name: 'announcement', url: `/office/announcements/${announcement.id}`, as: 'coordinator' },
    { name: 'report', url: '/office/report', as: 'coordinator' },
  ];
  await app.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('every page on a 390 px phone', () => {
  it.each(['zh-CN', 'en'])('fits the screen in %s, with a screenshot of each', async (language) => {
    const tooWide: string[] = [];
    for (const as of ['anonymous', 'organizer', 'manager', 'coordinator'] as const) {
      const context = await browser.newContext({ locale: language, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      if (as !== 'anonymous') await context.addCookies([{ name: 'cl_session', value: sessions[as]!, url: base }]);
      await context.addCookies([{ name: 'cl_lang', value: language, url: base }]);
      const page = await context.newPage();
      for (const entry of pages.filter((p) => p.as === as)) {
        const response = await page.goto(`${base}${entry.url}`);
        expect(response?.status(), entry.url).toBe(200);
        // Run in the page (a string: this project's TypeScript has no DOM types).
        const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
        if (scrollWidth > innerWidth) tooWide.push(`${entry.name} (${entry.url}): ${scrollWidth} px > ${innerWidth} px`);
        await page.screenshot({ path: path.join(SHOTS, `${language}-${entry.name}.png`), fullPage: true });
      }
      await context.close();
    }
    expect(tooWide).toEqual([]);
  });
});
