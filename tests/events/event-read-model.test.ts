import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { findEventWithPlace } from '../../src/events/events-dal.js';
import { publicEventRows, rowsFromDatabase } from '../../src/events/events-listing-dal.js';
import { toEventView } from '../../src/events/event-view.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

/**
 * The public JSON of events is kept per version (src/events/event-forms.ts); whatever changes an
 * event, its venue, its seats or its co-organizers — through the API or by another process writing
 * the file — the listing and the event's own answer equal a fresh render.
 */
describe('the events read model', () => {
  it('always equals a fresh render, after any sequence of changes', async () => {
    const seeded = await Promise.all([0, 1, 2].map((i) => seedPublishedEvent(t.app, { title: `Salon ${i}`, capacity: 3, topics: i === 1 ? ['hardware'] : ['AI', 'hardware'] }, { daysAhead: 10 + i })));
    const ids = seeded.map((s) => s.event.id);
    const fresh = (id: number) => JSON.stringify(toEventView(findEventWithPlace(t.app.db, id)));
    let people = 0;
    let pages = 0;
    // The page's own part, without the form's CSRF token (each visitor's own).
    const mainOf = (page: string) => page.slice(page.indexOf('<main>'), page.indexOf('</main>')).replace(/name="_csrf" value="[^"]*"/g, '');

    const check = async () => {
      const listed = await t.app.inject({ method: 'GET', url: `/v1/events?limit=100&from=${encodeURIComponent(new Date().toISOString())}` });
      const items = new Map((listed.json().items as Array<{ id: number }>).map((item) => [item.id, JSON.stringify(item)]));
      for (const id of ids) {
        const place = findEventWithPlace(t.app.db, id);
        if (place.event.status !== 'published') continue;
        expect(items.get(id), `event ${id} in the listing`).toBe(fresh(id));
        const one = await t.app.inject({ method: 'GET', url: `/v1/events/${id}` });
        expect(JSON.stringify(one.json())).toBe(fresh(id));
        // The public page a visitor who is not signed in gets is kept too: it shows what a page drawn now (a new address) shows.
        const kept = await t.app.inject({ method: 'GET', url: `/events/${id}` });
        const drawn = await t.app.inject({ method: 'GET', url: `/events/${id}?now=${++pages}` });
        expect(kept.statusCode).toBe(200);
        expect(mainOf(kept.body), `page of event ${id}`).toBe(mainOf(drawn.body));
      }
      // The listing kept in memory filters as the database does.
      const now = Date.now();
      const titles = ids.map((id) => findEventWithPlace(t.app.db, id).event.title);
      const filters = [{}, { q: titles[0]!.slice(1, 4) }, { q: 'SALON' }, { q: '%' }, { topic: 'ai' }, { topic: 'Hardware ' }, { park: seeded[1]!.park.id }, { organization: seeded[2]!.organizer.organization.id }, { toMs: now + 11 * 86_400_000 }];
      for (const filter of filters) {
        const query = { fromMs: now, limit: 10, ...filter };
        expect(publicEventRows(t.app.db, query, now), JSON.stringify(filter)).toEqual(rowsFromDatabase(t.app.db, query));
      }
    };

    const change = fc.oneof(
      fc.record({ kind: fc.constant('title'), event: fc.nat(2), text: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0) }),
      fc.record({ kind: fc.constant('capacity'), event: fc.nat(2), n: fc.integer({ min: 3, max: 40 }) }),
      fc.record({ kind: fc.constant('register'), event: fc.nat(2) }),
      fc.record({ kind: fc.constant('venue'), event: fc.nat(2), text: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0), zone: fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York') }),
      fc.record({ kind: fc.constant('co-organizer'), event: fc.nat(2), other: fc.nat(2) }),
      fc.record({ kind: fc.constant('elsewhere'), event: fc.nat(2), text: fc.string({ minLength: 1, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('other connection'), event: fc.nat(2), text: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0), topic: fc.constantFrom('ai', 'hardware', 'x"y', 'a,b') }),
    );

    await check();
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 6 }), async (changes) => {
        for (const c of changes) {
          const s = seeded[c.event]!;
          const id = s.event.id;
          if (c.kind === 'title') await t.app.inject({ method: 'PATCH', url: `/v1/events/${id}`, headers: s.organizer.auth, payload: { title: c.text } });
          if (c.kind === 'capacity') await t.app.inject({ method: 'PATCH', url: `/v1/events/${id}`, headers: s.organizer.auth, payload: { capacity: c.n } });
          if (c.kind === 'register') {
            people += 1;
            await t.app.inject({ method: 'POST', url: `/v1/events/${id}/registrations`, payload: { name: `P${people}`, email: `p${people}@example.org` }, remoteAddress: `10.0.${people % 250}.1` });
          }
          if (c.kind === 'venue') await t.app.inject({ method: 'PATCH', url: `/v1/venues/${s.venue.id}`, headers: s.manager.auth, payload: { name: c.text, address: `${c.text} Road`, timezone: c.zone } });
          if (c.kind === 'co-organizer') {
            const other = seeded[c.other]!.organizer.organization.id;
            if (other !== s.organizer.organization.id) await t.app.inject({ method: 'PATCH', url: `/v1/events/${id}`, headers: s.organizer.auth, payload: { coOrganizerIds: [other] } });
            await t.app.inject({ method: 'POST', url: `/v1/events/${id}/co-organizers/accept`, headers: seeded[c.other]!.organizer.auth });
          }
          // Another process (the CLI, an operator's SQL) changes the row: the version moves by the trigger.
          if (c.kind === 'elsewhere') t.app.db.$client.prepare('update events set summary = ? where id = ?').run(c.text, id);
          // A second connection to the file (another process): this connection sees it by data_version.
          if (c.kind === 'other connection') {
            const other = new Database(t.app.db.$client.name);
            try {
              other.prepare('update events set title = ?, topics = ? where id = ?').run(c.text, JSON.stringify([c.topic]), id);
            } finally {
              other.close();
            }
            // A request that could know of another process's commit arrives in a later turn of the
            // event loop; the API reads data_version once per turn (src/db/write-stamp.ts).
            await new Promise((resolve) => setImmediate(resolve));
          }
          await check();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
