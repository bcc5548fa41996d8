import { describe, expect, it } from 'vitest';
import type { AnnouncementMessage } from '../../src/announcements/announcement-types.js';
import { robotText, toMarkdown } from '../../src/mail/templates/announcement.js';

const message = (over: Partial<AnnouncementMessage>): AnnouncementMessage => ({
  announcementId: 1,
  eventId: 7,
  kind: 'published',
  language: 'zh-CN',
  title: 'Salon',
  summary: null,
  when: '2026-12-01 19:00–20:00 (Asia/Shanghai, UTC+08:00)',
  start: '2026-12-01T11:00:00Z',
  end: '2026-12-01T12:00:00Z',
  place: 'Hall A',
  topics: [],
  url: 'https://chuanglian.example/events/7',
  icsUrl: 'https://chuanglian.example/v1/events/7/ics',
  uid: 'event-7@chuanglian.example',
  sequence: 0,
  ...over,
});

/** Every markdown link target in a text. */
const links = (markdown: string) => [...markdown.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);

describe('markdown for the group robots', () => {
  it('makes titles, summaries and places inert: no links, mentions, emphasis, headings or extra lines', () => {
    const markdown = toMarkdown(
      message({
        title: 'Free money [click here](https://evil.example) <@all> **now**',
        summary: '# Big\n> quoted\n- item\n<font color="warning">red</font> ![img](https://evil.example/x.png)',
        place: 'Room 1`code`|table|_x_ ~y~\n### injected',
      }),
    );
    expect(links(markdown)).toEqual(['https://chuanglian.example/events/7']);
    expect(markdown).not.toMatch(/<|\*\*now|^#\s*Big|^>|^-|`code`|_x_|~y~/m);
    expect(markdown.split('\n').filter((line) => line.startsWith('###'))).toHaveLength(1);
    expect(markdown).toContain('Free money ［click here］（https://evil.example） ＜@all＞ ＊＊now＊＊');
    expect(markdown).toContain('**地点**: Room 1｀code｀｜table｜＿x＿ ～y～ ＃＃＃ injected');
  });

  it('leaves our own text alone and keeps the link to the event page working', () => {
    const markdown = toMarkdown(message({ url: 'https://chuanglian.example/events/7?a=(b)' }));
    expect(markdown).toContain('**时间**: 2026-12-01 19:00–20:00 (Asia/Shanghai, UTC+08:00)');
    expect(links(markdown)).toEqual(['https://chuanglian.example/events/7?a=%28b%29']);
    expect(robotText('创业沙龙 No.3')).toBe('创业沙龙 No.3');
  });
});
