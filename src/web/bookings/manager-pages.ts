import { organizationNames, ownsVenues } from '../../organizations/organizations-service.js';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { DateTime } from 'luxon';
import { webActor } from '../../audit/audit.js';
import { approvalConflict, approveBooking, declineBooking } from '../../bookings/booking-decisions.js';
import { getBooking, listBookings } from '../../bookings/bookings-service.js';
import type { BookingView } from '../../bookings/bookings-schemas.js';
import type { Role } from '../../db/schema.js';
import { memberNamesOf } from '../../members/members-service.js';
import { type SafeHtml, html, type HtmlPart } from '../../http/html.js';
import { createBlackout, deleteBlackout, listBlackouts } from '../../blackouts/blackouts-service.js';
import type { StandingEvent } from '../../bookings/bookings-dal.js';
import { ApproveBody, DeclineBody } from '../../bookings/bookings-schemas.js';
import { CreateBlackoutBody, CreateVenueBody } from '../../venues/venues-schemas.js';
import { createVenue, findVenue, listVenues } from '../../venues/venues-service.js';
import { idParam, list, parseForm, refusal, text, zonedInstant, type FormBody } from '../frame/forms.js';
import { cardTable } from '../frame/card-table.js';
import { zoneSelect } from '../frame/zone-choices.js';
import { confirmed, confirmPage } from '../frame/confirm-first.js';
import { csrfField, notice, options, postButton, say, sendPage, statusTag, timeRange, wallClock, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { assertManagesPark, canManagePark } from '../../auth/park-access.js';
import { ConflictError } from '../../errors/http-errors.js';
import { nowDate, nowMs } from '../../time/clock.js';

const MANAGERS: readonly Role[] = ['park_manager', 'coordinator'];
type Query = Record<string, string | undefined>;

const overlaps = (a: BookingView, b: BookingView) => a.venueId === b.venueId && a.id !== b.id && Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

/** Venues this visitor decides for: their park's, or every park's for a coordinator. */
function managedVenues(app: FastifyInstance, visitor: Visitor) {
  const principal = visitor.principal!;
  return listVenues(app.deps, { park: principal.role === 'coordinator' ? undefined : principal.organizationId, includeInactive: true, limit: 200 }).items;
}

export const managerPages: FastifyPluginAsync = async (app) => {
  // ---- the inbox ----
  function inbox(visitor: Visitor, message: HtmlPart = ''): SafeHtml {
    const principal = visitor.principal!;
    const pending = listBookings(app.deps, principal, { status: 'pending', from: nowDate().toISOString(), limit: 200 }).items;
    const venues = new Map(managedVenues(app, visitor).map((v) => [v.id, v]));
    const requesters = memberNamesOf(app.deps, pending.map((b) => b.requestedBy));
    const cards = pending
      .map((b) => {
        const venue = venues.get(b.venueId);
        const blocked = venue ? approvalConflict(app.deps, venue, { id: b.id, startAt: new Date(b.start), endAt: new Date(b.end) }) : null;
        const rivals = pending.filter((other) => overlaps(b, other)).map((other) => `#${other.id}`);
        const conflict = blocked ? words(visitor, blocked.words.key, blocked.words.values) : rivals.length ? words(visitor, 'overlapsPending', { ids: rivals.join(', ') }) : '';
        const who = requesters.get(b.requestedBy);
        return {
          id: `b${b.id}`,
          className: conflict ? 'conflict' : undefined,
          cells: [
            html`<strong>${timeRange(b.start, b.end, visitor.language)}</strong><br>${venue?.name ?? ''}`,
            html`${b.purpose}<br><span class="muted">${say(visitor, 'attendance')}: ${b.expectedAttendance}</span>${conflict ? html`<br><strong>⚠ ${conflict}</strong>` : ''}`,
            html`${who ? `${who.name} · ${who.organization}` : ''}<br><span class="muted">#${b.id} · ${wallClock(b.createdAt, visitor.language, 'MM-dd HH:mm')}</span>`,
            html`<div class="actions">${postButton(visitor, `/park/bookings/${b.id}/approve`, words(visitor, 'approve'), { version: b.version }, 'primary')}</div>
<form method="post" action="/park/bookings/${b.id}/decline" class="decline">${csrfField(visitor)}<input type="hidden" name="version" value="${b.version}"><input name="reason" type="text" required maxlength="2000" placeholder="${say(visitor, 'declineReason')}" aria-label="${say(visitor, 'declineReason')}"><button class="danger">${say(visitor, 'decline')}</button></form>`,
          ],
        };
      });
    return html`${message}${pending.length ? cardTable([words(visitor, 'when'), words(visitor, 'purpose'), words(visitor, 'requested'), ''], cards, 'inbox') : html`<p class="muted">${say(visitor, 'inboxEmpty')}</p>`}`;
  }

  app.get('/park/inbox', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const done = (request.query as Query).done;
    const message = done === 'approved' || done === 'declined' ? notice(words(visitor, done === 'approved' ? 'doneApproved' : 'doneDeclined')) : '';
    return sendPage(reply, visitor, words(visitor, 'inbox'), inbox(visitor, message));
  });

  /** A decision: done → back to the inbox; refused (a conflict, a stale version) → the inbox with why. */
  async function decide(request: FastifyRequest, reply: FastifyReply, act: (form: FormBody) => void, done: string) {
    const { visitor } = request;
    try {
      act(request.body as FormBody);
      return reply.redirect(`/park/inbox?done=${done}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'inbox'), inbox(visitor, notice(refused.message, 'error')), '/park/inbox', refused.status);
    }
  }

  app.post('/park/bookings/:id/approve', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const principal = request.visitor.principal!;
    return decide(request, reply, (form) => approveBooking(app.deps, principal, idParam(request.params), parseForm(ApproveBody, { version: text(form, 'version') }), webActor(principal)), 'approved');
  });

  app.post('/park/bookings/:id/decline', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const principal = visitor.principal!;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    if (!confirmed(form)) {
      // The reason is checked before asking: the question quotes it.
      try {
        const { reason } = parseForm(DeclineBody, { reason: text(form, 'reason'), version: text(form, 'version') });
        const booking = getBooking(app.deps, principal, id);
        const venue = findVenue(app.deps, booking.venueId);
        const who = memberNamesOf(app.deps, [booking.requestedBy]).get(booking.requestedBy);
        return confirmPage(reply, visitor, {
          title: words(visitor, 'confirmDeclineTitle'),
          consequences: [
            words(visitor, 'confirmDeclineWhat', { venue: venue.name, when: timeRange(booking.start, booking.end, visitor.language, venue.timezone), purpose: booking.purpose, organization: who?.organization ?? '' }),
            words(visitor, 'confirmDeclineMailed', { name: who?.name ?? '', reason }),
          ],
          action: `/park/bookings/${id}/decline`,
          fields: form,
          yes: words(visitor, 'confirmDeclineYes'),
          back: `/park/inbox#b${id}`,
          danger: true,
        });
      } catch (error) {
        const refused = refusal(error, visitor);
        return sendPage(reply, visitor, words(visitor, 'inbox'), inbox(visitor, notice(refused.message, 'error')), '/park/inbox', refused.status);
      }
    }
    return decide(
      request,
      reply,
      () => {
        const input = parseForm(DeclineBody, { reason: text(form, 'reason'), version: text(form, 'version') });
        declineBooking(app.deps, principal, id, input, webActor(principal));
      },
      'declined',
    );
  });

  // ---- venues ----
  function venuesPage(visitor: Visitor, values: Query = {}, message: HtmlPart = ''): SafeHtml {
    const principal = visitor.principal!;
    const venues = managedVenues(app, visitor);
    const parks = organizationNames(app.deps).filter((o) => ownsVenues(o) && canManagePark(principal, o.id));
    const rows = venues.map((v) => ({ cells: [html`<a href="/park/venues/${v.id}">${v.name}</a>${v.active ? '' : html` <span class="tag">${say(visitor, 'inactive')}</span>`}`, v.capacity, v.timezone, v.feePerHour] }));
    const field = (name: string, key: Parameters<typeof say>[1], type = 'text', extra = '') => html`<div><label for="${name}">${say(visitor, key)}</label><input id="${name}" name="${name}" type="${type}" value="${values[name] ?? ''}" ${extra}></div>`;
    const robot = principal.role === 'park_manager' ? html`<p><a href="/park/robot">${say(visitor, 'parkRobotTitle')}</a></p>` : '';
    return html`${message}${robot}${venues.length ? cardTable((['venue', 'capacity', 'timezone', 'feePerHour'] as const).map((k) => words(visitor, k)), rows) : html`<p class="muted">${say(visitor, 'noVenues')}</p>`}
<h2>${say(visitor, 'addVenue')}</h2><form method="post" action="/park/venues">${csrfField(visitor)}
<label for="organizationId">${say(visitor, 'park')}</label><select id="organizationId" name="organizationId">${options(parks.map((p) => ({ value: p.id, label: p.name })), values.organizationId ?? principal.organizationId)}</select>
<div class="row">${field('name', 'venueName', 'text', 'required maxlength="200"')}${field('capacity', 'capacity', 'number', 'min="1" required')}${field('feePerHour', 'feePerHour', 'number', 'min="0"')}</div>
<div class="row">${field('address', 'address')}<div><label for="timezone">${say(visitor, 'timezone')}</label>${zoneSelect(visitor, 'timezone', values.timezone)}</div>${field('amenities', 'amenitiesHint')}</div>
<p class="muted">${say(visitor, 'openingHoursSet')}</p>
<p><button class="primary">${say(visitor, 'addVenue')}</button></p></form>`;
  }

  app.get('/park/venues', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    return sendPage(reply, visitor, words(visitor, 'venues'), venuesPage(visitor));
  });

  app.post('/park/venues', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const values: Query = Object.fromEntries(['organizationId', 'name', 'capacity', 'feePerHour', 'address', 'timezone', 'amenities'].map((k) => [k, text(form, k)]));
    try {
      const input = parseForm(CreateVenueBody, { ...values, amenities: values.amenities ? list(form, 'amenities') : undefined });
      const venue = createVenue(app.deps, visitor.principal!, input, webActor(visitor.principal!));
      return reply.redirect(`/park/venues/${venue.id}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'venues'), venuesPage(visitor, values, notice(refused.message, 'error')), '/park/venues', refused.status);
    }
  });

  /** A week of one venue in its zone: approved and pending requests and blackouts per day, and blackout management. */
  function weekPage(visitor: Visitor, venueId: number, q: Query, message: HtmlPart = ''): { title: string; body: SafeHtml } {
    const venue = findVenue(app.deps, venueId);
    assertManagesPark(visitor.principal!, venue.organizationId);
    const asked = q.week ? DateTime.fromISO(q.week, { zone: venue.timezone }) : DateTime.fromMillis(nowMs()).setZone(venue.timezone);
    const monday = (asked.isValid ? asked : DateTime.fromMillis(nowMs()).setZone(venue.timezone)).startOf('week');
    const window = { from: monday.toISO()!, to: monday.plus({ weeks: 1 }).toISO()! };
    const booked = listBookings(app.deps, visitor.principal!, { venueId, ...window, limit: 200 }).items.filter((b) => b.status === 'approved' || b.status === 'pending');
    const blocked = listBlackouts(app.deps, venueId, window).items;
    const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }));
    const within = (start: string, end: string, day: DateTime) => Date.parse(start) < day.plus({ days: 1 }).toMillis() && Date.parse(end) > day.toMillis();
    const rows = days
      .map((day) => {
        const items = [
          ...booked.filter((b) => within(b.start, b.end, day)).map((b) => ({ at: b.start, html: html`${statusTag(visitor, b.status)} ${timeRange(b.start, b.end, visitor.language)} · ${b.purpose}` })),
          ...blocked
            .filter((x) => within(x.start, x.end, day))
            .map((x) => ({ at: x.start, html: html`<span class="tag st-blackout">${say(visitor, 'blackout')}</span> ${timeRange(x.start, x.end, visitor.language)} · ${x.reason} ${postButton(visitor, `/park/venues/${venueId}/blackouts/${x.id}/delete`, words(visitor, 'remove'), { week: monday.toISODate()! }, 'link')}` })),
        ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        return html`<tr><th>${day.setLocale(visitor.language).toFormat('ccc MM-dd')}</th><td>${items.length ? items.map((i) => html`<div>${i.html}</div>`) : html`<span class="muted">${say(visitor, 'nothingBooked')}</span>`}</td></tr>`;
      });
    const link = (week: DateTime, key: Parameters<typeof say>[1]) => html`<a href="/park/venues/${venueId}?week=${week.toISODate()}">${say(visitor, key)}</a>`;
    const body = html`${message}<p class="muted">${venue.timezone} · ${say(visitor, 'capacity')} ${venue.capacity} · <a href="/park/venues/${venueId}/edit">${say(visitor, 'editVenue')}</a></p>
<p class="actions">${link(monday.minus({ weeks: 1 }), 'previousWeek')}<strong>${monday.toISODate()} – ${monday.plus({ days: 6 }).toISODate()}</strong>${link(monday.plus({ weeks: 1 }), 'nextWeek')}</p>
<table class="week"><tbody>${rows}</tbody></table>
<h2>${say(visitor, 'addBlackout')}</h2><form method="post" action="/park/venues/${venueId}/blackouts">${csrfField(visitor)}<input type="hidden" name="week" value="${monday.toISODate()}">
<div class="row"><div><label for="startDate">${say(visitor, 'fromDate')}</label><input id="startDate" name="startDate" type="date" required value="${q.startDate ?? ''}"></div><div><label for="startTime">${say(visitor, 'startTime')}</label><input id="startTime" name="startTime" type="time" required value="${q.startTime ?? '00:00'}"></div>
<div><label for="endDate">${say(visitor, 'toDate')}</label><input id="endDate" name="endDate" type="date" required value="${q.endDate ?? ''}"></div><div><label for="endTime">${say(visitor, 'endTime')}</label><input id="endTime" name="endTime" type="time" required value="${q.endTime ?? '23:59'}"></div></div>
<label for="reason">${say(visitor, 'reason')}</label><input id="reason" name="reason" type="text" required maxlength="500" value="${q.reason ?? ''}">
<label><input type="checkbox" name="force" value="true"> ${say(visitor, 'forceBlackout')}</label>
<p><button class="primary">${say(visitor, 'addBlackout')}</button></p></form>`;
    return { title: venue.name, body };
  }

  app.get('/park/venues/:id', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const { title, body } = weekPage(visitor, idParam(request.params), q, q.done === 'saved' ? notice(words(visitor, 'doneSaved')) : '');
    return sendPage(reply, visitor, title, body);
  });

  app.post('/park/venues/:id/blackouts', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const principal = visitor.principal!;
    const venueId = idParam(request.params);
    const form = request.body as FormBody;
    const values: Query = Object.fromEntries(['week', 'startDate', 'startTime', 'endDate', 'endTime', 'reason', 'force'].map((k) => [k, text(form, k)]));
    // Forcing cancels approved bookings: it is only done once the manager has seen which (below).
    const force = values.force === 'true' && confirmed(form);
    try {
      const venue = findVenue(app.deps, venueId);
      const input = parseForm(CreateBlackoutBody, {
        start: zonedInstant(values.startDate!, values.startTime!, venue.timezone, 'start'),
        end: zonedInstant(values.endDate!, values.endTime!, venue.timezone, 'end'),
        reason: values.reason,
        force: force ? true : undefined,
      });
      createBlackout(app.deps, principal, venueId, input, webActor(principal));
      return reply.redirect(`/park/venues/${venueId}?week=${encodeURIComponent(values.startDate!)}`, 303);
    } catch (error) {
      const inTheWay = error instanceof ConflictError && error.extensions.rule === 'approved-bookings' ? (error.extensions.bookings as Array<{ id: number }>) : [];
      if (values.force === 'true' && inTheWay.length) {
        const venue = findVenue(app.deps, venueId);
        const bookings = inTheWay.map((b) => getBooking(app.deps, principal, b.id));
        const who = memberNamesOf(app.deps, bookings.map((b) => b.requestedBy));
        const list = html`<ul>${bookings.map((b) => html`<li>${words(visitor, 'confirmBlackoutBooking', { when: timeRange(b.start, b.end, visitor.language, venue.timezone), purpose: b.purpose, organization: who.get(b.requestedBy)?.organization ?? '' })}</li>`)}</ul>`;
        const standing = (error as ConflictError).extensions.events as StandingEvent[];
        const eventList = html`<ul>${standing.map((e) => html`<li>${words(visitor, 'confirmBlackoutEvent', { title: e.title, n: e.registered })}</li>`)}</ul>`;
        return confirmPage(reply, visitor, {
          title: words(visitor, 'confirmBlackoutTitle'),
          consequences: [
            html`${words(visitor, 'confirmBlackoutCancels', { n: bookings.length })}${list}`,
            ...(standing.length ? [html`${words(visitor, 'confirmBlackoutEvents', { n: standing.length })}${eventList}`] : []),
            words(visitor, 'confirmReasonGiven', { reason: values.reason ?? '' }),
          ],
          action: `/park/venues/${venueId}/blackouts`,
          fields: form,
          yes: words(visitor, 'confirmBlackoutYes'),
          back: `/park/venues/${venueId}?week=${encodeURIComponent(values.week ?? '')}`,
          danger: true,
        });
      }
      const refused = refusal(error, visitor);
      const { title, body } = weekPage(visitor, venueId, values, notice(refused.message, 'error'));
      return sendPage(reply, visitor, title, body, `/park/venues/${venueId}`, refused.status);
    }
  });

  app.post('/park/venues/:id/blackouts/:blackoutId/delete', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const venueId = idParam(request.params);
    deleteBlackout(app.deps, visitor.principal!, venueId, idParam(request.params, 'blackoutId'), webActor(visitor.principal!));
    return reply.redirect(`/park/venues/${venueId}?week=${encodeURIComponent(text(request.body as FormBody, 'week'))}`, 303);
  });
};
