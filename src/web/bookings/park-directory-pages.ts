import type { FastifyPluginAsync } from 'fastify';
import { venueOwners, venueOwnerWithVenues } from '../../venues/venues-service.js';
import { html } from '../../http/html.js';
import { openingHoursInWords } from '../../time/opening-hours-words.js';
import { cardTable } from '../frame/card-table.js';
import { idParam } from '../frame/forms.js';
import { say, sendPage, words } from '../frame/layout.js';
import { feeWords } from '../frame/organizer-shared.js';
import { pageRoute } from '../frame/page-route.js';

/**
 * What the alliance offers, for people who have never met a park's staff: every park and base
 * with its venues (capacity, amenities, fee, address, opening hours in words). Public.
 */
export const parkDirectoryPages: FastifyPluginAsync = async (app) => {
  app.get('/parks', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const parks = venueOwners(app.deps);
    const rows = parks.map((p) => ({ cells: [html`<a href="/parks/${p.id}">${p.name}</a>`, words(visitor, `kind_${p.kind}`), say(visitor, 'parkVenues', { n: p.venues })] }));
    const body = html`<p>${say(visitor, 'parksIntro')}</p>${cardTable([words(visitor, 'parkName'), words(visitor, 'kind'), words(visitor, 'venues')], rows)}`;
    return sendPage(reply, visitor, words(visitor, 'parksTitle'), body);
  });

  app.get('/parks/:id', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const { owner: park, venues: own } = venueOwnerWithVenues(app.deps, id);
    const lang = visitor.language;
    const rows = own.map((v) => ({
      cells: [
        html`<strong>${v.name}</strong>${v.address ? html`<br><span class="muted">${v.address}</span>` : ''}`,
        v.capacity,
        feeWords(visitor, v.feePerHour),
        v.amenities.join(', '),
        openingHoursInWords(v.openingHours, lang),
      ],
    }));
    const headings = [words(visitor, 'venue'), words(visitor, 'capacity'), words(visitor, 'feePerHour'), words(visitor, 'amenities'), words(visitor, 'openingHoursWords')];
    const body = html`<p>${words(visitor, `kind_${park.kind}`)}${park.contactEmail ? html` · <a href="mailto:${park.contactEmail}">${park.contactEmail}</a>` : ''}</p>
${own.length ? cardTable(headings, rows) : html`<p class="muted">${say(visitor, 'noVenuesYet')}</p>`}
<p><a href="/venues/search">${say(visitor, 'navFindVenue')}</a> · <a href="/parks">${say(visitor, 'parksTitle')}</a></p>`;
    return sendPage(reply, visitor, park.name, body);
  });
};
