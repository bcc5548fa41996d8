import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { issueCode } from '../../src/auth/sms-codes.js';
import { erasures, feedback, registrations, subscribers, textedCodes } from '../../src/db/schema.js';
import { nowMs, testClock } from '../../src/time/clock.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { seedCentreWithService, reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import { everyTextHolding } from '../helpers/personal-data.js';
import { settle } from '../helpers/settle.js';
import { useTestAppWithCoordinator } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithCoordinator();

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.coordinator.auth });
const subscriberByEmail = (email: string) => t.app.db.select().from(subscribers).where(eq(subscribers.email, email)).get();
const retentionRuns = () => t.app.db.select().from(erasures).where(eq(erasures.reason, 'retention')).all().filter((run) => run.doneAt);

/** Moves the clock to `at` and waits for the nightly retention run that became due to finish. */
async function nightsPass(at: number) {
  const before = retentionRuns().length;
  testClock.set(at);
  await settle(t.app);
  await waitFor(() => retentionRuns().length > before, 'the retention run');
  return retentionRuns().at(-1)!;
}

describe('retention', () => {
  it('erases subscribers gone for RETENTION_SUBSCRIBER, and an event’s people RETENTION_AFTER_EVENT after it, keeping every figure', async () => {
    const held = await seedPublishedEvent(t.app, { title: 'Hardware night' }, { daysAhead: 1 });
    const people = [
      ['Zhang Wei', 'zhang.wei@example.org'],
      ['Chen Jing', 'chen.jing@example.org'],
    ] as const;
    const ids: number[] = [];
    for (const [name, email] of people) {
      const made = await t.app.inject({ method: 'POST', url: `/v1/events/${held.event.id}/registrations`, payload: { name, email } });
      expect(made.statusCode, made.body).toBe(201);
      ids.push(made.json().id);
    }
    t.app.db.update(registrations).set({ status: 'checked_in', checkedInAt: new Date() }).where(eq(registrations.id, ids[0]!)).run();
    t.app.db.insert(feedback).values({ registrationId: ids[0]!, eventId: held.event.id, rating: 5, comment: 'Zhang Wei here: great night', updatedAt: new Date() }).run();
    const { centre, service } = await seedCentreWithService(t.app, t.coordinator.auth, 'licence');
    const slot = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1, days: 1, hours: 10 }).toISO();
    expect((await reserveConfirmed(t.app, { serviceId: service.id, centreId: centre.id, start: slot, name: 'Sun Li', email: 'sun.li@example.org', creditCode: '91350100M000100Y43' })).statusCode).toBe(201);
    for (const email of ['gone@example.org', 'never@example.org', 'stays@example.org']) {
      expect((await t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email } })).statusCode).toBe(202);
    }
    t.app.db.update(subscribers).set({ status: 'unsubscribed', unsubscribedAt: new Date(nowMs()) }).where(eq(subscribers.email, 'gone@example.org')).run();
    t.app.db.update(subscribers).set({ status: 'confirmed', confirmedAt: new Date(nowMs()) }).where(eq(subscribers.email, 'stays@example.org')).run();

    const year = DateTime.fromISO(held.event.end).setZone('Asia/Shanghai').year;
    const report = async () => (await get(`/v1/reports/impact?from=${year}-01-01&to=${year + 1}-12-31`)).json();
    const attendance = async () => (await t.app.inject({ method: 'GET', url: `/v1/events/${held.event.id}/feedback`, headers: held.organizer.auth })).json();
    testClock.set(Date.parse(held.event.end) + 3_600_000);
    // Whatever the changes so far set going (the event's notices) is done before the figures are read.
    await settle(t.app);
    const figures = await report();

    // 31 days on: the unsubscribed and the never-confirmed subscriber are erased, with the mail sent to them.
    issueCode(t.app.deps, 'privacy:a-number-that-asked');
    const month = await nightsPass(nowMs() + 31 * 86_400_000);
    expect(t.app.db.select().from(textedCodes).all()).toEqual([]); // long lapsed codes go too
    expect(month.counts).toMatchObject({ subscribers: 2, registrations: 0, reservations: 0 });
    expect(month.counts!.emails).toBeGreaterThanOrEqual(2);
    expect(subscriberByEmail('stays@example.org')?.status).toBe('confirmed');
    expect(everyTextHolding(t.app.db, ['gone@example.org', 'never@example.org'])).toEqual([]);
    expect(everyTextHolding(t.app.db, ['zhang.wei@example.org', 'sun.li@example.org'])).not.toEqual([]);
    const said = await attendance();

    // A year and a day after the slot (the later of the two): the event's people and the reservation are erased, the figures are not.
    const year1 = await nightsPass(DateTime.fromISO(slot!).plus({ months: 12, days: 1 }).toMillis());
    expect(year1.counts).toMatchObject({ registrations: 2, feedback: 1, reservations: 1, subscribers: 0 });
    expect(everyTextHolding(t.app.db, ['Zhang Wei', 'zhang.wei@example.org', 'Chen Jing', 'chen.jing@example.org', 'Sun Li', 'sun.li@example.org', '91350100M000100Y43', 'great night'])).toEqual([]);
    expect(await report()).toEqual(figures);
    expect({ ...(await attendance()), comments: [] }).toEqual({ ...said, comments: [] });
    expect(subscriberByEmail('stays@example.org')?.status).toBe('confirmed');
    // The record says how many, never whom.
    expect(JSON.stringify(retentionRuns())).not.toMatch(/example\\.org|Zhang|Sun Li/);
  });
});
