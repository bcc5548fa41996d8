import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { emails, feedback, registrations } from '../../src/db/schema.js';
import { feedbackLink } from '../../src/feedback/feedback-links.js';
import { requestFeedback } from '../../src/feedback/feedback-service.js';
import { testClock } from '../../src/time/clock.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { settle } from '../helpers/settle.js';
import { seedMember, useTestAppWithMail } from '../helpers/test-app.js';
import { seedOrganizer } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail();
afterAll(() => testClock.reset());

const HOSTILE = '<script>alert(1)</script> great & "useful"';

/** A published event with three registrations, two of them checked in. */
async function heldEvent(title: string, language = 'en', daysAhead = 10) {
  const seeded = await seedPublishedEvent(t.app, { capacity: 10, title, language }, { daysAhead });
  const slug = title.toLowerCase().replace(/\W+/g, '-');
  for (const who of ['ann', 'bo', 'cai']) expect((await registerFor(t.app, seeded.event.id, who, `${who}@${slug}.example`)).statusCode).toBe(201);
  for (const who of ['ann', 'bo']) {
    const res = await t.app.inject({ method: 'POST', url: `/v1/events/${seeded.event.id}/checkins`, headers: seeded.organizer.auth, payload: { email: `${who}@${slug}.example` } });
    expect(res.statusCode).toBe(200);
  }
  return { ...seeded, mailOf: (who: string) => `${who}@${slug}.example` };
}

const surveyMails = (to: string) => t.sink.mailTo(to).filter((m) => /How was|感觉如何/.test(m.subject ?? ''));
const surveyPath = (to: string) => new URL(/https?:\/\/\S+\/feedback\/\S+/.exec(surveyMails(to)[0]!.text!)![0]).pathname;

describe('feedback after an event', () => {
  it('mails each checked-in attendee a survey FEEDBACK_AFTER the end, once, never for a cancelled event; the answers reach the organizers and the report', async () => {
    const held = await heldEvent('Founder breakfast');
    const calledOff = await heldEvent('Called off');
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${calledOff.event.id}/cancel`, headers: calledOff.organizer.auth, payload: {} })).statusCode).toBe(200);

    // Just before FEEDBACK_AFTER (1 h) past the end, beyond the timers' one-minute tolerance: nobody asked yet.
    const end = Date.parse(held.event.end);
    testClock.set(end + 3_600_000 - 120_000);
    await settle(t.app);
    expect(t.app.db.select().from(emails).where(eq(emails.kind, 'feedback')).all()).toHaveLength(0);
    testClock.advance(121_000);
    await settle(t.app);
    await waitFor(() => surveyMails(held.mailOf('ann')).length === 1 && surveyMails(held.mailOf('bo')).length === 1, 'the two survey mails');
    const mail = surveyMails(held.mailOf('ann'))[0]!;
    expect(mail.subject).toBe('How was Founder breakfast?');
    expect(mail.text).toContain('within 14 days');
    // Not the one who did not come, not the cancelled event's attendees, and never a second time.
    expect(surveyMails(held.mailOf('cai'))).toHaveLength(0);
    expect(surveyMails(calledOff.mailOf('ann'))).toHaveLength(0);
    t.app.outbox.kick(true);
    testClock.advance(3 * 3_600_000);
    await settle(t.app);
    expect(requestFeedback(t.app.deps, held.event.id)).toBe(0);
    expect(t.app.db.select().from(emails).where(eq(emails.kind, 'feedback')).all()).toHaveLength(2);

    // Ann answers, then changes her mind; Bo answers without a comment.
    const ann = browser(t.app);
    const page = await ann.get(surveyPath(held.mailOf('ann')));
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('Feedback: Founder breakfast');
    const sent = await ann.post(surveyPath(held.mailOf('ann')), { rating: '5', recommend: '10', comment: HOSTILE }, false);
    expect(sent.statusCode).toBe(303);
    const thanks = await ann.follow(sent);
    expect(textOf(thanks)).toContain('your answer is saved');
    expect(thanks.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(thanks.body).toMatch(/value="5" checked/);
    await ann.post(surveyPath(held.mailOf('ann')), { rating: '4', recommend: '10', comment: HOSTILE }, false);
    await browser(t.app).post(surveyPath(held.mailOf('bo')), { rating: '2', recommend: '3', comment: '' }, false);
    expect(t.app.db.select().from(feedback).where(eq(feedback.eventId, held.event.id)).all()).toHaveLength(2);

    // The organizers, and the managers of the park whose venue hosted it, read it; others may not.
    const read = (auth: Record<string, string>) => t.app.inject({ method: 'GET', url: `/v1/events/${held.event.id}/feedback`, headers: auth });
    const said = await read(held.organizer.auth);
    expect(said.statusCode).toBe(200);
    expect(said.json()).toMatchObject({ asked: 2, responses: 2, responseRate: 1, meanRating: 3, nps: 0, ratings: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 } });
    expect(said.json().comments).toEqual([expect.objectContaining({ rating: 4, recommend: 10, comment: HOSTILE.trim() })]);
    expect(said.body).not.toContain('ann@');
    expect((await read(held.manager.auth)).statusCode).toBe(200);
    expect((await read(seedOrganizer(t.app).auth)).statusCode).toBe(403);
    expect((await read(calledOff.manager.auth)).statusCode).toBe(403);

    // The organizer's event page shows it; the impact report counts it per organization and in total.
    const organizerPage = await browser(t.app).as(held.organizer.member.id).get(`/my/events/${held.event.id}`);
    expect(textOf(organizerPage)).toContain('2 of 2 attendees answered · mean rating 3 · NPS 0');
    expect(organizerPage.body).toContain('&lt;script&gt;');
    const day = DateTime.fromISO(held.event.start, { setZone: true }).toISODate();
    const report = (await t.app.inject({ method: 'GET', url: `/v1/reports/impact?from=${day}&to=${day}&groupBy=organization`, headers: seedMember(t.app, 'coordinator').auth })).json();
    const row = report.rows.find((r: { key: string }) => r.key === String(held.organizer.organization.id));
    expect(row).toMatchObject({ checkIns: 2, feedbackResponses: 2, feedbackResponseRate: 1, meanRating: 3 });
    expect(report.totals).toMatchObject({ feedbackResponses: 2, meanRating: 3 });
    const csv = (await t.app.inject({ method: 'GET', url: `/v1/reports/impact?from=${day}&to=${day}&groupBy=organization`, headers: { ...seedMember(t.app, 'coordinator').auth, accept: 'text/csv' } })).body;
    expect(csv.split('\n')[0]).toContain('feedbackResponseRate,meanRating');
  });

  it('re-renders the survey with the reason for a bad answer, keeping what was typed; refuses someone who did not come', async () => {
    const held = await heldEvent('Pitch night', 'zh-CN', 14); // after the first test's clock
    testClock.set(Date.parse(held.event.end) + 3_600_000 + 60_000);
    await settle(t.app);
    const path = await waitFor(() => surveyMails(held.mailOf('ann')).length === 1 && surveyPath(held.mailOf('ann')), 'the survey mail');
    expect(surveyMails(held.mailOf('ann'))[0]!.subject).toBe('“Pitch night”感觉如何？');
    const visitor = browser(t.app);
    for (const [form, reason] of [
      [{ rating: '7', comment: 'kept' }, 'Give a rating from 1 to 5.'],
      [{ rating: '', comment: 'kept' }, 'Give a rating from 1 to 5.'],
      [{ rating: '3', recommend: 'x', comment: 'kept' }, 'a number from 0 to 10'],
      [{ rating: '3', comment: `kept${'长'.repeat(2000)}` }, 'at most 2000 characters'],
    ] as const) {
      const res = await visitor.post(path, form, false);
      expect(res.statusCode, JSON.stringify(form).slice(0, 60)).toBe(400);
      expect(textOf(res)).toContain(reason);
      expect(res.body).toContain('>kept');
    }
    expect(t.app.db.select().from(feedback).where(eq(feedback.eventId, held.event.id)).all()).toHaveLength(0);
    // A link altered by hand is refused; so is a survey for someone who did not check in, whoever made its link.
    expect((await visitor.get(`${path.slice(0, -2)}xx`)).statusCode).toBe(400);
    const cai = t.app.db.select().from(registrations).where(eq(registrations.email, held.mailOf('cai'))).get()!;
    const notThere = await visitor.get(new URL(feedbackLink(t.app.deps, cai.id)).pathname);
    expect(notThere.statusCode).toBe(409);
    expect(textOf(notThere)).toContain('Only people who came to the event are asked about it.');
  });
});
