import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { limitPublicRequest, subscribeLimits } from '../../http/rate-limit.js';
import { dataSubject, holdsNothing } from '../../privacy/personal-records.js';
import { eraseOwn, ownRecords, requestAccess } from '../../privacy/self-service.js';
import { erasedFrom, erasedQuery, recordsView, sendRecordsJson, subjectInWords } from './personal-records-view.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, say, sendPage, words } from '../frame/layout.js';
import { mobileForm } from '../frame/texted-code-forms.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const tokenOf = (query: unknown) => {
  const token = (query as Record<string, unknown>).token;
  return typeof token === 'string' ? token : '';
};

/**
 * The /privacy page: the whole notice, then asking for one's own data by address (and, with an SMS
 * provider, by mobile number); a `message` (a refusal, or "sent") stands beside the form it is about.
 */
export function askPage(app: FastifyInstance, visitor: Visitor, typed: { email?: string; mobile?: string } = {}, message: { email?: HtmlPart; mobile?: HtmlPart } = {}): SafeHtml {
  const full = app.privacyNotice.full[visitor.language];
  const byMobile = !app.texting.enabled ? '' : html`${mobileForm(visitor, { action: '/privacy/sms', heading: say(visitor, 'privacyMobileHeading'), mobileLabel: say(visitor, 'mobile'), button: say(visitor, 'smsSendCode'), mobile: typed.mobile })}${message.mobile ?? ''}<p class="muted">${say(visitor, 'privacyMobileIntro')}</p>`;
  return html`${full.map((part) => html`<h2>${part.heading}</h2><p>${part.text}</p>`)}
<p class="muted">${say(visitor, 'privacyVersion')} <code lang="zxx">${app.privacyNotice.version}</code></p>
<h2 id="ask">${say(visitor, 'privacyAskHeading')}</h2>${message.email ?? ''}<p>${say(visitor, 'privacyAskIntro')}</p>
<form method="post" action="/privacy">${csrfField(visitor)}
<label for="email">${say(visitor, 'email')}</label><input id="email" name="email" type="email" required autocomplete="email" value="${typed.email ?? ''}">
<p><button class="primary">${say(visitor, 'privacyAskButton')}</button></p></form>${byMobile}`;
}

/**
 * /privacy: the whole notice in the visitor's language, and a person's own export and erasure
 * by a mailed link (the answer never says whether an address is known).
 */
export const privacyPages: FastifyPluginAsync = async (app) => {
  app.get('/privacy', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const sent = (request.query as Record<string, unknown>).sent === '1';
    return sendPage(reply, visitor, words(visitor, 'privacyTitle'), askPage(app, visitor, {}, { email: sent ? notice(words(visitor, 'privacySent')) : '' }));
  });

  app.post('/privacy', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const email = text(request.body as FormBody, 'email');
    try {
      const subject = dataSubject({ email }) as { email: string };
      await limitPublicRequest(app.hourLimits, 'privacy', subscribeLimits(app.config), request.ip, subject.email, 'privacy requests');
      requestAccess(app.deps, subject, visitor.language);
      app.outbox.kick();
      return reply.redirect('/privacy?sent=1#ask', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'privacyTitle'), askPage(app, visitor, { email }, { email: notice(refused.message, 'error') }), '/privacy', refused.status);
    }
  });

  function mePage(visitor: Visitor, token: string, message: HtmlPart = ''): SafeHtml {
    const records = ownRecords(app.deps, token);
    const who = subjectInWords(records.subject);
    if (holdsNothing(records)) return html`${message}<p>${say(visitor, 'privacyNothing', { who })}</p>`;
    const query = new URLSearchParams({ token }).toString();
    return html`${message}<p>${say(visitor, 'privacyMeIntro', { who })}</p>${recordsView(visitor, records)}
<p><a class="button" href="/privacy/me.json?${query}" download="my-data.json">${say(visitor, 'privacyDownload')}</a></p>
<h2>${say(visitor, 'privacyEraseHeading')}</h2><p>${say(visitor, 'privacyEraseWarning')}</p>
<form method="post" action="/privacy/me/erase">${csrfField(visitor)}<input type="hidden" name="token" value="${token}">
<label><input type="checkbox" name="confirm" value="yes" required> ${say(visitor, 'privacyEraseConfirm')}</label>
<p><button class="danger">${say(visitor, 'privacyEraseButton')}</button></p></form>`;
  }

  app.get('/privacy/me', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const query = request.query as Record<string, unknown>;
    const counts = erasedFrom(query);
    const erased = counts ? notice(words(visitor, 'privacyErased', { ...counts })) : '';
    return sendPage(reply, visitor, words(visitor, 'privacyMeTitle'), mePage(visitor, tokenOf(query), erased), '/privacy/me');
  });

  app.get('/privacy/me.json', pageRoute('public'), async (request, reply) => {
    const records = ownRecords(app.deps, tokenOf(request.query));
    return sendRecordsJson(reply, records, 'my-data.json');
  });

  app.post('/privacy/me/erase', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const token = text(form, 'token');
    if (text(form, 'confirm') !== 'yes') {
      return sendPage(reply, visitor, words(visitor, 'privacyMeTitle'), mePage(visitor, token, notice(words(visitor, 'errPrivacyConfirm'), 'error')), '/privacy/me', 400);
    }
    const counts = eraseOwn(app.deps, token);
    app.outbox.kick();
    return reply.redirect(`/privacy/me?${new URLSearchParams({ token, ...erasedQuery(counts) }).toString()}`, 303);
  });
};
