import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { registerFor } from '../helpers/event-fixtures.js';
import { useTestAppWithMail } from '../helpers/test-app.js';
import { seedOrganizer } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail({ REMINDER_BEFORE: '1m' });

/** An online event starting `seconds` from now, so its 1-minute reminder falls due a few seconds from now. */
async function eventStartingIn(seconds: number, title: string) {
  const organizer = seedOrganizer(t.app);
  const start = DateTime.now().setZone('Asia/Shanghai').plus({ seconds });
  const draft = await t.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: organizer.auth,
    payload: { title, capacity: 10, language: 'en', onlineUrl: 'https://live.example/r', start: start.toISO(), end: start.plus({ hours: 1 }).toISO() },
  });
  await t.app.inject({ method: 'POST', url: `/v1/events/${draft.json().id}/publish`, headers: organizer.auth });
  return { id: draft.json().id as number, organizer, start };
}

const reminders = (email: string, title: string) => t.sink.mailTo(email).filter((m) => m.subject === `Reminder: ${title}`);

describe('reminders', () => {
  it('reminds a registered attendee exactly once, REMINDER_BEFORE the start, with the .ics', async () => {
    const event = await eventStartingIn(63, 'Pitch clinic');
    await registerFor(t.app, event.id, 'Ann', 'ann@remind.example');
    const [mail] = await waitFor(() => reminders('ann@remind.example', 'Pitch clinic').length > 0 && reminders('ann@remind.example', 'Pitch clinic'), 'the reminder', 20_000);
    expect(mail!.text).toContain("Can't come after all?");
    expect(mail!.attachments[0]!.filename).toBe(`event-${event.id}.ics`);
    // Handing everything over again sends nothing twice.
    t.app.outbox.kick(true);
    await t.app.outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reminders('ann@remind.example', 'Pitch clinic')).toHaveLength(1);
  });

  it('reminds subscribers who asked for reminders, and only them', async () => {
    for (const [email, wantsReminders] of [['keen@remind.example', true], ['calm@remind.example', false]] as const) {
      await t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email, language: 'en', reminders: wantsReminders } });
      const mail = await waitFor(() => t.sink.mailTo(email)[0], 'confirmation');
      await t.app.inject({ method: 'GET', url: mail.text!.match(/http:\/\/chuanglian\.test(\S+confirm\?token=\S+)/)![1]! });
    }
    await eventStartingIn(63, 'Office hours');
    await waitFor(() => reminders('keen@remind.example', 'Office hours').length === 1, 'the subscriber reminder', 20_000);
    expect(t.sink.mailTo('calm@remind.example').map((m) => m.subject)).toContain('New event: Office hours');
    expect(reminders('calm@remind.example', 'Office hours')).toHaveLength(0);
  });

  it('moves the reminder with the event', async () => {
    const event = await eventStartingIn(63, 'Moved salon');
    await registerFor(t.app, event.id, 'Bo', 'bo@remind.example');
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: event.organizer.auth, payload: { start: event.start.plus({ seconds: 4 }).toISO() } });
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(reminders('bo@remind.example', 'Moved salon')).toHaveLength(0); // not at the old time
    await waitFor(() => reminders('bo@remind.example', 'Moved salon').length === 1, 'the reminder at the new time', 20_000);
  });

  it('drops the reminder of a cancelled event', async () => {
    const event = await eventStartingIn(64, 'Called off');
    await registerFor(t.app, event.id, 'Cai', 'cai@remind.example');
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: event.organizer.auth, payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(reminders('cai@remind.example', 'Called off')).toHaveLength(0);
  });
});
