import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { auditEntries, erasures, feedback, registrations } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { useTestAppWithCoordinator } from '../helpers/test-app.js';
import { everyTextHolding } from '../helpers/personal-data.js';
import { seedCentreWithService, reserveConfirmed } from '../helpers/green-channel-fixtures.js';

const PERSON = 'wu.fei@example.org';
const MOBILE = '+8613800138000';
/** Monday next week, Shanghai time: the reservation is on its Wednesday, after the past event's end. */
const MONDAY = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 }).set({ hour: 8 });

const t = useTestAppWithCoordinator();

const inject = (method: 'GET' | 'POST', url: string, auth: Record<string, string> = t.coordinator.auth, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: auth, payload });

/** The person reserves Wednesday 09:30 next week at a green-channel centre. */
async function reserve() {
  const { centre, service } = await seedCentreWithService(t.app, t.coordinator.auth, 'licence');
  const start = MONDAY.plus({ days: 2 }).set({ hour: 9, minute: 30 }).toISO();
  const made = await reserveConfirmed(t.app, { serviceId: service.id, centreId: centre.id, start, name: 'Wu Fei', email: PERSON, phone: '138 0013 8000', company: 'Fei Robotics', language: 'en' });
  expect(made.statusCode, made.body).toBe(201);
}

describe('a person’s data, asked for in person', () => {
  it('is exported whole to a coordinator, then erased: upcoming seats go to the waitlist, figures of a past event stay, the address is nowhere', async () => {
    // A past event the person attended and rated, with a comment.
    const past = await seedPublishedEvent(t.app, { questions: [{ id: 'from', label: { en: 'Country or region' }, type: 'country', required: false }, { id: 'idea', label: { en: 'Your idea' }, type: 'text', required: false }], askMobile: 'optional' }, { daysAhead: 1 });
    const attended = await t.app.inject({ method: 'POST', url: `/v1/events/${past.event.id}/registrations`, payload: { name: 'Wu Fei', email: PERSON, mobile: MOBILE, answers: { from: 'FR', idea: 'A robot that waters plants' } } });
    expect(attended.statusCode, attended.body).toBe(201);
    t.app.db.update(registrations).set({ status: 'checked_in', checkedInAt: new Date() }).where(eq(registrations.id, attended.json().id)).run();
    t.app.db.insert(feedback).values({ registrationId: attended.json().id, eventId: past.event.id, rating: 4, recommend: 9, comment: 'Call me on 13800138000', updatedAt: new Date() }).run();
    // An upcoming event of one seat: the person holds it, someone waits.
    const upcoming = await seedPublishedEvent(t.app, { capacity: 1 }, { daysAhead: 20 });
    expect((await registerFor(t.app, upcoming.event.id, 'Wu Fei', PERSON)).json().status).toBe('confirmed');
    const waiting = (await registerFor(t.app, upcoming.event.id, 'Li Na', 'li.na@example.org', '10.0.0.2')).json();
    expect(waiting.status).toBe('waitlisted');
    expect((await t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email: PERSON } })).statusCode).toBe(202);
    await reserve();
    testClock.set(Date.parse(past.event.end) + 3_600_000);
    const feedbackBefore = (await inject('GET', `/v1/events/${past.event.id}/feedback`, past.organizer.auth)).json();

    // Who may ask, and how.
    expect((await inject('GET', `/v1/privacy/export?email=${PERSON}`, {})).statusCode).toBe(401);
    const refused = await inject('GET', `/v1/privacy/export?email=${PERSON}`, past.organizer.auth);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const bad = await inject('POST', '/v1/privacy/erase', t.coordinator.auth, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ status: 400 });
    expect((await inject('GET', '/v1/privacy/export?mobile=12345')).statusCode).toBe(400);

    const exported = await inject('GET', `/v1/privacy/export?email=${encodeURIComponent(PERSON.toUpperCase())}`);
    expect(exported.statusCode, exported.body).toBe(200);
    const records = exported.json();
    expect(records.registrations).toHaveLength(2);
    expect(records.registrations.find((r: { event: { id: number } }) => r.event.id === past.event.id)).toMatchObject({
      name: 'Wu Fei',
      mobile: MOBILE,
      status: 'checked_in',
      answers: { from: { value: 'FR' }, idea: { value: 'A robot that waters plants' } },
      feedback: { rating: 4, recommend: 9, comment: 'Call me on 13800138000' },
    });
    expect(records.subscriptions).toMatchObject([{ email: PERSON, status: 'pending' }]);
    expect(records.reservations).toMatchObject([{ name: 'Wu Fei', email: PERSON, phone: MOBILE, company: 'Fei Robotics', status: 'confirmed' }]);
    expect(records.mails.length).toBeGreaterThanOrEqual(4); // two registrations, the subscription, the reservation
    expect(records.mails.every((m: { to: string }) => m.to === PERSON)).toBe(true);
    // By mobile number: the records that carry it.
    const byMobile = (await inject('GET', `/v1/privacy/export?mobile=138-0013-8000`)).json();
    expect([byMobile.registrations.length, byMobile.reservations.length, byMobile.subscriptions.length, byMobile.mails.length]).toEqual([1, 1, 0, 0]);

    const erased = await inject('POST', '/v1/privacy/erase', t.coordinator.auth, { email: PERSON });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().erased).toMatchObject({ registrations: 2, feedback: 1, reservations: 1, subscribers: 1, cancelled: 2 });
    expect(erased.json().erased.emails).toBe(records.mails.length);

    // Nothing is left to find, anywhere in the database.
    const after = (await inject('GET', `/v1/privacy/export?email=${PERSON}`)).json();
    expect([after.registrations, after.invitations, after.subscriptions, after.reservations, after.mails]).toEqual([[], [], [], [], []]);
    expect(everyTextHolding(t.app.db, [PERSON, 'Wu Fei', '13800138000', 'Fei Robotics', 'waters plants'])).toEqual([]);
    // The seat went to the person waiting; the past event's figures are as they were.
    expect(t.app.db.select().from(registrations).where(eq(registrations.id, waiting.id)).get()!.status).toBe('confirmed');
    const feedbackAfter = (await inject('GET', `/v1/events/${past.event.id}/feedback`, past.organizer.auth)).json();
    expect({ ...feedbackAfter, comments: undefined }).toEqual({ ...feedbackBefore, comments: undefined });
    expect(feedbackAfter.comments.map((c: { comment: string }) => c.comment)).not.toContain('Call me on 13800138000');
    const kept = t.app.db.select().from(registrations).where(eq(registrations.id, attended.json().id)).get()!;
    expect(kept).toMatchObject({ status: 'checked_in', name: '', mobile: null, answers: { from: { value: 'FR' } } });
    expect(kept.erasedAt).not.toBeNull();

    // Recorded with counts, audited with a fingerprint instead of the address.
    expect(t.app.db.select().from(erasures).where(eq(erasures.reason, 'in_person')).all()).toMatchObject([{ memberId: t.coordinator.member.id, counts: { registrations: 2 } }]);
    const trail = t.app.db.select().from(auditEntries).where(eq(auditEntries.entityType, 'personal_data')).all();
    expect(trail.map((e) => e.action)).toEqual(['export', 'export', 'erase', 'export']);
    // The same person (by address) has the same fingerprint; by mobile number, another.
    const fingerprint = (i: number) => (trail[i]!.after as { subject: string }).subject;
    expect(fingerprint(2)).toBe(fingerprint(0));
    expect(fingerprint(1)).not.toBe(fingerprint(0));
    expect(JSON.stringify(trail)).not.toContain(PERSON);
    // Erasing again finds nothing and says so.
    expect((await inject('POST', '/v1/privacy/erase', t.coordinator.auth, { email: PERSON })).json().erased).toMatchObject({ registrations: 0, emails: 0, cancelled: 0 });
  });
});
