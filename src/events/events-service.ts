import { assertQuestions } from './event-questions.js';
import type { DbDeps, EventRegistrants } from '../services/service-deps.js';
import type { Principal } from '../auth/principal.js';
import { announceUpdate, writeAnnouncement } from '../announcements/announcements.js';
import { cancelEventInTransaction } from './event-cancellation.js';
import { nameCoOrganizers } from './co-organizers.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { MAX_BOOKING_MS } from '../bookings/booking-limits.js';
import { bookingsByIds } from '../bookings/bookings-service.js';
import { IMMEDIATE, type Db, type DbOrTx } from '../db/database.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import { parseInstant } from '../time/instants.js';
import { findVenue } from '../venues/venues-service.js';
import { assertRunsEvent, canRunEvent } from './event-access.js';
import { eventForMail, toEventView } from './event-view.js';
import { eventJsonForm, withSeats } from './event-forms.js';
import { eventOnBooking, eventVersions, findEventRow, findEventWithPlace, insertEvent, markFeedbackRequested, seatsTaken, updateEventRow, type EventRow } from './events-dal.js';
import type { CreateEventInput, EventView, UpdateEventInput } from './events-schemas.js';
import { nowMs, nowDate } from '../time/clock.js';

export interface EventDeps {
  db: Db;
  /** What the event's changes do to its registrations (seats added, cancelled). */
  registrants: EventRegistrants;
  /** UPDATE_SETTLE: how long a change notice waits for more changes to fold in (0: at once). */
  updateSettleMs?: number;
}

interface Plan {
  organizationId: number;
  start: number;
  end: number;
  capacity: number;
  bookingId: number | null;
  onlineUrl: string | null;
}

/**
 * Checks where and when an event takes place: on a booking of its own organization that is
 * still live (approved, or pending for a draft), inside the booked time and within the
 * venue's capacity; or online. Each failure names its field.
 */
function checkPlan(tx: DbOrTx, plan: Plan, mustBeApproved: boolean, eventId?: number): void {
  if (plan.end <= plan.start) throw new BadRequestError('end must be after start.', 'end', { rule: 'end-after-start' }).say('errEndAfterStart');
  if (plan.end - plan.start > MAX_BOOKING_MS) throw new BadRequestError('An event may last at most 7 days.', 'end', { rule: 'max-duration' }).say('errEventTooLong');
  if ((plan.bookingId === null) === (plan.onlineUrl === null)) {
    throw new BadRequestError('Give either bookingId (an event at a venue) or onlineUrl (an online event), not both or neither.', 'bookingId', { rule: 'place' }).say('errEventPlace');
  }
  if (plan.bookingId === null) return;
  const [booking] = bookingsByIds({ db: tx }, [plan.bookingId]);
  if (!booking) throw new BadRequestError(`Booking ${plan.bookingId} does not exist.`, 'bookingId', { rule: 'own-booking' }).say('errNoSuchBooking');
  if (booking.organizationId !== plan.organizationId) {
    throw new ForbiddenError(`Booking ${plan.bookingId} is not one of your organization’s.`, 'bookingId', { rule: 'own-booking' }).say('errNotYourBooking');
  }
  const usable = mustBeApproved ? booking.status === 'approved' : booking.status === 'approved' || booking.status === 'pending';
  if (!usable) {
    throw new ConflictError(`Booking ${booking.id} is ${booking.status}${mustBeApproved ? '; an event is published only on an approved booking' : ''}.`, {
      rule: 'booking-approved',
      field: 'bookingId',
    }).say('errBookingNotApproved');
  }
  if (plan.start < booking.startAt.getTime() || plan.end > booking.endAt.getTime()) {
    throw new BadRequestError(`The event must take place within booking ${booking.id}.`, 'start', { rule: 'within-booking' }).say('errWithinBooking');
  }
  const venue = findVenue({ db: tx }, booking.venueId);
  if (plan.capacity > venue.capacity) throw new BadRequestError(`capacity ${plan.capacity} exceeds ${venue.name}'s ${venue.capacity}.`, 'capacity', { rule: 'venue-capacity' }).say('errEventOverCapacity', { venue: venue.name, capacity: venue.capacity });
  const other = eventOnBooking(tx, booking.id);
  if (other && other.id !== eventId) throw new ConflictError(`Booking ${booking.id} already hosts event ${other.id}.`, { rule: 'booking-taken', field: 'bookingId' }).say('errBookingTaken');
}

export function createEvent(deps: EventDeps, principal: Principal, input: CreateEventInput, actor: Actor): EventView {
  if (input.organizationId && input.organizationId !== principal.organizationId && principal.role !== 'coordinator') {
    throw new ForbiddenError('Only coordinators create events for another organization.').say('errOtherOrganization');
  }
  assertQuestions(input.questions ?? []);
  const plan: Plan = {
    organizationId: input.organizationId ?? principal.organizationId,
    start: parseInstant(input.start, 'start'),
    end: parseInstant(input.end, 'end'),
    capacity: input.capacity,
    bookingId: input.bookingId ?? null,
    onlineUrl: input.onlineUrl ?? null,
  };
  if (plan.start <= nowMs()) throw new BadRequestError('start must be in the future.', 'start', { rule: 'in-future' }).say('errStartInFuture');
  return deps.db.transaction((tx) => {
    checkPlan(tx, plan, false);
    const now = nowDate();
    const row = insertEvent(tx, {
      organizationId: plan.organizationId,
      createdBy: principal.memberId,
      title: input.title.trim(),
      summary: input.summary ?? null,
      body: input.body ?? null,
      language: input.language ?? 'zh-CN',
      topics: normalizeTopics(input.topics),
      startAt: new Date(plan.start),
      endAt: new Date(plan.end),
      bookingId: plan.bookingId,
      onlineUrl: plan.onlineUrl,
      capacity: plan.capacity,
      confirmRegistrations: input.confirmRegistrations ?? false,
      askMobile: input.askMobile ?? 'off',
      questions: input.questions ?? [],
      updatedAt: now,
    });
    recordAudit(tx, { entityType: 'event', entityId: row.id, action: 'created', actor, after: row });
    if (input.coOrganizerIds?.length) nameCoOrganizers(tx, row, input.coOrganizerIds);
    return toEventView(findEventWithPlace(tx, row.id));
  }, IMMEDIATE);
}

function normalizeTopics(topics: string[] | undefined): string[] {
  return [...new Set((topics ?? []).map((topic) => topic.trim().toLowerCase()))];
}

function editable(event: EventRow): void {
  if (event.status === 'cancelled' || event.status === 'completed') throw new ConflictError(`Event ${event.id} is ${event.status} and can no longer change.`, { rule: 'closed' }).say('errEventClosed');
}

/**
 * Changes an event. For a published event every change bumps its iCalendar sequence, and a
 * change of time or place writes an `updated` announcement in the same transaction.
 */
export function updateEvent(deps: EventDeps, principal: Principal, id: number, input: UpdateEventInput, actor: Actor): EventView {
  return deps.db.transaction((tx) => {
    const beforePlace = findEventWithPlace(tx, id);
    const before = beforePlace.event;
    assertRunsEvent(principal, before);
    editable(before);
    assertQuestions(input.questions ?? []);
    const plan: Plan = {
      organizationId: before.organizationId,
      start: input.start ? parseInstant(input.start, 'start') : before.startAt.getTime(),
      end: input.end ? parseInstant(input.end, 'end') : before.endAt.getTime(),
      capacity: input.capacity ?? before.capacity,
      bookingId: input.bookingId !== undefined ? input.bookingId : before.bookingId,
      onlineUrl: input.onlineUrl !== undefined ? input.onlineUrl : before.onlineUrl,
    };
    // Switching between a venue and online: giving one clears the other.
    if (input.bookingId) plan.onlineUrl = input.onlineUrl ?? null;
    if (input.onlineUrl) plan.bookingId = input.bookingId ?? null;
    const published = before.status === 'published';
    checkPlan(tx, plan, published, id);
    const taken = seatsTaken(tx, id);
    if (plan.capacity < taken) throw new ConflictError(`${taken} people already hold seats; capacity cannot go below that.`, { rule: 'capacity-below-seats', field: 'capacity' }).say('errCapacityBelowSeats', { n: taken });

    const timeChanged = plan.start !== before.startAt.getTime() || plan.end !== before.endAt.getTime();
    const placeChanged = plan.bookingId !== before.bookingId || plan.onlineUrl !== before.onlineUrl;
    const moved = timeChanged || placeChanged;
    const sequence = published ? before.sequence + 1 : before.sequence;
    const after = updateEventRow(tx, id, {
      title: input.title?.trim() ?? before.title,
      summary: input.summary !== undefined ? input.summary : before.summary,
      body: input.body !== undefined ? input.body : before.body,
      language: input.language ?? before.language,
      topics: input.topics ? normalizeTopics(input.topics) : before.topics,
      startAt: new Date(plan.start),
      endAt: new Date(plan.end),
      bookingId: plan.bookingId,
      onlineUrl: plan.onlineUrl,
      capacity: plan.capacity,
      confirmRegistrations: input.confirmRegistrations ?? before.confirmRegistrations,
      askMobile: input.askMobile ?? before.askMobile,
      questions: input.questions ?? before.questions,
      sequence,
      // A new end needs a new completion job; a new start, a new reminder job.
      completionEnqueuedAt: plan.end !== before.endAt.getTime() ? null : before.completionEnqueuedAt,
      // A new version may show something else: its pictures are drawn (or found current) again.
      picturesEnqueuedAt: null,
      feedbackEnqueuedAt: plan.end !== before.endAt.getTime() ? null : before.feedbackEnqueuedAt,
      reminderEnqueuedAt: plan.start !== before.startAt.getTime() ? null : before.reminderEnqueuedAt,
      updatedAt: nowDate(),
    });
    recordAudit(tx, { entityType: 'event', entityId: id, action: 'updated', actor, before, after });
    if (input.coOrganizerIds) nameCoOrganizers(tx, before, input.coOrganizerIds);
    if (published && moved) {
      announceUpdate(
        tx,
        id,
        sequence,
        {
          ...(timeChanged ? { time: { start: before.startAt.toISOString(), end: before.endAt.toISOString() } } : {}),
          ...(placeChanged ? { place: eventForMail(beforePlace).place } : {}),
        },
        deps.updateSettleMs ?? 0,
      );
    }
    if (published && plan.capacity > before.capacity) deps.registrants.seatsAdded(tx, id);
    return toEventView(findEventWithPlace(tx, id));
  }, IMMEDIATE);
}

/** Publishes a draft: refused (409, saying why) unless its booking is approved or it is online. */
export function publishEvent(deps: EventDeps, principal: Principal, id: number, actor: Actor): EventView {
  return deps.db.transaction((tx) => {
    const beforePlace = findEventWithPlace(tx, id);
    const before = beforePlace.event;
    assertRunsEvent(principal, before);
    if (before.status !== 'draft') throw new ConflictError(`Event ${id} is already ${before.status}.`, { rule: 'not-draft', currentStatus: before.status }).say('errNotDraft');
    if (before.endAt.getTime() <= nowMs()) throw new ConflictError(`Event ${id} is already over.`, { rule: 'event-over' }).say('errEventOver', { title: before.title });
    checkPlan(tx, { ...before, start: before.startAt.getTime(), end: before.endAt.getTime() }, true, id);
    const after = updateEventRow(tx, id, { status: 'published', publishedAt: nowDate(), updatedAt: nowDate() });
    recordAudit(tx, { entityType: 'event', entityId: id, action: 'published', actor, before, after });
    writeAnnouncement(tx, id, 'published', after.sequence);
    return toEventView(findEventWithPlace(tx, id));
  }, IMMEDIATE);
}

/**
 * Cancels a draft or published event: its booking is released (the park's managers are told),
 * everyone registered is told, and a published one gets a `cancelled` announcement.
 */
export function cancelEvent(deps: EventDeps, principal: Principal, id: number, reason: string | undefined, actor: Actor): EventView {
  return deps.db.transaction((tx) => {
    const before = findEventWithPlace(tx, id).event;
    assertRunsEvent(principal, before);
    editable(before);
    cancelEventInTransaction({ db: tx, registrants: deps.registrants }, id, reason, actor, true);
    return toEventView(findEventWithPlace(tx, id));
  }, IMMEDIATE);
}

/**
 * The same as the JSON the API sends, from the kept forms (src/events/event-forms.ts): a public
 * event's versions and seats are read, and its JSON rendered only for a version not seen yet.
 */
export function getEventJson(deps: { db: Db }, principal: Principal | null, id: number): string {
  const versions = eventVersions(deps.db, id);
  if (!versions || (versions.status === 'draft' && !canRunEvent(principal, versions))) throw new NotFoundError('Event', id);
  return withSeats(eventJsonForm(deps.db, versions, () => findEventWithPlace(deps.db, id)), versions.seatsTaken);
}

/** Published, cancelled and completed events are public; a draft only to those who run it (404 to others). */
export function getEvent({ db }: DbDeps, principal: Principal | null, id: number): EventView {
  const place = findEventWithPlace(db, id);
  if (place.event.status === 'draft' && !canRunEvent(principal, place.event)) throw new NotFoundError('Event', id);
  return toEventView(place);
}


/** An event with its booking's venue (or none, online), for the pages that show or run it. */
export function eventWithPlace({ db }: DbDeps, id: number) {
  return findEventWithPlace(db, id);
}

/** An event as stored, if any (without its place). */
export function eventRecord({ db }: DbDeps, id: number): EventRow | undefined {
  return findEventRow(db, id);
}

/** Marks that the event's attendees were asked for feedback (once). */
export function feedbackRequested({ db }: DbDeps, id: number): void {
  markFeedbackRequested(db, id, nowDate());
}

/** What the feedback requests' outbox source waits on: held events not yet asked about. */
export { FEEDBACK_WAITING } from './events-dal.js';

/** Seats taken at an event: held, confirmed and checked in. */
export function seatsTakenAt({ db }: DbDeps, eventId: number): number {
  return seatsTaken(db, eventId);
}

/** What names an event's public forms: its and its venue's versions, status, organizers, end and seats taken (one prepared read); undefined when there is none. */
export function eventVersionsOf(deps: { db: Db }, id: number) {
  return eventVersions(deps.db, id);
}
