import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS } from '../../src/time/opening-hours.js';
import { openingHoursInWords } from '../../src/time/opening-hours-words.js';

const span = (open: string, close: string) => [{ open, close }];

describe('opening hours in words', () => {
  it('joins runs of days with the same hours, in both languages', () => {
    const hours = { mon: span('09:00', '18:00'), tue: span('09:00', '18:00'), wed: span('09:00', '18:00'), thu: span('09:00', '18:00'), fri: span('09:00', '18:00'), sat: span('10:00', '16:00') };
    expect(openingHoursInWords(hours, 'en')).toBe('Mon–Fri 09:00–18:00; Sat 10:00–16:00; Sun closed');
    expect(openingHoursInWords(hours, 'zh-CN')).toBe('周一至周五 09:00–18:00；周六 10:00–16:00；周日不开放');
  });

  it('says every day, breaks, and never', () => {
    expect(openingHoursInWords(DEFAULT_OPENING_HOURS, 'en')).toBe('Every day 08:00–22:00');
    expect(openingHoursInWords(DEFAULT_OPENING_HOURS, 'zh-CN')).toBe('每天 08:00–22:00');
    expect(openingHoursInWords({ wed: [{ open: '09:00', close: '12:00' }, { open: '13:30', close: '24:00' }] }, 'en')).toBe('Mon–Tue closed; Wed 09:00–12:00, 13:30–24:00; Thu–Sun closed');
    expect(openingHoursInWords({}, 'zh-CN')).toBe('暂不开放');
  });
});
