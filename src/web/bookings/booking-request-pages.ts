import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { webActor } from '../../audit/audit.js';
import { CreateBookingBody } from '../../bookings/bookings-schemas.js';
import { listBookings, requestBooking } from '../../bookings/bookings-service.js';
import { cancelBooking } from '../../bookings/booking-decisions.js';
import { alternativesFor } from '../../bookings/booking-alternatives.js';
import type { Role } from '../../db/schema.js';
import { BadRequestError } from '../../errors/http-errors.js';
import { type SafeHtml, html, type HtmlPart } from '../../http/html.js';
import { DEFAULT_TIMEZONE } from '../../time/instants.js';
import { venueAvailability } from '../../bookings/availability.js';
import { idParam, parseForm, refusal, text, zonedInstant, type FormBody } from '../frame/forms.js';
import { cardTable } from '../frame/card-table.js';
import { csrfField, notice, options, postButton, say, sendPage, statusTag, timeRange, wallClock, words } from '../frame/layout.js';
import { alternativeItem, doneNotice, venueChoices } from '../frame/organizer-shared.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { nowDate } from '../../time/clock.js';

/** An organizer's venue requests: the list, and the form that shows a day's free times. */
const REQUESTERS: readonly Role[] = ['organizer', 'coordinator'];
type Query = Record<string, string | undefined>;

export const bookingRequestPages: FastifyPluginAsync = async (app) => {

  // ---- booking requests ----
  app.get('/my/bookings', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const principal = visitor.principal!;
    const { items, nextCursor } = listBookings(app.deps, principal, { from: nowDate().toISOString(), cursor: q.cursor, limit: 50 });
    const venues = new Map(venueChoices(app).map((v) => [v.id, v]));
    const rows = items.map((b) => ({
      cells: [
        html`<a href="/my/bookings/${b.id}">${timeRange(b.start, b.end, visitor.language)}</a>`,
        venues.get(b.venueId)?.name ?? '',
        b.purpose,
        b.expectedAttendance,
        html`${statusTag(visitor, b.status)}${b.decisionNote ? html`<br><span class="muted">${b.decisionNote}</span>` : ''}${
          // A request still waiting can be taken back; the park's managers are told.
          b.status === 'pending' ? html`<br>${postButton(visitor, `/my/bookings/${b.id}/withdraw`, words(visitor, 'withdrawRequest'), { version: b.version }, 'link')}` : ''
        }`,
      ],
    }));
    const body = html`${doneNotice(visitor, q)}<p><a href="/my/bookings/new">${say(visitor, 'newRequest')}</a></p>
${items.length ? cardTable((['when', 'venue', 'purpose', 'attendance', 'status'] as const).map((k) => words(visitor, k)), rows) : html`<p class="muted">${say(visitor, 'noBookings')}</p>`}
${nextCursor ? html`<p><a href="/my/bookings?cursor=${encodeURIComponent(nextCursor)}">${say(visitor, 'more')}</a></p>` : ''}`;
    return sendPage(reply, visitor, words(visitor, 'myBookings'), body);
  });

  app.post('/my/bookings/:id/withdraw', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    const version = Number(text(request.body as FormBody, 'version')) || undefined;
    try {
      cancelBooking(app.deps, visitor.principal!, idParam(request.params), { version, reason: words(visitor, 'withdrawnByOrganizer') }, webActor(visitor.principal!));
      return reply.redirect('/my/bookings?done=withdrawn', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'myBookings'), notice(refused.message, 'error'), '/my/bookings', refused.status);
    }
  });

  /** The same request to each venue free then, as one-button forms (the times said in that venue's zone). */
  function insteadButtons(visitor: Visitor, slot: Parameters<typeof alternativesFor>[1], values: Query): SafeHtml {
    const alternatives = alternativesFor(app.db, slot);
    if (alternatives.length === 0) return html`<p class="muted">${say(visitor, 'noAlternatives')}</p>`;
    const zones = new Map(venueChoices(app).map((v) => [v.id, v.timezone]));
    const items = alternatives.map((a) => {
      const start = DateTime.fromJSDate(slot.startAt, { zone: zones.get(a.venueId) ?? DEFAULT_TIMEZONE });
      const end = DateTime.fromJSDate(slot.endAt, { zone: zones.get(a.venueId) ?? DEFAULT_TIMEZONE });
      const fields = { venueId: a.venueId, date: start.toISODate()!, startTime: start.toFormat('HH:mm'), endTime: end.toFormat('HH:mm'), expectedAttendance: values.expectedAttendance ?? '', purpose: values.purpose ?? '' };
      return alternativeItem(visitor, a, postButton(visitor, '/my/bookings', words(visitor, 'requestInstead'), fields, 'primary'));
    });
    return html`<h2>${say(visitor, 'alternativesTitle')}</h2><ul class="plain">${items}</ul>`;
  }

  /** The request form; choosing a venue and a day (GET) lists that day's free slots in the venue's zone. */
  function bookingForm(visitor: Visitor, values: Query, error: HtmlPart = ''): SafeHtml {
    const venues = venueChoices(app);
    const venue = venues.find((v) => String(v.id) === values.venueId);
    const day = values.date && DateTime.fromISO(values.date, { zone: venue?.timezone ?? DEFAULT_TIMEZONE });
    let slots: HtmlPart = '';
    if (venue && day && day.isValid) {
      const { free } = venueAvailability(app.deps, venue.id, { from: day.startOf('day').toISO(), to: day.plus({ days: 1 }).startOf('day').toISO() });
      slots = free.length
        ? html`<p>${say(visitor, 'freeSlots', { zone: venue.timezone })}</p><ul class="free-slots">${free.map((s) => html`<li>${wallClock(s.start, visitor.language, 'HH:mm')}–${wallClock(s.end, visitor.language, 'HH:mm')}</li>`)}</ul>`
        : notice(words(visitor, 'noFreeSlots'));
    }
    const venueOptions = options(venues.map((v) => ({ value: v.id, label: `${v.name} · ${v.park} (${v.capacity})` })), values.venueId);
    return html`${error}<form method="get" action="/my/bookings/new" class="row">
<div><label for="venueId">${say(visitor, 'venue')}</label><select id="venueId" name="venueId" required><option value="">—</option>${venueOptions}</select></div>
<div><label for="date">${say(visitor, 'date')}</label><input id="date" name="date" type="date" required value="${values.date ?? ''}"></div>
<div><button>${say(visitor, 'showFreeSlots')}</button></div></form>
${slots}
${venue && day && day.isValid ? html`<form method="post" action="/my/bookings">${csrfField(visitor)}
<input type="hidden" name="venueId" value="${venue.id}"><input type="hidden" name="date" value="${values.date ?? ''}">
<div class="row"><div><label for="startTime">${say(visitor, 'startTime')}</label><input id="startTime" name="startTime" type="time" required value="${values.startTime ?? ''}"></div>
<div><label for="endTime">${say(visitor, 'endTime')}</label><input id="endTime" name="endTime" type="time" required value="${values.endTime ?? ''}"></div>
<div><label for="expectedAttendance">${say(visitor, 'attendance')}</label><input id="expectedAttendance" name="expectedAttendance" type="number" min="1" required value="${values.expectedAttendance ?? ''}"></div>
<div><label for="weeks">${say(visitor, 'weeks')}</label><input id="weeks" name="weeks" type="number" min="1" max="52" value="${values.weeks ?? '1'}"></div></div>
<label for="purpose">${say(visitor, 'purpose')}</label><textarea id="purpose" name="purpose" required maxlength="2000">${values.purpose ?? ''}</textarea>
<p><button class="primary">${say(visitor, 'sendRequest')}</button></p></form>` : ''}`;
  }

  app.get('/my/bookings/new', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    return sendPage(reply, visitor, words(visitor, 'newRequest'), bookingForm(visitor, request.query as Query));
  });

  app.post('/my/bookings', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const values: Query = Object.fromEntries(['venueId', 'date', 'startTime', 'endTime', 'expectedAttendance', 'weeks', 'purpose'].map((k) => [k, text(form, k)]));
    let slot: Parameters<typeof alternativesFor>[1] | undefined;
    try {
      const venue = venueChoices(app).find((v) => String(v.id) === values.venueId);
      if (!venue) throw new BadRequestError('Choose a venue.', 'venueId').say('errChooseVenue');
      const weeks = Number(values.weeks || 1);
      const input = parseForm(CreateBookingBody, {
        venueId: values.venueId,
        start: zonedInstant(values.date!, values.startTime!, venue.timezone, 'start'),
        end: zonedInstant(values.date!, values.endTime!, venue.timezone, 'end'),
        expectedAttendance: values.expectedAttendance,
        purpose: values.purpose,
        recurrence: weeks > 1 ? { count: weeks } : undefined,
      });
      slot = { venueId: venue.id, groupId: null, startAt: new Date(input.start), endAt: new Date(input.end), expectedAttendance: input.expectedAttendance };
      requestBooking(app.deps, visitor.principal!, input, webActor(visitor.principal!));
      return reply.redirect('/my/bookings?done=requested', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      // A slot the venue cannot give (a blackout): the venues free then instead, each one button away.
      const instead = refused.status === 409 && slot ? insteadButtons(visitor, slot, values) : '';
      return sendPage(reply, visitor, words(visitor, 'newRequest'), bookingForm(visitor, values, html`${notice(refused.message, 'error')}${instead}`), '/my/bookings/new', refused.status);
    }
  });
};
