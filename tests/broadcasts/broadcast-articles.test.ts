import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { broadcastArticles } from '../../src/broadcasts/broadcast-articles.js';
import { COVER_SLOT, cutText } from '../../src/channels/adapters/wechat-article.js';
import { announcements } from '../../src/db/schema.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { settle } from '../helpers/settle.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

describe('the articles of a day’s broadcast', () => {
  it('holds at most 8: past that the 8th lists the rest; titles are cut on a character, typed text is escaped', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) {
      const title = i === 0 ? `<b>创业</b>${'长'.repeat(40)}🚀 night` : `Session ${i + 1}`;
      const summary = i === 0 ? '<script>alert(1)</script> & more' : undefined;
      const { event } = await seedPublishedEvent(t.app, { title, language: 'zh-CN', ...(summary ? { summary } : {}) }, { daysAhead: 20 + i });
      await settle(t.app);
      ids.push(t.app.db.select().from(announcements).where(eq(announcements.eventId, event.id)).get()!.id);
    }
    const articles = await broadcastArticles({ db: t.app.db, publicUrl: 'http://chuanglian.test' }, ids);
    expect(articles).toHaveLength(8);
    expect(Array.from(articles[0]!.title)).toHaveLength(32);
    expect(articles[0]!.title.endsWith('…')).toBe(true);
    expect(articles[0]!.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(articles[0]!.content).not.toContain('<script>');
    expect(articles[0]!.content.startsWith(`<p>${COVER_SLOT}</p>`)).toBe(true);
    expect(articles.slice(1, 7).map((a) => a.title)).toEqual(['Session 2', 'Session 3', 'Session 4', 'Session 5', 'Session 6', 'Session 7']);
    expect(articles[7]!.title).toBe('更多活动（3 场）');
    for (const rest of ['Session 8', 'Session 9', 'Session 10']) expect(articles[7]!.content).toContain(rest);
    for (const article of articles) expect(Buffer.from(article.coverPng, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('cuts on code points, never inside a character', () => {
    expect(cutText('🚀'.repeat(40), 32)).toBe(`${'🚀'.repeat(31)}…`);
    expect(cutText('short', 32)).toBe('short');
  });
});
