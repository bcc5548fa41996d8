import type { Db } from '../../src/db/database.js';
import { bookings, events, members, organizations, venues } from '../../src/db/schema.js';
import { DEFAULT_OPENING_HOURS } from '../../src/time/opening-hours.js';

export const TOPICS = ['ai', 'hardware', 'biotech', 'fintech', 'export', 'design', 'climate', 'edu'];
export const WORDS = ['founders', 'salon', 'demo', 'pitch', 'night', 'workshop', 'meetup', 'forum', 'lab', 'club'];

export interface Listing {
  parkIds: number[];
  eventIds: number[];
}

/**
 * `count` published events an hour apart from `now`, at the halls of `parkCount` parks (an
 * approved booking each), titled from WORDS and tagged with two TOPICS, so listings can be asked
 * by word, topic and park.
 */
export function seedPublishedEvents(db: Db, count: number, parkCount: number, now = Date.now()): Listing {
  const parks = Array.from({ length: parkCount }, (_, p) => db.insert(organizations).values({ name: `Bench park ${p}`, kind: 'park' }).returning().get());
  const org = db.insert(organizations).values({ name: 'Bench organizer', kind: 'grassroots' }).returning().get();
  const member = db.insert(members).values({ organizationId: org.id, name: 'Bench', email: 'bench@example.org', role: 'organizer' }).returning().get();
  const halls = parks.map((park) => db.insert(venues).values({ organizationId: park.id, name: `Hall of ${park.name}`, capacity: 200, openingHours: DEFAULT_OPENING_HOURS }).returning().get());
  const eventIds: number[] = [];
  db.transaction((tx) => {
    for (let i = 0; i < count; i++) {
      const start = now + (i + 1) * 3600_000;
      const hall = halls[i % parkCount]!;
      const booking = tx
        .insert(bookings)
        .values({ venueId: hall.id, organizationId: org.id, requestedBy: member.id, startAt: new Date(start), endAt: new Date(start + 2 * 3600_000), expectedAttendance: 50, purpose: 'Bench', status: 'approved', expiresAt: new Date(start) })
        .returning()
        .get();
      const event = tx
        .insert(events)
        .values({
          organizationId: org.id,
          createdBy: member.id,
          title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${i}`,
          summary: 'A benchmark event with a realistic summary length for the listing page.',
          topics: [TOPICS[i % TOPICS.length]!, TOPICS[(i * 3) % TOPICS.length]!],
          startAt: new Date(start),
          endAt: new Date(start + 2 * 3600_000),
          bookingId: booking.id,
          capacity: 100,
          status: 'published',
          publishedAt: new Date(),
          updatedAt: new Date(),
        })
        .returning({ id: events.id })
        .get();
      eventIds.push(event.id);
    }
  });
  return { parkIds: parks.map((park) => park.id), eventIds };
}

/** `count` listing URLs (path and query) no two alike: each its own `from`, a second apart, and one filter in turn. */
export function distinctListingPaths(count: number, parkIds: number[], now = Date.now()): string[] {
  return Array.from({ length: count }, (_, i) => {
    const from = new Date(now + i * 1000).toISOString();
    const filter = [`q=${WORDS[i % WORDS.length]}`, `topic=${TOPICS[i % TOPICS.length]}`, `park=${parkIds[i % parkIds.length]}`, ''][i % 4];
    return `/v1/events?from=${encodeURIComponent(from)}&limit=50${filter ? `&${filter}` : ''}`;
  });
}
