import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toText } from '../../src/mail/templates/announcement.js';
import type { AnnouncementMessage } from '../../src/announcements/announcement-types.js';
import { announcements, deliveries } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { addChannel } from '../helpers/channel-fixtures.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { settle } from '../helpers/settle.js';
import { useTestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/** Each PATCH of a published event's time or place used to send another notice to everyone; now they fold into one. */
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200 }));
});
afterAll(async () => {
  await receiver.close();
  testClock.reset();
});
const t = useTestApp({ UPDATE_SETTLE: 'PT10M', CHANNEL_ALLOW_HOSTS: '127.0.0.1' });

const updatesOf = (eventId: number) => t.app.db.select().from(announcements).where(and(eq(announcements.eventId, eventId), eq(announcements.kind, 'updated'))).all();
const requests = (topic: string, type: string) => receiver.requests.filter((r) => r.path === `/${topic}` && (r.json as { type: string }).type === type);
const shifted = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();

describe('change notices (UPDATE_SETTLE)', () => {
  it('folds a run of changes into one notice, sent once the changes settle, saying what changed and what it was', async () => {
    const topic = `settle-${Date.now()}`;
    await addChannel(t.app, { kind: 'webhook', topics: [topic], config: { url: `${receiver.url}/${topic}` } });
    const { event, organizer } = await seedPublishedEvent(t.app, { topics: [topic], language: 'en' }, { daysAhead: 30 });
    await settle(t.app);
    await waitFor(() => requests(topic, 'event.published').length === 1, 'the published notice');
    const original = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json();

    // Three edits in a row, each starting half an hour later (inside the booking).
    for (const [i, hours] of [0.5, 1, 1.5].entries()) {
      const res = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { start: shifted(event.start, hours), end: event.end } });
      expect(res.statusCode, `edit ${i}`).toBe(200);
    }
    await settle(t.app);
    expect(updatesOf(event.id)).toEqual([expect.objectContaining({ fannedOutAt: null, sequence: 3 })]);
    expect(requests(topic, 'event.updated')).toHaveLength(0);

    testClock.advance(10 * 60_000 + 1_000);
    await settle(t.app);
    const [update] = updatesOf(event.id);
    expect(update!.fannedOutAt).not.toBeNull();
    await waitFor(() => requests(topic, 'event.updated').length === 1, 'one change notice');
    const message = (requests(topic, 'event.updated')[0]!.json as { data: AnnouncementMessage }).data;
    const now = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json();
    expect(message.start).toBe(now.start);
    expect(message.was?.when).toBeDefined();
    expect(message.was?.when).not.toBe(message.when);
    expect(message.was?.place).toBeUndefined(); // the place did not change
    expect(toText(message)).toContain(`(was: ${message.was!.when})`);
    expect(original.start).not.toBe(now.start);

    // Later changes start a new notice.
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { start: shifted(event.start, 2) } });
    expect(updatesOf(event.id).filter((a) => a.fannedOutAt === null)).toHaveLength(1);
  });

  it('drops a change notice still waiting when the event is cancelled: the cancellation says it all', async () => {
    const topic = `settle-cancel-${Date.now()}`;
    await addChannel(t.app, { kind: 'webhook', topics: [topic], config: { url: `${receiver.url}/${topic}` } });
    const { event, organizer } = await seedPublishedEvent(t.app, { topics: [topic], language: 'en' }, { daysAhead: 31 });
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { start: shifted(event.start, 1) } });
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: organizer.auth, payload: {} });
    testClock.advance(10 * 60_000 + 1_000);
    await settle(t.app);
    await waitFor(() => requests(topic, 'event.cancelled').length === 1, 'the cancellation');
    const [update] = updatesOf(event.id);
    expect(update!.fannedOutAt).not.toBeNull();
    expect(t.app.db.select().from(deliveries).where(eq(deliveries.announcementId, update!.id)).all()).toEqual([]);
    expect(requests(topic, 'event.updated')).toHaveLength(0);
  });
});
