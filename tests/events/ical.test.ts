import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { events } from '../../src/db/schema.js';
import { icsText, messageCalendar } from '../../src/events/event-ics.js';
import { describe, expect, it } from 'vitest';
import { createEvent, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';
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
      url: `http://chuanglian.test/events/${event.id}`,
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

  it('refuses line breaks and control characters in titles, names and places at the API', async () => {
    const organizer = seedOrganizer(t.app);
    const res = await createEvent(t.app, organizer.auth, { onlineUrl: 'https://x.example', title: 'Salon\r\nEND:VEVENT', ...slot(3, '18:00', '19:00') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'title', detail: 'body: title must be one line, without line breaks or control characters.' });
    const venue = await t.app.inject({ method: 'POST', url: '/v1/venues', headers: seedMember(t.app, 'coordinator').auth, payload: { organizationId: 1, name: 'Hall\u0000', capacity: 5 } });
    expect(venue.json()).toMatchObject({ status: 400, field: 'name' });
  });

  it('escapes what people typed everywhere it writes iCalendar: no line of a title can become a property or a VEVENT', async () => {
    // A row written before titles were checked, as an attacker would have made it.
    const { event: victim } = await seedPublishedEvent(t.app, { title: 'Victim' });
    const { event } = await seedPublishedEvent(t.app, { title: 'Hack night' });
    const hostile = `Hack, night; \\ more\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:event-${victim.id}@chuanglian.test\r\nSTATUS:CANCELLED\r\nX-WR-CALNAME:evil\u0007`;
    t.app.db.update(events).set({ title: hostile }).where(eq(events.id, event.id)).run();

    const ics = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/ics` })).body;
    const parsed = parse(ics);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ uid: `event-${event.id}@chuanglian.test`, status: 'CONFIRMED', summary: hostile.replace('\u0007', '').replace(/\r\n/g, '\n') });
    // The calendar's own name (X-WR-CALNAME, NAME) is one escaped line too.
    const lines = ics.split('\r\n');
    expect(lines.filter((line) => line.startsWith('UID:'))).toEqual([`UID:event-${event.id}@chuanglian.test`]);
    expect(lines.filter((line) => line.startsWith('X-WR-CALNAME:'))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('STATUS:CANCELLED'))).toBe(false);
    expect(ics).not.toContain('\u0007');
    expect(icsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');

    // The feed holds the victim once, still confirmed.
    const feed = parse((await t.app.inject({ method: 'GET', url: '/v1/calendar.ics' })).body).filter((e) => e.uid === `event-${victim.id}@chuanglian.test`);
    expect(feed).toEqual([expect.objectContaining({ status: 'CONFIRMED' })]);
  });

  it('escapes the .ics attached to notices the same way', () => {
    const ics = messageCalendar({ uid: 'event-1@x', sequence: 0, start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', title: 'A\r\nBEGIN:VEVENT', summary: null, place: 'Room; 1, B', url: 'https://x/events/1', kind: 'published', topics: [] } as never);
    const lines = ics.split('\r\n');
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines).toContain('X-WR-CALNAME:A\\nBEGIN:VEVENT');
    expect(parse(ics)[0]).toMatchObject({ summary: 'A\nBEGIN:VEVENT', location: 'Room; 1, B' });
  });
});
