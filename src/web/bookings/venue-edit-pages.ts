import type { FastifyPluginAsync } from 'fastify';
import { webActor } from '../../audit/audit.js';
import { assertManagesPark } from '../../auth/park-access.js';
import type { Role } from '../../db/schema.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { UpdateVenueBody, type VenueView } from '../../venues/venues-schemas.js';
import { findVenue, toVenueView, updateVenue } from '../../venues/venues-service.js';
import { idParam, list, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { zoneSelect } from '../frame/zone-choices.js';

const MANAGERS: readonly Role[] = ['park_manager', 'coordinator'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Spans a day's row offers: one, and a second for a break. */
const SPANS = 2;
type Values = Record<string, string>;

/** The form's fields for a venue as it is: `hours_mon_0_open` … */
function valuesOf(venue: VenueView): Values {
  const values: Values = {
    name: venue.name,
    capacity: String(venue.capacity),
    feePerHour: String(venue.feePerHour),
    address: venue.address ?? '',
    timezone: venue.timezone,
    amenities: venue.amenities.join(', '),
    active: venue.active ? 'true' : '',
  };
  for (const day of WEEKDAYS)
    (venue.openingHours[day] ?? []).slice(0, SPANS).forEach((span, i) => {
      values[`hours_${day}_${i}_open`] = span.open;
      // A time field cannot hold 24:00: closing at midnight shows as 00:00 (and reads back as 24:00).
      values[`hours_${day}_${i}_close`] = span.close === '24:00' ? '00:00' : span.close;
    });
  return values;
}

/**
 * Opening hours from the form: a span with both times set counts; one with only one time is
 * refused by the schema's rules through the API's own validation (the field is named).
 */
function openingHoursOf(values: Values): Record<string, Array<{ open: string; close: string }>> {
  const week: Record<string, Array<{ open: string; close: string }>> = {};
  for (const day of WEEKDAYS) {
    const spans = Array.from({ length: SPANS }, (_, i) => ({ open: values[`hours_${day}_${i}_open`] ?? '', close: values[`hours_${day}_${i}_close`] ?? '' }))
      .filter((span) => span.open || span.close)
      .map((span) => (span.close === '00:00' && span.open ? { ...span, close: '24:00' } : span));
    if (spans.length) week[day] = spans;
  }
  return week;
}

/** A venue's details and weekly opening hours, edited by its park's managers (or the coordinator). */
export const venueEditPages: FastifyPluginAsync = async (app) => {
  function ownVenue(visitor: Visitor, id: number): VenueView {
    const venue = toVenueView(findVenue(app.deps, id));
    assertManagesPark(visitor.principal!, venue.organizationId);
    return venue;
  }

  function editForm(visitor: Visitor, venue: VenueView, values: Values, message: HtmlPart = ''): SafeHtml {
    const input = (name: string, type = 'text', extra = '') => html`<input id="${name}" name="${name}" type="${type}" value="${values[name] ?? ''}" ${extra}>`;
    const time = (day: string, i: number, edge: 'open' | 'close') => {
      const name = `hours_${day}_${i}_${edge}`;
      return html`<input name="${name}" type="time" value="${values[name] ?? ''}" aria-label="${words(visitor, `wd_${day}` as 'wd_mon')} ${i + 1} ${words(visitor, edge === 'open' ? 'opensAt' : 'closesAt')}">`;
    };
    const days = WEEKDAYS.map(
      (day) =>
        html`<fieldset class="day"><legend>${say(visitor, `wd_${day}`)}</legend>${Array.from({ length: SPANS }, (_, i) => html`<div class="span">${time(day, i, 'open')}<span>–</span>${time(day, i, 'close')}</div>`)}</fieldset>`,
    );
    return html`${message}<form method="post" action="/park/venues/${venue.id}/edit">${csrfField(visitor)}
<label for="name">${say(visitor, 'venueName')}</label>${input('name', 'text', 'required maxlength="200"')}
<div class="row"><div><label for="capacity">${say(visitor, 'capacity')}</label>${input('capacity', 'number', 'min="1" required')}</div>
<div><label for="feePerHour">${say(visitor, 'feePerHour')}</label>${input('feePerHour', 'number', 'min="0"')}</div></div>
<label for="address">${say(visitor, 'address')}</label>${input('address', 'text', 'maxlength="500"')}
<label for="timezone">${say(visitor, 'timezone')}</label>${zoneSelect(visitor, 'timezone', values.timezone)}
<label for="amenities">${say(visitor, 'amenitiesHint')}</label>${input('amenities')}
<h2>${say(visitor, 'openingHours')}</h2><p class="muted">${say(visitor, 'openingHoursHelp')}</p><div class="week-hours">${days}</div>
<label><input type="checkbox" name="active" value="true"${values.active ? html` checked` : ''}> ${say(visitor, 'venueActive')}</label>
<p class="actions"><button class="primary">${say(visitor, 'save')}</button><a href="/park/venues/${venue.id}">${say(visitor, 'goBack')}</a></p></form>`;
  }

  app.get('/park/venues/:id/edit', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const venue = ownVenue(visitor, idParam(request.params));
    return sendPage(reply, visitor, words(visitor, 'editVenueTitle', { name: venue.name }), editForm(visitor, venue, valuesOf(venue)));
  });

  app.post('/park/venues/:id/edit', pageRoute({ roles: MANAGERS }), async (request, reply) => {
    const { visitor } = request;
    const venue = ownVenue(visitor, idParam(request.params));
    const form = request.body as FormBody;
    const values: Values = Object.fromEntries(Object.keys(form).filter((k) => k !== '_csrf').map((k) => [k, text(form, k)]));
    try {
      const input = parseForm(UpdateVenueBody, {
        name: values.name,
        capacity: values.capacity,
        feePerHour: values.feePerHour || '0',
        address: values.address,
        timezone: values.timezone,
        amenities: list(form, 'amenities'),
        openingHours: openingHoursOf(values),
        active: values.active === 'true',
      });
      updateVenue(app.deps, visitor.principal!, venue.id, { ...input, address: values.address ? input.address : null }, webActor(visitor.principal!));
      return reply.redirect(`/park/venues/${venue.id}?done=saved`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'editVenueTitle', { name: venue.name }), editForm(visitor, venue, values, notice(refused.message, 'error')), `/park/venues/${venue.id}/edit`, refused.status);
    }
  });
};
