import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { createEvent, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { useTestApp } from '../helpers/test-app.js';
import { seedOrganizer, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

/** Parses iCalendar text the way a calendar client does (Mozilla's ical.js). */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue('status'),
      url: vevent.getFirstPropertyValue('url'),
      start: event.startDate.toJSDate().toISOString(),
    };
  });
}

describe('iCalendar', () => {
  it('serves one event as a parseable .ics with a stable UID, location and sequence', async () => {
    const { event, organizer, venue } = await seedPublishedEvent(t.app, { title: 'Robotics meetup' }, { venue: { address: '200 Zhengli Rd' } });
    const res = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const [parsed] = parse(res.body);
    expect(parsed).toEqual({
      uid: `event-${event.id}@chuanglian.test`,
      summary: 'Robotics meetup',
      location: `${venue.name}, 200 Zhengli Rd`,
      sequence: 0,
      status: 'CONFIRMED',
      url: `http://chuanglian.test/v1/events/${event.id}`,
      start: new Date(event.start).toISOString(),
    });

    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: organizer.auth, payload: {} });
    const [cancelled] = parse((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/ics` })).body);
    expect(cancelled).toMatchObject({ uid: parsed!.uid, status: 'CANCELLED', sequence: 1 });
  });

  it('keeps drafts out of the .ics and the feed', async () => {
    const organizer = seedOrganizer(t.app);
    const draft = (await createEvent(t.app, organizer.auth, { onlineUrl: 'https://x.example', title: 'Secret draft', ...slot(3, '20:00', '21:00') })).json();
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${draft.id}/ics` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/calendar.ics' })).body).not.toContain('Secret draft');
  });

  it('offers a public feed filtered by park, topic and organization', async () => {
    const a = await seedPublishedEvent(t.app, { title: 'Feed A', topics: ['biotech'] });
    const b = await seedPublishedEvent(t.app, { title: 'Feed B', topics: ['ai'] });
    const summaries = async (query: string) => parse((await t.app.inject({ method: 'GET', url: `/v1/calendar.ics?${query}` })).body).map((e) => e.summary);
    expect(await summaries(`park=${a.park.id}`)).toEqual(['Feed A']);
    expect(await summaries('topic=biotech')).toEqual(['Feed A']);
    expect(await summaries(`organization=${b.organizer.organization.id}`)).toEqual(['Feed B']);
    expect(await summaries('')).toEqual(expect.arrayContaining(['Feed A', 'Feed B']));
  });
});
