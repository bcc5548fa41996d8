import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { auditEntries, emails, erasures, feedback } from '../../src/db/schema.js';
import { NO_ERASURES } from '../../src/privacy/erasure.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { everyTextHolding } from '../helpers/personal-data.js';
import { seedMember, useTestAppWithCoordinator } from '../helpers/test-app.js';

const PERSON = 'he.jia@example.org';

const t = useTestAppWithCoordinator();

const office = () => browser(t.app).as(t.coordinator.member.id);

describe('the office’s page for personal-data requests made in person', () => {
  it('shows what is held about a typed address, hands it over as JSON and erases it; every look is audited without the address', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { title: 'Founders’ breakfast', askMobile: 'optional', questions: [{ id: 'idea', label: { en: 'Your idea' }, type: 'text', required: false }] }, { daysAhead: 15 });
    const registered = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name: 'He Jia', email: PERSON, mobile: '13700137000', answers: { idea: 'Robots that water plants' } } });
    expect(registered.statusCode, registered.body).toBe(201);
    t.app.db.insert(feedback).values({ registrationId: registered.json().id, eventId: event.id, rating: 4, recommend: 9, comment: 'More coffee', updatedAt: new Date() }).run();
    const b = office();
    const page = await b.get('/office/privacy');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/office/privacy"'); // in the coordinator's menu
    expect(textOf(page)).toContain('Nothing has been erased yet.');
    expect(textOf(page)).toMatch(/The next nightly run of the retention periods: \d{4}-\d\d-\d\d 03:00/);

    // Neither an address nor a number: the page again, with the reason and what was typed.
    const bad = await b.post('/office/privacy/show', { who: 'he.jia at example' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('mainland China mobile number');
    expect(bad.body).toContain('value="he.jia at example"');

    const shown = await b.post('/office/privacy/show', { who: PERSON.toUpperCase() });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(textOf(shown)).toContain(`Held about ${PERSON}:`);
    expect(textOf(shown)).toContain('Founders’ breakfast');
    // Everything held, not a summary: the number, every answer under its question, the feedback.
    expect(textOf(shown)).toContain('137 0013 7000');
    expect(textOf(shown)).toContain('Your idea: Robots that water plants');
    expect(textOf(shown)).toContain('rated 4 of 5, would recommend 9 of 10');
    expect(textOf(shown)).toContain('More coffee');
    // The mail sent, and when: at Shanghai's time, not UTC's.
    const sent = t.app.db.select().from(emails).where(eq(emails.toAddress, PERSON)).get()!;
    const inShanghai = (at: Date | null) => (at ? `Founders’ breakfast (${DateTime.fromJSDate(at, { zone: 'Asia/Shanghai' }).toFormat('yyyy-MM-dd HH:mm')})` : '\0');
    // Sent (or only written) at the time the page was made: either may be the one it shows.
    expect([inShanghai(sent.sentAt), inShanghai(sent.createdAt)].some((line) => textOf(shown).includes(line)), textOf(shown)).toBe(true);
    const download = await b.post('/office/privacy/export.json', { who: PERSON });
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(JSON.parse(download.body).registrations).toMatchObject([{ name: 'He Jia', email: PERSON, status: 'confirmed' }]);
    const looks = t.app.db.select().from(auditEntries).where(eq(auditEntries.entityType, 'personal_data')).all();
    expect(looks.map((entry) => entry.action)).toEqual(['export', 'export']);
    expect(JSON.stringify(looks)).not.toContain(PERSON);

    // Only a coordinator: an organizer is refused the page and its forms.
    expect((await browser(t.app).as(organizer.member.id).get('/office/privacy')).statusCode).toBe(403);

    const unticked = await b.post('/office/privacy/erase', { who: PERSON });
    expect(unticked.statusCode).toBe(400);
    expect(textOf(unticked)).toContain('Tick the box');
    const erased = await b.post('/office/privacy/erase', { who: PERSON, confirm: 'yes' });
    expect(erased.statusCode).toBe(303);
    expect(erased.headers.location).not.toContain('he.jia');
    const after = await b.follow(erased);
    expect(textOf(after)).toContain('Erased: 1 registrations');
    expect(textOf(after)).toContain('1 cancelled first'); // the seat was still to come
    expect(textOf(after)).toMatch(/request made in person\s+\S+/);
    expect(textOf(after)).toContain(t.coordinator.member.name);
    expect(everyTextHolding(t.app.db, [PERSON, 'He Jia'])).toEqual([]);
    expect(textOf(await b.post('/office/privacy/show', { who: PERSON }))).toContain(`Nothing is held about ${PERSON}.`);
  });

  it('lists erasures newest first a page at a time, leaving out nightly runs that found nothing', async () => {
    const base = Date.parse('2026-03-01T19:00:00Z'); // 03:00 in Shanghai
    const counted = { ...NO_ERASURES, registrations: 4, emails: 9 };
    t.app.db
      .insert(erasures)
      .values([
        { reason: 'retention', dueAt: new Date(base), doneAt: new Date(base), counts: NO_ERASURES },
        { reason: 'retention', dueAt: new Date(base + 86_400_000), doneAt: new Date(base + 86_400_000), counts: counted },
        { reason: 'request', doneAt: new Date(base + 2 * 86_400_000), counts: { ...NO_ERASURES, subscribers: 1 } },
      ])
      .run();
    const first = await t.app.inject({ method: 'GET', url: '/v1/privacy/erasures?limit=2', headers: t.coordinator.auth });
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    // The in-person erasure of the test above is the newest.
    expect(page1.items.map((e: { reason: string }) => e.reason)).toEqual(['in_person', 'request']);
    expect(page1.items[0].by).toEqual({ id: t.coordinator.member.id, name: t.coordinator.member.name });
    expect(page1.items[1]).toMatchObject({ by: null, doneAt: '2026-03-04T03:00:00+08:00', counts: { subscribers: 1 } });
    expect(page1.nextRetentionAt).toMatch(/T03:00:00\+08:00$/);
    const page2 = (await t.app.inject({ method: 'GET', url: `/v1/privacy/erasures?limit=2&cursor=${page1.nextCursor}`, headers: t.coordinator.auth })).json();
    expect(page2.items).toMatchObject([{ reason: 'retention', counts: counted }]);
    expect(page2.nextCursor).toBeNull();

    const organizer = seedMember(t.app, 'organizer');
    expect((await t.app.inject({ method: 'GET', url: '/v1/privacy/erasures', headers: organizer.auth })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'GET', url: '/v1/privacy/erasures?cursor=nonsense', headers: t.coordinator.auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    const zh = await office().get('/office/privacy?lang=zh-CN');
    expect(textOf(zh)).toContain('超过保存期限（夜间自动）');
    expect(textOf(zh)).toContain('本人在隐私页面申请');
    expect(textOf(zh)).toContain('4 条报名');
  });
});
