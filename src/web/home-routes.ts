import type { FastifyPluginAsync } from 'fastify';
import { listPublicEvents } from '../events/events-listing.js';
import { escapeHtml } from '../http/html.js';
import { sendPage } from './layout.js';
import { pageRoute } from './signin-routes.js';

/** The front page: the next published events, times in each venue's zone. */
export const homeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const en = visitor.language === 'en';
    const { items } = listPublicEvents(app.db, { limit: 20 });
    const rows = items
      .map(
        (e) =>
          `<tr><td>${escapeHtml(e.title)}</td><td>${escapeHtml(e.start.slice(0, 16).replace('T', ' '))} <span class="muted">${escapeHtml(e.timezone)}</span></td><td>${escapeHtml(e.venue?.name ?? (en ? 'Online' : '线上'))}</td><td>${e.seatsLeft}</td></tr>`,
      )
      .join('\n');
    const table = items.length
      ? `<table><thead><tr><th>${en ? 'Event' : '活动'}</th><th>${en ? 'Starts' : '开始时间'}</th><th>${en ? 'Place' : '地点'}</th><th>${en ? 'Seats left' : '剩余名额'}</th></tr></thead><tbody>${rows}</tbody></table>`
      : `<p class="muted">${en ? 'No upcoming events yet.' : '暂无即将举行的活动。'}</p>`;
    return sendPage(reply, visitor, en ? 'Upcoming events' : '近期活动', table, '/');
  });
};
