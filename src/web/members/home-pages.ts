import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { listBookings } from '../../bookings/bookings-service.js';
import { upcomingOrganizationEvents } from '../../events/events-listing.js';
import { html, type SafeHtml } from '../../http/html.js';
import { failingDeliveries, newMembers, pendingRequests } from '../../reports/waiting-work.js';
import { nowDate, nowMs } from '../../time/clock.js';
import { spokenRange } from '../../i18n/spoken.js';
import { notice, postButton, say, sendPage, statusTag, timeRange, words } from '../frame/layout.js';
import { answerCoOrganizing, coOrganizingAsked } from '../../events/co-organizers.js';
import { DEFAULT_TIMEZONE } from '../../time/instants.js';
import { idParam, refusal } from '../frame/forms.js';
import { webActor } from '../../audit/audit.js';
import { venueChoices } from '../frame/organizer-shared.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

/**
 * Where each member lands after signing in: what waits for them, with the way to it. A park
 * manager sees the requests to decide; an organizer their requests and next events; the
 * coordinator failing deliveries, new members and every park's waiting requests.
 */
export const homePages: FastifyPluginAsync = async (app) => {
  const ago = (at: Date, visitor: Visitor) => DateTime.fromJSDate(at).toRelative({ base: DateTime.fromMillis(nowMs()), locale: visitor.language }) ?? '';

  function toDecide(visitor: Visitor): SafeHtml {
    const { count, oldest } = pendingRequests(app.deps, visitor.principal!);
    const detail = oldest
      ? html`<p>${say(visitor, 'homeOldestRequest', {
          ago: ago(oldest.createdAt, visitor),
          venue: oldest.venueName,
          when: spokenRange(DateTime.fromJSDate(oldest.startAt, { zone: oldest.timezone }), DateTime.fromJSDate(oldest.endAt, { zone: oldest.timezone }), visitor.language, oldest.timezone),
          purpose: oldest.purpose,
        })}</p>`
      : '';
    return html`<section class="home"><h2>${say(visitor, 'homeRequestsToDecide')}</h2>${
      count ? html`<p><strong>${say(visitor, 'homeRequestsWaiting', { n: count })}</strong></p>${detail}<p><a class="button primary" href="/park/inbox">${say(visitor, 'homeOpenInbox')}</a></p>` : html`<p class="muted">${say(visitor, 'homeNothingToDecide')}</p>`
    }</section>`;
  }

  function myRequests(visitor: Visitor): SafeHtml {
    const principal = visitor.principal!;
    const waiting = pendingRequests(app.deps, principal).count;
    const venues = new Map(venueChoices(app).map((v) => [v.id, v.name]));
    const upcoming = listBookings(app.deps, principal, { from: nowDate().toISOString(), limit: 200 })
      .items.filter((b) => b.status === 'pending' || b.status === 'approved')
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .slice(0, 5);
    const items = upcoming.map((b) => html`<li>${statusTag(visitor, b.status)} ${timeRange(b.start, b.end, visitor.language)} · ${venues.get(b.venueId) ?? ''}</li>`);
    return html`<section class="home"><h2>${say(visitor, 'homeMyRequests')}</h2>${waiting ? html`<p><strong>${say(visitor, 'homeMyRequestsWaiting', { n: waiting })}</strong></p>` : ''}${
      items.length ? html`<ul class="plain">${items}</ul>` : html`<p class="muted">${say(visitor, 'homeNoUpcomingRequests')}</p>`
    }<p class="actions"><a href="/my/bookings">${say(visitor, 'navMyBookings')}</a><a href="/venues/search">${say(visitor, 'navFindVenue')}</a><a class="button" href="/my/bookings/new">${say(visitor, 'newRequest')}</a></p></section>`;
  }

  function nextEvents(visitor: Visitor): SafeHtml {
    const events = upcomingOrganizationEvents(app.db, visitor.principal!, 5);
    const items = events.map(
      (e) => html`<li><a href="/my/events/${e.id}">${e.title}</a> ${statusTag(visitor, e.status)}<br><span class="muted">${timeRange(e.start, e.end, visitor.language, e.timezone)} · ${say(visitor, 'homeSeats', { taken: e.capacity - e.seatsLeft, capacity: e.capacity })}</span></li>`,
    );
    return html`<section class="home"><h2>${say(visitor, 'homeNextEvents')}</h2>${items.length ? html`<ul class="plain">${items}</ul>` : html`<p class="muted">${say(visitor, 'homeNoNextEvents')}</p>`}<p class="actions"><a href="/my/events">${say(visitor, 'navMyEvents')}</a><a class="button" href="/my/events/new">${say(visitor, 'newEvent')}</a></p></section>`;
  }

  function deliveriesHealth(visitor: Visitor): SafeHtml {
    const { dead, days, switchedOff } = failingDeliveries(app.deps);
    const off = switchedOff.map((c) => html`<li>${say(visitor, 'homeChannelOff', { name: c.name, reason: c.reason ?? '' })}</li>`);
    return html`<section class="home"><h2>${say(visitor, 'homeDeliveries')}</h2>${dead ? html`<p><strong>${say(visitor, 'homeDeadDeliveries', { n: dead, days })}</strong></p>` : html`<p class="muted">${say(visitor, 'homeNoDeadDeliveries', { days })}</p>`}${
      off.length ? html`<ul class="plain">${off}</ul>` : ''
    }<p class="actions"><a href="/office/announcements">${say(visitor, 'homeSeeDeliveries')}</a><a href="/office/channels">${say(visitor, 'navChannels')}</a></p></section>`;
  }

  /** Events whose organizer named the visitor's organization as co-organizer: accept or decline, for it. */
  function coOrganizing(visitor: Visitor): SafeHtml {
    const asked = coOrganizingAsked(app.deps, visitor.principal!.organizationId, nowDate());
    if (asked.length === 0) return html``;
    const items = asked.map(
      (a) => html`<li>${say(visitor, 'homeCoOrganizingAsk', { organizer: a.organizer, title: a.title, when: spokenRange(DateTime.fromJSDate(a.startAt, { zone: DEFAULT_TIMEZONE }), DateTime.fromJSDate(a.endAt, { zone: DEFAULT_TIMEZONE }), visitor.language, DEFAULT_TIMEZONE) })}<br>${postButton(
        visitor,
        `/my/co-organizing/${a.eventId}/accept`,
        words(visitor, 'homeCoOrganizingAccept'),
        {},
        'primary',
      )} ${postButton(visitor, `/my/co-organizing/${a.eventId}/decline`, words(visitor, 'homeCoOrganizingDecline'))}</li>`,
    );
    return html`<section class="home"><h2>${say(visitor, 'homeCoOrganizing')}</h2><ul class="plain">${items}</ul></section>`;
  }

  function joined(visitor: Visitor): SafeHtml {
    const { count, days, items } = newMembers(app.deps);
    const list = items.map((m) => html`<li>${m.name} · <a href="/office/organizations/${m.organizationId}">${m.organization}</a> · ${words(visitor, `role_${m.role}`)}</li>`);
    return html`<section class="home"><h2>${say(visitor, 'homeNewMembers')}</h2>${count ? html`<p>${say(visitor, 'homeNewMembersCount', { n: count, days })}</p><ul class="plain">${list}</ul>` : html`<p class="muted">${say(visitor, 'homeNoNewMembers', { days })}</p>`}</section>`;
  }

  app.get('/home', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const role = visitor.principal!.role;
    const counter = html`<section class="home"><h2>${say(visitor, 'homeCounter')}</h2><p><a href="/counter">${say(visitor, 'navCounter')}</a></p></section>`;
    const sections =
      role === 'park_manager'
        ? [toDecide(visitor), nextEvents(visitor)]
        : role === 'organizer'
          ? [myRequests(visitor), nextEvents(visitor)]
          : role === 'service_staff'
            ? [counter]
            : [deliveriesHealth(visitor), toDecide(visitor), joined(visitor)];
    const done = (request.query as { done?: string }).done;
    const answered = done === 'accepted' ? notice(words(visitor, 'homeCoOrganizingAccepted')) : done === 'declined' ? notice(words(visitor, 'homeCoOrganizingDeclined')) : '';
    return sendPage(reply, visitor, words(visitor, 'homeTitle'), html`${answered}${role === 'service_staff' ? '' : coOrganizing(visitor)}${sections}`);
  });

  for (const [path, answer] of [['accept', 'accepted'], ['decline', 'declined']] as const) {
    app.post(`/my/co-organizing/:id/${path}`, pageRoute('member'), async (request, reply) => {
      const { visitor } = request;
      try {
        answerCoOrganizing(app.deps, visitor.principal!, idParam(request.params), answer, webActor(visitor.principal!));
        return reply.redirect(`/home?done=${answer}`, 303);
      } catch (error) {
        const refused = refusal(error, visitor);
        return sendPage(reply, visitor, words(visitor, 'homeTitle'), notice(refused.message, 'error'), '/home', refused.status);
      }
    });
  }
};
