import { describe, expect, it } from 'vitest';
import { KeptPages } from '../../src/web/events/kept-pages.js';
import type { Visitor } from '../../src/web/frame/visitor.js';

const visitor = (csrf: string): Visitor => ({ principal: null, language: 'zh-CN', csrf });
const drawn = (body: string) => `<form><input name="_csrf" value="${KeptPages.anonymous(visitor('x')).csrf}">${body}</form>`;

describe('kept pages', () => {
  it('fill in each visitor’s own token, and are drawn again only when what they show changed', () => {
    const pages = new KeptPages();
    expect(pages.keep('/events/1', { key: 'v1', stamp: 's1', checkAfter: 100 }, drawn('one'), visitor('alice'))).toBe('<form><input name="_csrf" value="alice">one</form>');
    let asked = 0;
    const key = (answer: string) => () => (asked++, answer);
    // Nothing written since: sent as kept, the key not even read.
    expect(pages.get('/events/1', 's1', 50, key('v1'), visitor('bob'))).toBe('<form><input name="_csrf" value="bob">one</form>');
    expect(asked).toBe(0);
    // A write elsewhere: the key is read again; the same key keeps the page.
    expect(pages.get('/events/1', 's2', 50, key('v1'), visitor('carol'))).toContain('carol');
    expect(asked).toBe(1);
    // Now stamped s2: no read.
    expect(pages.get('/events/1', 's2', 60, key('v1'), visitor('dan'))).toContain('dan');
    expect(asked).toBe(1);
    // Past its check time (registering closed) the key is read however nothing was written.
    expect(pages.get('/events/1', 's2', 100, key('v2'), visitor('erin'))).toBeUndefined();
    expect(pages.get('/nowhere', 's2', 60, key('v1'), visitor('erin'))).toBeUndefined();
  });

  it('keep at most 4 MB of markup, letting the oldest go', () => {
    const pages = new KeptPages();
    const big = drawn('字'.repeat(1024 * 1024)); // about 2 MB in memory
    for (let i = 0; i < 10; i++) pages.keep(`/events/${i}`, { key: 'v', stamp: 's', checkAfter: Infinity }, big, visitor('a'));
    const kept = Array.from({ length: 10 }, (_, i) => pages.get(`/events/${i}`, 's', 0, () => 'v', visitor('a')) !== undefined);
    expect(kept).toEqual([false, false, false, false, false, false, false, false, false, true]);
  });
});
