import { afterAll, beforeAll } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { freePort, launchChromium } from './chromium.js';
import { cookieNames, startSession } from '../../src/web/frame/web-session.js';
import { startSmtpSink } from './smtp-sink.js';
import { startTestApp, type TestApp } from './test-app.js';

/**
 * The real app listening on a free port with links pointing at it (and any further settings in
 * `env`), headless Chromium, and the folder its screenshots go to; `close` stops both.
 */
export async function startBrowserApp(shots: string, env: Record<string, string> = {}): Promise<{ t: TestApp; base: string; browser: Browser; close(): Promise<void> }> {
  fs.mkdirSync(shots, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ PUBLIC_URL: base, ...env });
  let browser: Browser | undefined;
  try {
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  } catch (error) {
    await t.close();
    throw error;
  }
  return {
    t,
    base,
    browser,
    async close() {
      await browser?.close();
      await t.close();
    },
  };
}

/** The same with a real SMTP server the app mails to; `close` stops all three. */
export async function startBrowserAppWithMail(shots: string, env: Record<string, string> = {}) {
  const sink = await startSmtpSink();
  try {
    const running = await startBrowserApp(shots, { SMTP_URL: sink.url, ...env });
    return {
      ...running,
      sink,
      async close() {
        await running.close();
        await sink.close();
      },
    };
  } catch (error) {
    await sink.close();
    throw error;
  }
}

/** A browser context of a phone in `locale`, signed in as the member when one is given (a session cookie, as signing in leaves). */
export async function phoneContext(browser: Browser, app: TestApp['app'], base: string, options: { memberId?: number; locale?: string; acceptDownloads?: boolean } = {}) {
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: options.acceptDownloads ?? false });
  if (options.memberId) await context.addCookies([{ name: cookieNames(base).session, value: startSession(app.db, options.memberId), url: base }]);
  return context;
}

export type BrowserAppWithMail = Awaited<ReturnType<typeof startBrowserAppWithMail>>;

/**
 * Starts the app, Chromium and an SMTP sink before this file's tests (after `before`, e.g. setting
 * the test clock) and stops them after, resetting the clock; the handle fills in at start.
 */
export function useBrowserAppWithMail(shots: string, before: () => void = () => {}): BrowserAppWithMail {
  const handle = {} as BrowserAppWithMail;
  beforeAll(async () => {
    before();
    Object.assign(handle, await startBrowserAppWithMail(shots));
  }, 60_000);
  afterAll(async () => {
    await handle.close?.();
    testClock.reset();
  });
  return handle;
}
