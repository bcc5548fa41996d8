import { confirmedOrThrow, reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import { SYSTEM } from '../../src/audit/audit.js';
import { editProfile } from '../../src/organizations/member-profiles.js';
import path from 'node:path';
import { DateTime } from 'luxon';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcements, bookings, channels, emails, events, members, organizations, registrations, venues } from '../../src/db/schema.js';
import { englishWords, TEXTS_OF_PAGE } from '../helpers/english-words.js';
import { startSession } from '../../src/web/frame/web-session.js';
import { feedbackLink } from '../../src/feedback/feedback-links.js';
import { createCentre, upsertCategory, upsertItem } from '../../src/green-channel/catalogue.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser as formBrowser } from '../helpers/page-browser.js';
import { startBrowserApp } from '../helpers/browser-app.js';
import { seedMember, type TestApp } from '../helpers/test-app.js';
import { requestBooking, seedVenue } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Every page as people meet it on a 390 px phone, in Chinese and in English, in headless
 * Chromium: nothing wider than the screen (no sideways scrolling), and a screenshot of each in
 * test-output/phone/ for review.
 */
const SHOTS = path.resolve('test-output/phone');

/**
 * Measured in the page: the document's width against the screen's, every element wider than its
 * box that would scroll, and every visible text drawn smaller than 12 px.
 */
const MEASURE = `(() => {
  const scrollers = [];
  const tiny = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && /(auto|scroll)/.test(style.overflowX)) scrollers.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
    if (text && el.getClientRects().length && parseFloat(style.fontSize) < 12) tiny.push(el.tagName.toLowerCase() + ' "' + text.slice(0, 30) + '" at ' + style.fontSize);
  }
  // Markup escaped twice shows as text ("<a href=…>"): never on a page.
  const shown = document.body.innerText;
  const tag = new RegExp('</?[a-z][^>]*>', 'i').exec(shown);
  if (tag) tiny.push('markup shown as text: ' + tag[0]);
  const header = document.querySelector('header');
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, scrollers, tiny, headerHeight: header ? header.getBoundingClientRect().height : 0 };
})()`;

let t: TestApp;
let base = '';
let browser: Browser;
let pages: Array<{ name: string; url: string; as: 'anonymous' | 'organizer' | 'manager' | 'coordinator' }> = [];
const sessions: Record<string, string> = {};

let running: Awaited<ReturnType<typeof startBrowserApp>> | undefined;
beforeAll(async () => {
  // With an SMS provider, so the mobile-number forms and the code pages are shown too (nothing is texted here).
  running = await startBrowserApp(SHOTS, { SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'LTAI-test-id', SMS_ACCESS_KEY_SECRET: 'secret', SMS_SIGN_NAME: '五角场创联', SMS_TEMPLATE: 'SMS_000001', SMS_BASE_URL: 'http://127.0.0.1:9' });
  ({ t, base, browser } = running);
  const app = t.app;
  // Long names, as real ones are: the layout has to wrap them, not widen the page.
  const { event, venue, organizer, manager, booking } = await seedPublishedEvent(
    app,
    { title: '人工智能与硬件创业者周末路演暨投融资对接会（第十二期）', summary: '面向早期团队的路演与点评' },
    { venue: { name: '创智天地科技园区三号楼一层多功能路演厅', address: '上海市杨浦区淞沪路 100 号' } },
  );
  const coordinator = seedMember(app, 'coordinator');
  // A proposal from the organizer's organization waiting for the office.
  await app.inject({ method: 'POST', url: `/v1/organizations/${organizer.organization.id}/profile-proposals`, headers: organizer.auth, payload: { level: 'district', floorAreaM2: 1500, description: { 'zh-CN': '面向硬件创业者的众创空间。' }, years: [{ year: 2025, teamsIncubated: 12, internationalTeams: 3 }] } });
  // The park's member profile, for the alliance page.
  editProfile(app.deps, manager.organization.id, { level: 'national', brand: '创智天地', floorAreaM2: 52000, foundedYear: 2003, address: '上海市杨浦区淞沪路 100 号', website: 'https://www.example.org/kic', description: { 'zh-CN': '集科技园区、大学校区与公共社区于一体的创新社区。' }, years: [{ year: 2025, teamsIncubated: 31, internationalTeams: 8 }] }, SYSTEM);
  // A pending request for the inbox, overlapping the approved booking (the conflict line shows).
  const conflicting = (await requestBooking(app, organizer.auth, { venueId: venue.id, start: booking.start, end: booking.end, purpose: '硬件创业沙龙（与已批准的活动时间冲突）' })).json<{ id: number }>();
  // Two more parks' rooms, so the search has several results and the request page alternatives.
  await seedVenue(app, { name: '长阳创谷二号楼创业者之家多功能厅', capacity: 120, amenities: ['投影仪', '音响'] });
  await seedVenue(app, { name: '互联宝地路演中心', capacity: 80, feePerHour: 300 });
  const week = DateTime.fromISO(booking.start, { setZone: true }).startOf('week');
  const searchDays = `from=${week.toISODate()}&to=${week.plus({ days: 6 }).toISODate()}`;
  await registerFor(app, event.id, '张三丰', 'zhang@example.org');
  // Checked in, so the survey a feedback mail links to can be shown.
  const zhang = (await app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { email: 'zhang@example.org' } })).json<{ id: number }>();
  const announcement = await waitFor(() => app.db.select().from(announcements).get(), 'the announcement');
  // A green-channel centre with one reservation tomorrow, for the counter page.
  const centre = createCentre(app.deps, { name: '五角场社区事务受理服务中心', address: '国和路 346 号', openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '09:00', close: '17:00' }]])) });
  upsertCategory(app.deps, 'business', { en: 'Starting a business', 'zh-CN': '企业开办' });
  const licence = upsertItem(app.deps, { code: 'licence', categoryCode: 'business', name: { en: 'Business licence', 'zh-CN': '营业执照办理' }, durationMinutes: 30, seatsPerSlot: 2, centreIds: [centre.id] });
  const tomorrow = DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).toISODate()!;
  confirmedOrThrow(await reserveConfirmed(app, { serviceId: licence.id, centreId: centre.id, start: `${tomorrow}T10:00:00+08:00`, name: '李娜', email: 'lina@example.org', company: '深潮科技' }));
  // The pages a texted code is typed on, reached as people do: by asking with a number (nobody's, so nothing is texted).
  const asker = formBrowser(app);
  await asker.get('/privacy');
  const privacyCode = (await asker.post('/privacy/sms', { mobile: '139 0000 0009' })).headers.location as string;
  const signInCode = (await asker.post('/signin/sms', { mobile: '139 0000 0009', next: '/home' })).headers.location as string;
  sessions.organizer = startSession(app.db, organizer.member.id);
  sessions.manager = startSession(app.db, manager.member.id);
  sessions.coordinator = startSession(app.db, coordinator.member.id);
  pages = [
    { name: 'events', url: '/', as: 'anonymous' },
    { name: 'event', url: `/events/${event.id}`, as: 'anonymous' },
    { name: 'signin', url: '/signin', as: 'anonymous' },
    { name: 'subscribe', url: '/subscribe', as: 'anonymous' },
    { name: 'privacy', url: '/privacy', as: 'anonymous' },
    { name: 'privacy-code', url: privacyCode, as: 'anonymous' },
    { name: 'signin-code', url: signInCode, as: 'anonymous' },
    { name: 'home-organizer', url: '/home', as: 'organizer' },
    { name: 'my-bookings', url: '/my/bookings', as: 'organizer' },
    { name: 'new-booking', url: `/my/bookings/new?venueId=${venue.id}&date=${booking.start.slice(0, 10)}`, as: 'organizer' },
    { name: 'request-page', url: `/my/bookings/${conflicting.id}`, as: 'organizer' },
    { name: 'venue-search', url: `/venues/search?${searchDays}&hours=2&people=20&when=weekdayEvenings`, as: 'organizer' },
    { name: 'venue-search-none', url: `/venues/search?${searchDays}&hours=2&people=5000&amenities=${encodeURIComponent('投影仪')}`, as: 'organizer' },
    { name: 'parks', url: '/parks', as: 'anonymous' },
    { name: 'alliance', url: '/alliance', as: 'anonymous' },
    { name: 'my-organization', url: '/my/organization', as: 'organizer' },
    { name: 'profiles', url: '/office/profiles', as: 'coordinator' },
    { name: 'review', url: `/review?year=${new Date().getUTCFullYear()}`, as: 'coordinator' },
    { name: 'profile-edit', url: `/office/organizations/${manager.organization.id}/profile`, as: 'coordinator' },
    { name: 'park', url: `/parks/${manager.organization.id}`, as: 'anonymous' },
    { name: 'my-events', url: '/my/events', as: 'organizer' },
    { name: 'new-event', url: '/my/events/new', as: 'organizer' },
    { name: 'my-event', url: `/my/events/${event.id}`, as: 'organizer' },
    { name: 'checkin', url: `/my/events/${event.id}/checkin`, as: 'organizer' },
    { name: 'door', url: `/my/events/${event.id}/door`, as: 'organizer' },
    { name: 'scan', url: `/my/events/${event.id}/scan`, as: 'organizer' },
    { name: 'here', url: `/events/${event.id}/here`, as: 'anonymous' },
    { name: 'feedback', url: new URL(feedbackLink(app.deps, zhang.id)).pathname, as: 'anonymous' },
    { name: 'home-manager', url: '/home', as: 'manager' },
    { name: 'inbox', url: '/park/inbox', as: 'manager' },
    { name: 'venues', url: '/park/venues', as: 'manager' },
    { name: 'park-robot', url: '/park/robot', as: 'manager' },
    { name: 'counter', url: `/counter/${centre.id}?date=${tomorrow}`, as: 'coordinator' },
    { name: 'green-channel', url: '/green-channel', as: 'anonymous' },
    { name: 'green-office', url: '/office/green-channel', as: 'coordinator' },
    { name: 'privacy-office', url: '/office/privacy', as: 'coordinator' },
    { name: 'green-channel-service', url: `/green-channel/${licence.id}?centre=${centre.id}&date=${tomorrow}`, as: 'anonymous' },
    { name: 'venue-week', url: `/park/venues/${venue.id}`, as: 'manager' },
    { name: 'venue-edit', url: `/park/venues/${venue.id}/edit`, as: 'manager' },
    { name: 'home-coordinator', url: '/home', as: 'coordinator' },
    { name: 'organizations', url: '/office/organizations', as: 'coordinator' },
    { name: 'organization', url: `/office/organizations/${manager.organization.id}`, as: 'coordinator' },
    { name: 'channels', url: '/office/channels', as: 'coordinator' },
    { name: 'channel-new', url: '/office/channels/new?kind=dingtalk_robot', as: 'coordinator' },
    { name: 'announcements', url: '/office/announcements', as: 'coordinator' },
    { name: 'announcement', url: `/office/announcements/${announcement.id}`, as: 'coordinator' },
    { name: 'report', url: '/office/report', as: 'coordinator' },
    { name: 'report-by-month', url: '/office/report?groupBy=month', as: 'coordinator' },
  ];
  // And every page a mail links to (sign-in, booking decisions, a registration's own page …), one of each kind.
  const shapes = new Set<string>();
  for (const mail of app.db.select().from(emails).all()) {
    for (const [url] of mail.text.matchAll(/https?:\/\/\S+/g)) {
      const address = new URL(url.replace(/[.,;:!?)。，）]+$/, ''));
      const shape = address.pathname.replace(/[\w-]{20,}\.[\w-]+/g, ':token');
      // /docs is the API's reference for developers (the welcome mail's last line), not a page of the site.
      if (address.origin !== base || address.pathname.startsWith('/v1/') || address.pathname === '/docs' || shapes.has(shape)) continue;
      shapes.add(shape);
      pages.push({ name: `mail-link${shape.replace(/[/:]+/g, '-')}`, url: `${address.pathname}${address.search}`, as: 'anonymous' });
    }
  }
}, 60_000);

/** Everything people typed that a page may show: names, titles, places, purposes, topics, addresses. */
function typedStrings(): string[] {
  const db = t.app.db;
  return [
    ...db.select().from(organizations).all().map((o) => o.name),
    ...db.select().from(members).all().flatMap((m) => [m.name, m.email]),
    ...db.select().from(venues).all().flatMap((v) => [v.name, v.address ?? '', ...v.amenities]),
    ...db.select().from(events).all().flatMap((e) => [e.title, e.summary ?? '', e.body ?? '', ...e.topics]),
    ...db.select().from(bookings).all().map((b) => b.purpose),
    ...db.select().from(registrations).all().flatMap((r) => [r.name, r.email]),
    ...db.select().from(channels).all().map((c) => c.name),
    // Configured, not translated: who holds the data and where to write (DATA_CONTROLLER_*).
    t.app.privacyNotice.settings.controllerName,
    t.app.privacyNotice.settings.controllerContact,
  ];
}

afterAll(async () => {
  await running?.close();
});

describe('every page on a 390 px phone', () => {
  it.each(['zh-CN', 'en'])('fits the screen in %s, with a screenshot of each', async (language) => {
    const tooWide: string[] = [];
    const tooSmall: string[] = [];
    const inEnglish: string[] = [];
    for (const as of ['anonymous', 'organizer', 'manager', 'coordinator'] as const) {
      const context = await browser.newContext({ locale: language, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      if (as !== 'anonymous') await context.addCookies([{ name: 'cl_session', value: sessions[as]!, url: base }]);
      await context.addCookies([{ name: 'cl_lang', value: language, url: base }]);
      const page = await context.newPage();
      for (const entry of pages.filter((p) => p.as === as)) {
        const response = await page.goto(`${base}${entry.url}`);
        expect(response?.status(), entry.url).toBe(200);
        // Run in the page (a string: this project's TypeScript has no DOM types).
        const { scrollWidth, innerWidth, scrollers, tiny, headerHeight } = await page.evaluate<{ scrollWidth: number; innerWidth: number; scrollers: string[]; tiny: string[]; headerHeight: number }>(MEASURE);
        // The top is one line (44 px tap targets and a little padding), the rest behind the menu.
        if (headerHeight > 64) tooWide.push(`${entry.name} (${entry.url}): the top takes ${headerHeight} px, more than one line`);
        if (scrollWidth > innerWidth) tooWide.push(`${entry.name} (${entry.url}): ${scrollWidth} px > ${innerWidth} px`);
        // Nothing scrolls sideways inside the page either (a wide table in a scroll box is not a phone layout).
        for (const scroller of scrollers) tooWide.push(`${entry.name} (${entry.url}): ${scroller} scrolls sideways`);
        for (const text of tiny) tooSmall.push(`${entry.name} (${entry.url}): ${text}`);
        if (language === 'zh-CN') {
          const english = englishWords(await page.evaluate<string[]>(TEXTS_OF_PAGE), typedStrings());
          if (english.length) inEnglish.push(`${entry.name} (${entry.url}): ${english.join(' ')}`);
        }
        await page.screenshot({ path: path.join(SHOTS, `${language}-${entry.name}.png`), fullPage: true });
        if (entry.name.startsWith('home-')) {
          // The menu opens with a tap (no script) and its panel stays on the screen.
          await page.tap('details.menu summary');
          const panel = await page.evaluate<{ left: number; right: number; links: number }>(
            "(() => { const r = document.querySelector('.menu-panel').getBoundingClientRect(); return { left: r.left, right: r.right, links: document.querySelectorAll('.menu-panel nav a').length }; })()",
          );
          if (panel.left < 0 || panel.right > innerWidth) tooWide.push(`${entry.name}: the open menu reaches ${panel.left}–${panel.right} px`);
          expect(panel.links, `${entry.name}: links in the menu`).toBeGreaterThan(1);
          await page.screenshot({ path: path.join(SHOTS, `${language}-${entry.name}-menu.png`) });
        }
      }
      await context.close();
    }
    expect(tooWide).toEqual([]);
    expect(tooSmall).toEqual([]);
    // On Chinese pages, no English words but people's own (names, titles) and a short allow-list.
    expect(inEnglish).toEqual([]);
  }, 180_000); // some forty pages, each measured and photographed
});
