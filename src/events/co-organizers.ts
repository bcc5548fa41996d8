import type { Principal } from '../auth/principal.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { IMMEDIATE, type DbOrTx } from '../db/database.js';
import {
  acceptedCoOrganizerIds,
  answerCoOrganizerRequest,
  coOrganizingAskedOf,
  findCoOrganizerRequest,
  findEventRow,
  keepCoOrganizerRequests,
  namedWithAnswers,
  updateEventRow,
} from './events-dal.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors/http-errors.js';
import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import { nowDate } from '../time/clock.js';
import { assertRunsEvent } from './event-access.js';
import { organizationNamesOf } from '../organizations/organizations-service.js';

/**
 * Co-organizers by consent: the organizer names organizations; each is *asked*, and becomes a
 * co-organizer (shown on the event, credited in the annual review) only once one of its members
 * accepts. events.coOrganizerIds holds the accepted ones, in the order the organizer named them.
 */

/** The named organizations checked: member organizations that exist, not the organizing one. */
function checkNamed(tx: DbOrTx, organizationId: number, ids: number[]): void {
  if (ids.includes(organizationId)) throw new BadRequestError('The organizing organization is not its own co-organizer.', 'coOrganizerIds').say('errCoOrganizerSelf');
  if (ids.length === 0) return;
  const known = organizationNamesOf({ db: tx }, ids);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) throw new BadRequestError(`There is no organization ${unknown}.`, 'coOrganizerIds').say('errCoOrganizerUnknown', { id: unknown });
}

/** Keeps the event's accepted co-organizers in the order they were named. */
function syncAccepted(tx: DbOrTx, eventId: number, named: number[]): void {
  const accepted = acceptedCoOrganizerIds(tx, eventId);
  updateEventRow(tx, eventId, { coOrganizerIds: named.filter((id) => accepted.has(id)) });
}

/**
 * Inside the event's transaction: the organizer names its co-organizers (the whole list). New
 * names are asked; names left out are dropped (asked, accepted or declined); the rest keep their answer.
 */
export function nameCoOrganizers(tx: DbOrTx, event: { id: number; organizationId: number }, ids: number[]): void {
  checkNamed(tx, event.organizationId, ids);
  keepCoOrganizerRequests(tx, event.id, ids);
  syncAccepted(tx, event.id, ids);
}

/** The organizations named on an event and their answers, in the order named; for those who run it. */
export function coOrganizersOf({ db }: DbDeps, principal: Principal, eventId: number) {
  const event = findEventRow(db, eventId);
  if (!event) throw new NotFoundError('Event', eventId);
  assertRunsEvent(principal, event);
  return { items: namedWithAnswers(db, eventId) };
}

/** The organizations named on an event and their answers, in the order named (for the organizer's pages). */
export function coOrganizerAnswers({ db }: DbDeps, eventId: number) {
  return namedWithAnswers(db, eventId);
}

/**
 * A member answers for their organization: accept (it is shown and credited) or decline (it is
 * not). An answer may change while the event is still to be held or published.
 */
export function answerCoOrganizing({ db }: OwnDbDeps, principal: Principal, eventId: number, answer: 'accepted' | 'declined', actor: Actor) {
  return db.transaction((tx) => {
    const request = findCoOrganizerRequest(tx, eventId, principal.organizationId);
    // Not asked: the event is not this organization's to answer for (and a draft is not known to it).
    if (!request) throw new NotFoundError('Co-organizer request', eventId);
    const event = findEventRow(tx, eventId)!;
    if (event.status === 'cancelled' || event.status === 'completed') throw new ConflictError(`Event ${eventId} is ${event.status}.`, { rule: 'closed' }).say('errEventClosed');
    const after = answerCoOrganizerRequest(tx, eventId, principal.organizationId, { status: answer, answeredBy: principal.memberId, answeredAt: nowDate() });
    recordAudit(tx, { entityType: 'event', entityId: eventId, action: `co-organizer-${answer}`, actor, before: request, after });
    const named = namedWithAnswers(tx, eventId).map((r) => r.organizationId);
    syncAccepted(tx, eventId, named);
    return { eventId, organizationId: principal.organizationId, status: answer };
  }, IMMEDIATE);
}

/** What a member's home page asks them: events still to come whose organizer named their organization. */
export function coOrganizingAsked({ db }: DbDeps, organizationId: number, now: Date) {
  return coOrganizingAskedOf(db, organizationId, now);
}
