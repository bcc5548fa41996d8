import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { assertRunsEvent } from '../../events/event-access.js';
import { eventTimezone } from '../../events/event-view.js';
import { eventWithPlace } from '../../events/events-service.js';
import { html } from '../../http/html.js';
import { template, type MessageKey } from '../../i18n/translate.js';
import { checkIn, type CheckInWho } from '../../tickets/check-ins.js';
import { doorCount, doorList } from '../../tickets/door-list.js';
import { nowMs } from '../../time/clock.js';
import { QR_DECODER_URL, SCANNER_URL } from '../frame/assets.js';
import { idParam, refusal, text, type FormBody } from '../frame/forms.js';
import { say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

/** The words the scan page's script says, by the short names it uses. */
const SCRIPT_WORDS: Record<string, MessageKey> = {
  ok: 'scanOk',
  okOffline: 'scanOkOffline',
  again: 'scanAgain',
  noSeat: 'scanNoSeat',
  unknown: 'scanUnknown',
  earlier: 'scanEarlier',
  count: 'scanCount',
  online: 'scanOnline',
  offline: 'scanOffline',
  sending: 'scanSending',
  noMatch: 'scanNoMatch',
  noCamera: 'scanNoCamera',
  signedOut: 'scanSignedOut',
  checkIn: 'checkIn',
  st_confirmed: 'st_confirmed',
  st_checked_in: 'st_checked_in',
  st_waitlisted: 'st_waitlisted',
  st_held: 'st_held',
  st_cancelled: 'st_cancelled',
};

function scriptWords(visitor: Visitor): string {
  return JSON.stringify(Object.fromEntries(Object.entries(SCRIPT_WORDS).map(([name, key]) => [name, template(visitor.language, key)])));
}

/**
 * Scanning tickets at the door on a phone (`/my/events/:id/scan`, the event's organizers and
 * coordinators). The page's script (src/web/frame/browser/scan.js, the only script any page runs) reads
 * QR codes with the camera, checks them in here, and when the signal drops goes on against the
 * door list it loaded, queuing check-ins on the phone with the time of each scan. Without script
 * its box still finds people through the check-in list.
 */
export const scanPages: FastifyPluginAsync = async (app) => {
  app.get('/my/events/:id/scan', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const place = eventWithPlace(app.deps, idParam(request.params));
    assertRunsEvent(visitor.principal!, place.event);
    const id = place.event.id;
    const count = doorCount(app.deps, id);
    const body = html`<section id="scan" class="scan" data-event="${id}" data-csrf="${visitor.csrf}" data-list="/my/events/${id}/scan/list" data-post="/my/events/${id}/scan" data-decoder="${QR_DECODER_URL}" data-words="${scriptWords(visitor)}">
<p id="scan-count" class="scan-count" aria-live="polite">${say(visitor, 'scanCount', count)}</p>
<p id="scan-net" class="scan-net" role="status"></p>
<div id="scan-result" class="scan-result" role="alert" aria-live="assertive"></div>
<p class="scan-start"><button id="scan-start" class="primary" type="button" hidden>${say(visitor, 'scanStartCamera')}</button></p>
<div id="scan-camera" class="scan-camera" hidden><video id="scan-video" muted playsinline></video></div>
<form id="scan-manual" method="get" action="/my/events/${id}/checkin" class="row"><div><label for="scan-q">${say(visitor, 'scanManual')}</label><input id="scan-q" name="q" type="search" autocomplete="off" autocapitalize="characters"></div><div><button>${say(visitor, 'scanCheck')}</button></div></form>
<ul id="scan-matches" class="scan-matches plain"></ul>
<ul id="scan-log" class="scan-log plain muted"></ul>
<p id="scan-noscript" class="notice">${say(visitor, 'scanNeedsScript')}</p>
<p class="actions"><a href="/my/events/${id}/checkin">${say(visitor, 'checkInList')}</a><a href="/my/events/${id}">${place.event.title}</a></p></section>`;
    return sendPage(reply, visitor, words(visitor, 'scanTitle', { title: place.event.title }), body, request.url, 200, undefined, [SCANNER_URL]);
  });

  // The door list, and the server's time so the phone can date scans it queues by the server's clock.
  app.get('/my/events/:id/scan/list', pageRoute('member'), async (request, reply) => {
    const list = doorList(app.deps, request.visitor.principal!, idParam(request.params));
    return reply.header('cache-control', 'no-store').send({ ...list, now: new Date(nowMs()).toISOString() });
  });

  /** One check-in from the scan page, answered as JSON for its script (refusals too, in the visitor's language). */
  app.post('/my/events/:id/scan', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    const who: CheckInWho = {};
    if (text(form, 'ticket')) who.ticket = text(form, 'ticket');
    if (/^[1-9]\d{0,9}$/.test(text(form, 'registrationId'))) who.registrationId = Number(text(form, 'registrationId'));
    if (text(form, 'scannedAt')) who.scannedAt = text(form, 'scannedAt');
    try {
      const done = checkIn(app.deps, visitor.principal!, id, who);
      const time = done.checkedInAt ? DateTime.fromISO(done.checkedInAt).setZone(eventTimezone(eventWithPlace(app.deps, id))).toFormat('HH:mm') : '';
      const message = done.alreadyCheckedIn ? words(visitor, 'scanAgain', { name: done.name, time }) : words(visitor, 'scanOk', { name: done.name });
      const registration = { id: done.id, name: done.name, status: done.status, checkedInAt: done.checkedInAt };
      return reply.send({ ok: true, alreadyCheckedIn: done.alreadyCheckedIn, registration, count: doorCount(app.deps, id), message });
    } catch (error) {
      const refused = refusal(error, visitor);
      return reply.code(refused.status).send({ ok: false, message: refused.message });
    }
  });
};
