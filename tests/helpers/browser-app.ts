import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { freePort, launchChromium } from './chromium.js';
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
