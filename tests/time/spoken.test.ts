import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/translate.js';
import { spokenSpan } from '../../src/i18n/spoken.js';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe('times said as people write them', () => {
  it('says a span on one day with the weekday, in each language, without the alliance’s own zone', () => {
    const span = { start: at('2026-12-04T14:00', 'Asia/Shanghai'), end: at('2026-12-04T16:00', 'Asia/Shanghai'), zone: 'Asia/Shanghai' };
    expect(spokenSpan(span, 'zh-CN')).toBe('12月4日 周五 14:00–16:00');
    expect(spokenSpan(span, 'en')).toBe('Fri 4 Dec, 14:00–16:00');
  });

  it('names both days across midnight, and a zone that is not Asia/Shanghai, at the local time across a DST change', () => {
    // Berlin leaves summer time on 2026-10-25 at 03:00: 01:30–04:30 local lasts four hours.
    const span = { start: at('2026-10-24T22:00', 'Europe/Berlin'), end: at('2026-10-25T04:30', 'Europe/Berlin'), zone: 'Europe/Berlin' };
    expect(span.end - span.start).toBe(7.5 * 3600_000);
    expect(spokenSpan(span, 'en')).toBe('Sat 24 Oct, 22:00 – Sun 25 Oct, 04:30 (Europe/Berlin)');
    expect(spokenSpan(span, 'zh-CN')).toBe('10月24日 周六 22:00 – 10月25日 周日 04:30 (Europe/Berlin)');
  });

  it('is what a message says for a span value', () => {
    const when = { start: at('2026-12-04T22:30', 'Asia/Shanghai'), end: at('2026-12-04T23:30', 'Asia/Shanghai'), zone: 'Asia/Shanghai' };
    expect(t('en', 'errOutsideOpeningHours', { venue: 'Roadshow Hall', when })).toBe('Fri 4 Dec, 22:30–23:30 is outside Roadshow Hall’s opening hours; choose a time when it is open.');
    expect(t('zh-CN', 'errOutsideOpeningHours', { venue: '路演厅', when })).toBe('12月4日 周五 22:30–23:30 不在 路演厅 的开放时间内，请选择开放时段。');
  });
});
