import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/i18n/messages.js';
import { isMessageKey, t } from '../../src/i18n/translate.js';

describe('the message catalogue', () => {
  it('fills placeholders and leaves the values unescaped (each output format escapes for itself)', () => {
    expect(t('en', 'signedInAs', { name: '<Li & Wang>' })).toBe('Signed in as <Li & Wang>');
    expect(t('zh-CN', 'signedInAs', { name: '李' })).toBe('已登录：李');
  });

  it('chooses plural forms by Intl.PluralRules: English has one and other, Chinese one form', () => {
    expect(t('en', 'people', { n: 1 })).toBe('1 person');
    expect(t('en', 'people', { n: 0 })).toBe('0 people');
    expect(t('en', 'people', { n: 2 })).toBe('2 people');
    expect(t('zh-CN', 'people', { n: 1 })).toBe('1 人');
    expect(t('en', 'doneRetried', { n: 1 })).toBe('1 delivery queued again.');
    expect(t('en', 'doneRetried', { n: 3 })).toBe('3 deliveries queued again.');
  });

  it('has every message in both languages', () => {
    for (const [key, words] of Object.entries(MESSAGES)) {
      for (const language of ['en', 'zh-CN'] as const) {
        const text = words[language];
        expect(typeof text === 'string' ? text : text.other, `${key} (${language})`).not.toBe('');
      }
    }
    expect(isMessageKey('errNotFound')).toBe(true);
    expect(isMessageKey('toString')).toBe(false);
  });
});
