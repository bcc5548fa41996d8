import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { webActor } from '../../audit/audit.js';
import { CreateBookingBody } from '../../bookings/bookings-schemas.js';
import { requestBooking } from '../../bookings/bookings-service.js';
import type { Role } from '../../db/schema.js';
import { BadRequestError } from '../../errors/http-errors.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { organizationNames } from '../../organizations/organizations-service.js';
import { DEFAULT_TIMEZONE } from '../../time/instants.js';
import type { Weekday } from '../../time/opening-hours.js';
import { nowMs } from '../../time/clock.js';
import { searchVenues, type VenueSearchQuery } from '../../bookings/venue-search.js';
import { cardTable } from '../frame/card-table.js';
import { list, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, options, say, sendPage, timeRange, words } from '../frame/layout.js';
import { feeWords } from '../frame/organizer-shared.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

/** Who may ask for venues from the results (everyone signed in may search). */
const REQUESTERS: readonly Role[] = ['organizer', 'coordinator'];
type Query = Record<string, string | undefined>;

/** The page's "when" choices as the search's weekdays and local hours. */
const WHEN: Record<string, { weekdays?: Weekday[]; earliest?: string; latest?: string }> = {
  any: {},
  evenings: { earliest: '18:00' },
  weekdayEvenings: { weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], earliest: '18:00' },
  weekends: { weekdays: ['sat', 'sun'] },
  daytime: { earliest: '09:00', latest: '18:00' },
};

const day = (iso: string) => DateTime.fromISO(iso, { zone: DEFAULT_TIMEZONE });

/** The form's values (days in the alliance's zone; `to` counts as a whole day) as a search. */
function toSearch(values: Query): VenueSearchQuery {
  const from = day(values.from ?? '');
  const to = day(values.to ?? '');
  if (!from.isValid) throw new BadRequestError('Give the first day.', 'from').say('errFieldRequired', { field: 'searchFrom' });
  if (!to.isValid) throw new BadRequestError('Give the last day.', 'to').say('errFieldRequired', { field: 'searchTo' });
  const hours = Number(values.hours);
  const people = Number(values.people);
  if (!(hours > 0 && hours <= 24 * 7)) throw new BadRequestError('Give the hours.', 'hours').say('errCheckField', { field: 'searchHours' });
  if (!(Number.isInteger(people) && people >= 1 && people <= 100_000)) throw new BadRequestError('Give the people.', 'people').say('errCheckField', { field: 'searchPeople' });
  const maxFee = values.maxFee ? Number(values.maxFee) : undefined;
  if (maxFee !== undefined && !(Number.isInteger(maxFee) && maxFee >= 0)) throw new BadRequestError('Give a fee.', 'maxFee').say('errCheckField', { field: 'searchMaxFee' });
  const start = DateTime.max(from, DateTime.fromMillis(nowMs(), { zone: DEFAULT_TIMEZONE }).startOf('minute'));
  return {
    from: start.toISO()!,
    to: to.plus({ days: 1 }).toISO(),
    duration: `PT${Math.round(hours * 60)}M`,
    capacity: people,
    amenities: values.amenities ? values.amenities.split(/[,，]/).map((a) => a.trim()).filter(Boolean) : undefined,
    parks: values.park ? [Number(values.park)] : undefined,
    maxFee,
    ...(WHEN[values.when ?? 'any'] ?? {}),
  };
}

/** A suggestion's change, as this page's own fields. */
function relaxedQuery(values: Query, change: Record<string, string | null>): string {
  const next: Query = { ...values };
  for (const [name, value] of Object.entries(change)) {
    if (name === 'capacity') next.people = value ?? undefined;
    else if (name === 'amenities' || name === 'maxFee') next[name] = value ?? undefined;
    else if (name === 'park') next.park = undefined;
    else if (name === 'weekdays' || name === 'earliest' || name === 'latest') next.when = 'any';
    else if (name === 'from') next.from = DateTime.fromISO(value!, { setZone: true }).setZone(DEFAULT_TIMEZONE).toISODate()!;
    else if (name === 'to') next.to = DateTime.fromISO(value!, { setZone: true }).setZone(DEFAULT_TIMEZONE).minus({ days: 1 }).toISODate()!;
  }
  return new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => !!e[1])).toString();
}

export const venueSearchPages: FastifyPluginAsync = async (app) => {
  function form(visitor: Visitor, values: Query): SafeHtml {
    const parks = organizationNames(app.deps).filter((o) => o.kind === 'park' || o.kind === 'base');
    const field = (name: string, label: string, input: HtmlPart) => html`<div><label for="${name}">${label}</label>${input}</div>`;
    return html`<form method="get" action="/venues/search" class="search">
<div class="row">${field('from', say(visitor, 'searchFrom'), html`<input id="from" name="from" type="date" required value="${values.from ?? ''}">`)}${field('to', say(visitor, 'searchTo'), html`<input id="to" name="to" type="date" required value="${values.to ?? ''}">`)}</div>
<div class="row">${field('hours', say(visitor, 'searchHours'), html`<input id="hours" name="hours" type="number" min="0.5" max="168" step="0.5" required value="${values.hours ?? '2'}">`)}${field('people', say(visitor, 'searchPeople'), html`<input id="people" name="people" type="number" min="1" required value="${values.people ?? ''}">`)}</div>
<div class="row">${field('when', say(visitor, 'searchWhen'), html`<select id="when" name="when">${options(Object.keys(WHEN).map((k) => ({ value: k, label: words(visitor, `when_${k}` as never) })), values.when ?? 'any')}</select>`)}${field('park', say(visitor, 'park'), html`<select id="park" name="park"><option value="">—</option>${options(parks.map((p) => ({ value: p.id, label: p.name })), values.park)}</select>`)}</div>
<div class="row">${field('amenities', say(visitor, 'searchAmenities'), html`<input id="amenities" name="amenities" maxlength="200" value="${values.amenities ?? ''}">`)}${field('maxFee', say(visitor, 'searchMaxFee'), html`<input id="maxFee" name="maxFee" type="number" min="0" value="${values.maxFee ?? ''}">`)}</div>
<p><button class="primary">${say(visitor, 'searchButton')}</button></p></form>`;
  }

  function results(visitor: Visitor, values: Query, found: ReturnType<typeof searchVenues>): SafeHtml {
    const parks = new Map(organizationNames(app.deps).map((o) => [o.id, o.name]));
    const canRequest = !!visitor.principal && REQUESTERS.includes(visitor.principal.role);
    const lang = visitor.language;
    if (found.total === 0) {
      const tries = found.suggestions.map((s) => {
        const change = s.change as Record<string, string | null>;
        const dropped = values.amenities?.split(/[,，]/).map((a) => a.trim()).filter((a) => a && !(change.amenities ?? '').split(',').includes(a.toLowerCase())).join(', ');
        const span = change.from && change.to ? timeRange(change.from, DateTime.fromISO(change.to, { setZone: true }).minus({ days: 1 }).toISO()!, lang).replace(/\s\d\d:\d\d/g, '') : '';
        return html`<li><a href="/venues/search?${relaxedQuery(values, change)}">${say(visitor, `relax_${s.relax}` as never, { ...change, total: s.total, dropped: dropped ?? '', span })}</a></li>`;
      });
      return html`${notice(words(visitor, 'searchNothing'))}${tries.length ? html`<p>${say(visitor, 'searchTry')}</p><ul>${tries}</ul>` : ''}`;
    }
    const requestLink = (venueId: number, start: string, end: string) => {
      const s = DateTime.fromISO(start, { setZone: true });
      const e = DateTime.fromISO(end, { setZone: true });
      return `/my/bookings/new?${new URLSearchParams({ venueId: String(venueId), date: s.toISODate()!, startTime: s.toFormat('HH:mm'), endTime: e.toFormat('HH:mm'), expectedAttendance: values.people ?? '' }).toString()}`;
    };
    const rows = found.items.map(({ venue, slots }) => ({
      cells: [
        html`<strong>${venue.name}</strong><br><span class="muted">${parks.get(venue.organizationId) ?? ''}${venue.address ? ` · ${venue.address}` : ''}</span>`,
        venue.capacity,
        feeWords(visitor, venue.feePerHour),
        venue.amenities.join(', '),
        html`<ul class="plain">${slots.map((s) => html`<li>${timeRange(s.start, s.end, lang)}${canRequest ? html` <a href="${requestLink(venue.id, s.start, s.end)}">${say(visitor, 'requestThis')}</a>` : ''}</li>`)}</ul>`,
      ],
    }));
    const together = found.together;
    const named = together ? together.venueIds.map((id) => found.items.find((i) => i.venue.id === id)?.venue.name ?? '') : [];
    const groupForm =
      together && canRequest
        ? html`<section class="together"><p>${say(visitor, 'together', { n: together.venueIds.length, span: timeRange(together.start, together.end, lang) })}</p><ul>${named.map((n) => html`<li>${n}</li>`)}</ul>
<form method="post" action="/my/bookings/group">${csrfField(visitor)}${together.venueIds.map((id) => html`<input type="hidden" name="venueIds" value="${id}">`)}
<input type="hidden" name="start" value="${together.start}"><input type="hidden" name="end" value="${together.end}"><input type="hidden" name="expectedAttendance" value="${values.people ?? ''}">
<label for="purpose">${say(visitor, 'purpose')}</label><textarea id="purpose" name="purpose" required maxlength="2000"></textarea>
<p><button class="primary">${say(visitor, 'requestTogether', { n: together.venueIds.length })}</button></p></form></section>`
        : '';
    const headings = (['venue', 'capacity', 'feePerHour', 'amenities', 'freeTimes'] as const).map((k) => words(visitor, k));
    const more = found.nextCursor ? html`<p><a href="/venues/search?${new URLSearchParams({ ...(values as Record<string, string>), cursor: found.nextCursor }).toString()}">${say(visitor, 'more')}</a></p>` : '';
    return html`<p>${say(visitor, 'searchFound', { n: found.total })}</p>${groupForm}${cardTable(headings, rows)}${more}`;
  }

  app.get('/venues/search', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const values: Query = Object.fromEntries(['from', 'to', 'hours', 'people', 'when', 'park', 'amenities', 'maxFee', 'cursor'].map((k) => [k, typeof q[k] === 'string' ? q[k] : undefined]));
    const title = words(visitor, 'navFindVenue');
    if (!values.from && !values.people) {
      const today = DateTime.fromMillis(nowMs(), { zone: DEFAULT_TIMEZONE });
      return sendPage(reply, visitor, title, form(visitor, { from: today.plus({ days: 1 }).toISODate()!, to: today.plus({ days: 7 }).toISODate()! }));
    }
    try {
      const found = searchVenues(app.deps, { ...toSearch(values), cursor: values.cursor });
      return sendPage(reply, visitor, title, html`${form(visitor, values)}${results(visitor, values, found)}`);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, title, html`${notice(refused.message, 'error')}${form(visitor, values)}`, '/venues/search', refused.status);
    }
  });

  app.post('/my/bookings/group', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    const body = request.body as FormBody;
    try {
      const input = parseForm(CreateBookingBody, { venueIds: list(body, 'venueIds'), start: text(body, 'start'), end: text(body, 'end'), expectedAttendance: text(body, 'expectedAttendance'), purpose: text(body, 'purpose') });
      const created = requestBooking(app.deps, visitor.principal!, input, webActor(visitor.principal!));
      return reply.redirect(`/my/bookings/${created.id}?done=requested`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'navFindVenue'), html`${notice(refused.message, 'error')}<p><a href="/venues/search">${say(visitor, 'navFindVenue')}</a></p>`, '/venues/search', refused.status);
    }
  });
};
