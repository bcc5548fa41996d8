import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema.js';
import { startSession } from '../../src/web/frame/web-session.js';
import { startBrowserApp } from '../helpers/browser-app.js';
import { seedMember } from '../helpers/test-app.js';

/**
 * The top of every page on a desktop screen (1280 px), for every kind of visitor in both
 * languages: one line (the coordinator has eighteen links), every link the visitor may use
 * reachable in the line or in the menu, none in both. Screenshots in test-output/desktop/.
 */
const SHOTS = path.resolve('test-output/desktop');

const PUBLIC = ['/', '/parks', '/alliance', '/green-channel'];
const EXPECTED: Record<Role | 'anonymous', string[]> = {
  anonymous: [...PUBLIC, '/subscribe'],
  organizer: [...PUBLIC, '/venues/search', '/my/bookings', '/my/events', '/my/organization', '/review'],
  park_manager: [...PUBLIC, '/venues/search', '/my/events', '/park/inbox', '/park/venues', '/my/organization', '/office/report', '/review'],
  coordinator: [
    ...PUBLIC,
    ...['/venues/search', '/my/bookings', '/my/events', '/park/inbox', '/park/venues', '/office/organizations', '/office/profiles', '/office/channels'],
    ...['/office/announcements', '/office/report', '/review', '/office/green-channel', '/office/privacy', '/counter'],
  ],
  service_staff: [...PUBLIC, '/counter'],
};

let running: Awaited<ReturnType<typeof startBrowserApp>> | undefined;
beforeAll(async () => {
  running = await startBrowserApp(SHOTS);
}, 60_000);
afterAll(() => running?.close());

/** The header's links a person can see: in the line, and (after a click) in the menu. */
const SEEN = `(() => {
  const visible = (scope) => [...document.querySelectorAll(scope + ' a')].filter((a) => a.getClientRects().length && getComputedStyle(a).visibility !== 'hidden').map((a) => a.getAttribute('href'));
  return { line: visible('header nav.wide'), menu: visible('header .menu-panel nav'), height: document.querySelector('header').getBoundingClientRect().height };
})()`;

describe('the top of the page on a desktop screen', () => {
  it.each(['en', 'zh-CN'])('is one line for every kind of visitor, with every link in the line or the menu (%s)', async (language) => {
    const { t, base, browser } = running!;
    const problems: string[] = [];
    for (const [kind, expected] of Object.entries(EXPECTED) as Array<[Role | 'anonymous', string[]]>) {
      const context = await browser.newContext({ locale: language, viewport: { width: 1280, height: 800 } });
      if (kind !== 'anonymous') await context.addCookies([{ name: 'cl_session', value: startSession(t.app.db, seedMember(t.app, kind).member.id), url: base }]);
      const page = await context.newPage();
      await page.goto(`${base}${kind === 'anonymous' ? '/' : '/home'}?lang=${language}`);
      const closed = await page.evaluate<{ line: string[]; menu: string[]; height: number }>(SEEN);
      // One line: the menu button's 44 px and the padding, not two or three rows of links.
      if (closed.height > 64) problems.push(`${kind}: the top is ${closed.height} px high`);
      const menu = page.locator('details.menu summary');
      const opened = (await menu.isVisible()) ? (await menu.click(), await page.evaluate<{ line: string[]; menu: string[] }>(SEEN)) : { line: closed.line, menu: [] };
      await page.screenshot({ path: path.join(SHOTS, `${language}-${kind}.png`) });
      const both = opened.line.filter((href) => opened.menu.includes(href));
      if (both.length) problems.push(`${kind}: ${both.join(' ')} both in the line and in the menu`);
      expect([...new Set([...opened.line, ...opened.menu])].sort(), kind).toEqual([...expected].sort());
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
