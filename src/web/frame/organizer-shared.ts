import { organizationNames } from '../../organizations/organizations-service.js';
import type { FastifyInstance } from 'fastify';
import { listVenues } from '../../venues/venues-service.js';
import { html, type SafeHtml } from '../../http/html.js';
import { notice, words } from './layout.js';
import { assertRunsEvent } from '../../events/event-access.js';
import { toEventView } from '../../events/event-view.js';
import { eventWithPlace } from '../../events/events-service.js';
import type { EventView } from '../../events/events-schemas.js';
import type { Visitor } from './visitor.js';

type Query = Record<string, string | undefined>;

/** Flash messages after a redirect: `?done=<key>` names one of these. */
const DONE = { requested: 'doneRequested', withdrawn: 'doneWithdrawn', created: 'doneCreated', saved: 'doneSaved', published: 'donePublished', cancelled: 'doneCancelled' } as const;

export function doneNotice(visitor: Visitor, query: Query): SafeHtml {
  const key = DONE[query.done as keyof typeof DONE];
  return key ? notice(words(visitor, key)) : html``;
}

/** Every active venue with its park's name, for the organizer's forms. */
export function venueChoices(app: FastifyInstance) {
  const parks = new Map(organizationNames(app.deps).map((o) => [o.id, o.name]));
  return listVenues(app.deps, { limit: 200 }).items.map((v) => ({ ...v, park: parks.get(v.organizationId) ?? '' }));
}

/** A venue's hourly fee in words: "200 yuan/h", or "free of charge". */
export function feeWords(visitor: Visitor, feePerHour: number): string {
  return feePerHour === 0 ? words(visitor, 'feeFree') : words(visitor, 'feeValue', { fee: feePerHour });
}

/**
 * One venue offered instead of a request's own (after a decline, an expiry or a conflict):
 * name, park, capacity and fee, and the button that asks it.
 */
export function alternativeItem(visitor: Visitor, a: { name: string; park: string; capacity: number; feePerHour: number }, button: SafeHtml | string): SafeHtml {
  return html`<li><strong>${a.name}</strong> · ${a.park} · ${words(visitor, 'capacity')} ${a.capacity} · ${feeWords(visitor, a.feePerHour)} ${button}</li>`;
}

/** An event the visitor runs (its organization's, or any for a coordinator), as the organizer's pages show it. */
export function ownEvent(app: FastifyInstance, visitor: Visitor, id: number): EventView {
  const place = eventWithPlace(app.deps, id);
  assertRunsEvent(visitor.principal!, place.event);
  return toEventView(place);
}
