import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { announcements } from '../../src/db/schema.js';
import { nowMs, testClock } from '../../src/time/clock.js';
import { registerFor } from '../helpers/event-fixtures.js';
import { settle } from '../helpers/settle.js';
import { useTestAppWithMail } from '../helpers/test-app.js';
import { seedOrganizer } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail({ REMINDER_BEFORE: '1h' });
afterAll(() => testClock.reset());

const HOUR = 3_600_000;

/** An online event starting two hours from now (on the app's clock): its reminder falls due in one hour. */
async function eventInTwoHours(title: string) {
  const organizer = seedOrganizer(t.app);
  const start = DateTime.fromMillis(nowMs(), { zone: 'Asia/Shanghai' }).plus({ hours: 2 });
  const draft = await t.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: organizer.auth,
    payload: { title, capacity: 10, language: 'en', onlineUrl: 'https://live.example/r', start: start.toISO(), end: start.plus({ hours: 1 }).toISO() },
  });
  await t.app.inject({ method: 'POST', url: `/v1/events/${draft.json().id}/publish`, headers: organizer.auth });
  await settle(t.app);
  return { id: draft.json().id as number, organizer, start };
}

const reminders = (email: string, title: string) => t.sink.mailTo(email).filter((m) => m.subject === `Reminder: ${title}`);
const reminderAnnouncements = (eventId: number) =>
  t.app.db.select().from(announcements).where(and(eq(announcements.eventId, eventId), eq(announcements.kind, 'reminder'))).all();

/** Moves the clock and lets every job that fell due run. */
async function advance(ms: number) {
  testClock.advance(ms);
  await settle(t.app);
}

describe('reminders', () => {
  it('reminds a registered attendee exactly once, REMINDER_BEFORE the start, with the .ics', async () => {
    const event = await eventInTwoHours('Pitch clinic');
    await registerFor(t.app, event.id, 'Ann', 'ann@remind.example');
    await advance(HOUR - 60_000 - 1_000); // just before the tolerance window: nothing yet
    expect(reminderAnnouncements(event.id)).toHaveLength(0);
    await advance(61_000);
    const [mail] = await waitFor(() => reminders('ann@remind.example', 'Pitch clinic').length > 0 && reminders('ann@remind.example', 'Pitch clinic'), 'the reminder');
    expect(mail!.text).toContain("Can't come after all?");
    expect(mail!.attachments[0]!.filename).toBe(`event-${event.id}.ics`);
    // Handing everything over again, and time going on, sends nothing twice.
    t.app.outbox.kick(true);
    await advance(30 * 60_000);
    expect(reminderAnnouncements(event.id)).toHaveLength(1);
    expect(reminders('ann@remind.example', 'Pitch clinic')).toHaveLength(1);
  });

  it('reminds subscribers who asked for reminders, and only them', async () => {
    for (const [email, wantsReminders] of [['keen@remind.example', true], ['calm@remind.example', false]] as const) {
      await t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email, language: 'en', reminders: wantsReminders } });
      const mail = await waitFor(() => t.sink.mailTo(email)[0], 'confirmation');
      await t.app.inject({ method: 'POST', url: mail.text!.match(/http:\/\/chuanglian\.test(\S+confirm\?token=\S+)/)![1]! });
    }
    await eventInTwoHours('Office hours');
    await advance(HOUR);
    await waitFor(() => reminders('keen@remind.example', 'Office hours').length === 1, 'the subscriber reminder');
    expect(t.sink.mailTo('calm@remind.example').map((m) => m.subject)).toContain('New event: Office hours');
    expect(reminders('calm@remind.example', 'Office hours')).toHaveLength(0);
  });

  it('moves the reminder with the event', async () => {
    const event = await eventInTwoHours('Moved salon');
    await registerFor(t.app, event.id, 'Bo', 'bo@remind.example');
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: event.organizer.auth, payload: { start: event.start.plus({ minutes: 30 }).toISO(), end: event.start.plus({ minutes: 90 }).toISO() } });
    await advance(HOUR); // the old reminder time
    expect(reminderAnnouncements(event.id)).toHaveLength(0);
    await advance(30 * 60_000); // the new one
    expect(reminderAnnouncements(event.id)).toHaveLength(1);
    await waitFor(() => reminders('bo@remind.example', 'Moved salon').length === 1, 'the reminder at the new time');
  });

  it('drops the reminder of a cancelled event', async () => {
    const event = await eventInTwoHours('Called off');
    await registerFor(t.app, event.id, 'Cai', 'cai@remind.example');
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: event.organizer.auth, payload: {} });
    await advance(HOUR + 60_000);
    expect(reminderAnnouncements(event.id)).toHaveLength(0);
    expect(reminders('cai@remind.example', 'Called off')).toHaveLength(0);
  });
});
