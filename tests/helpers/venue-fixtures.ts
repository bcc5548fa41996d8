import { DateTime } from 'luxon';
import type { App } from '../../src/app.js';
import { seedMember, seedMemberIn } from './test-app.js';

export const ALL_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '24:00' }]]));

/** A park with a manager and a venue (created through the API); options override the venue fields. */
export async function seedVenue(app: App, venue: Record<string, unknown> = {}) {
  const manager = seedMember(app, 'park_manager');
  const res = await app.inject({
    method: 'POST',
    url: '/v1/venues',
    headers: manager.auth,
    payload: { organizationId: manager.organization.id, name: `Hall of ${manager.organization.name}`, capacity: 50, ...venue },
  });
  if (res.statusCode !== 201) throw new Error(`seedVenue answered ${res.statusCode}: ${res.body}`);
  return { venue: res.json<{ id: number; timezone: string; name: string; organizationId: number }>(), manager, park: manager.organization };
}

/** An organizer of a grassroots organization of its own. */
export function seedOrganizer(app: App) {
  return seedMember(app, 'organizer');
}

/** A second manager of the same park. */
export function seedManagerOf(app: App, park: Parameters<typeof seedMemberIn>[1]) {
  return seedMemberIn(app, park, 'park_manager');
}

/**
 * A slot `daysAhead` days from today at local wall-clock times in the zone, as ISO strings
 * with the zone's offset: slot(3, '14:00', '16:00') → 14:00–16:00 Shanghai time, 3 days on.
 */
export function slot(daysAhead: number, from: string, to: string, zone = 'Asia/Shanghai') {
  const day = DateTime.now().setZone(zone).startOf('day').plus({ days: daysAhead });
  const at = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
    return day.set({ hour, minute }).toISO({ suppressMilliseconds: true })!;
  };
  return { start: at(from), end: at(to) };
}

export async function requestBooking(app: App, auth: Record<string, string>, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/v1/bookings', headers: auth, payload: { expectedAttendance: 20, purpose: 'Founder meetup', ...body } });
}
