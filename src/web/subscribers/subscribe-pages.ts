import { organizationNames, ownsVenues } from '../../organizations/organizations-service.js';
import type { FastifyPluginAsync } from 'fastify';
import type { Language } from '../../db/schema.js';
import { type SafeHtml, html, type HtmlPart } from '../../http/html.js';
import { limitPublicRequest, subscribeLimits } from '../../http/rate-limit.js';
import { PreferencesBody, SubscribeBody } from '../../subscribers/subscribers-schemas.js';
import { preferences, subscribe, unsubscribe, updatePreferences, type PreferencesView } from '../../subscribers/subscribers-service.js';
import { list, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, options, say, sendPage, words, languageOptions } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import { noticeField, noticeOf } from '../frame/privacy-notice-field.js';
import type { Visitor } from '../frame/visitor.js';

type Choices = Pick<PreferencesView, 'topics' | 'parks' | 'organizations' | 'language' | 'cadence' | 'reminders'>;

/** The preference fields of a form (subscribe and preferences share them). */
function preferenceFields(visitor: Visitor, parks: Array<{ id: number; name: string }>, current: Partial<Choices>): SafeHtml {
  const boxes = parks
    .map((p) => html`<label><input type="checkbox" name="parks" value="${p.id}"${current.parks?.includes(p.id) ? ' checked' : ''}> ${p.name}</label>`);
  return html`<label for="topics">${say(visitor, 'topicsHint')}</label><input id="topics" name="topics" type="text" value="${(current.topics ?? []).join(', ')}">
<fieldset><legend>${say(visitor, 'parksHint')}</legend>${boxes || html`<span class="muted">—</span>`}</fieldset>
<div class="row"><div><label for="cadence">${say(visitor, 'cadence')}</label><select id="cadence" name="cadence">${options([{ value: 'instant', label: words(visitor, 'cadenceInstant') }, { value: 'weekly', label: words(visitor, 'cadenceWeekly') }], current.cadence ?? 'instant')}</select></div>
<div><label for="language">${say(visitor, 'mailLanguage')}</label><select id="language" name="language">${languageOptions(current.language ?? visitor.language)}</select></div></div>
<label><input type="checkbox" name="reminders" value="true"${current.reminders ? ' checked' : ''}> ${say(visitor, 'wantReminders')}</label>`;
}

/** What a posted preference form says; boxes left unticked mean "none" and "no". */
function choicesOf(form: FormBody) {
  return { topics: list(form, 'topics'), parks: list(form, 'parks'), cadence: text(form, 'cadence'), language: text(form, 'language') as Language, reminders: text(form, 'reminders') === 'true' };
}

export const subscribePages: FastifyPluginAsync = async (app) => {
  const parkChoices = () => organizationNames(app.deps).filter(ownsVenues);

  function subscribeForm(visitor: Visitor, email = '', current: Partial<Choices> = {}, message: HtmlPart = ''): SafeHtml {
    return html`${message}<p>${say(visitor, 'subscribeIntro')}</p><form method="post" action="/subscribe">${csrfField(visitor)}
<label for="email">${say(visitor, 'email')}</label><input id="email" name="email" type="email" required autocomplete="email" value="${email}">
${preferenceFields(visitor, parkChoices(), current)}
${noticeField(visitor, app.privacyNotice, 'subscription')}
<p><button class="primary">${say(visitor, 'subscribe')}</button></p></form>`;
  }

  app.get('/subscribe', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    // After the redirect: the same answer whether or not the address was known.
    if ((request.query as Record<string, unknown>).sent === '1') return sendPage(reply, visitor, words(visitor, 'navSubscribe'), notice(words(visitor, 'checkYourMail')));
    return sendPage(reply, visitor, words(visitor, 'navSubscribe'), subscribeForm(visitor));
  });

  app.post('/subscribe', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const email = text(form, 'email');
    const choices = choicesOf(form);
    try {
      const input = parseForm(SubscribeBody, { email, ...choices, ...noticeOf(form) });
      await limitPublicRequest(app.hourLimits, 'subscribe', subscribeLimits(app.config), request.ip, input.email, 'subscribe requests');
      subscribe(app.deps, input);
      return reply.redirect('/subscribe?sent=1', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'navSubscribe'), subscribeForm(visitor, email, { ...choices, parks: choices.parks.map(Number) } as Partial<Choices>, notice(refused.message, 'error')), '/subscribe', refused.status);
    }
  });

  // Preferences, through the signed link in every notice (the token is the only key).
  function preferencesForm(visitor: Visitor, token: string, current: PreferencesView, message: HtmlPart = ''): SafeHtml {
    const unsubscribed = current.status === 'unsubscribed';
    return html`${message}<p>${current.email} · ${say(visitor, `sub_${current.status}` as never)}</p>
${unsubscribed ? '' : html`<form method="post" action="/subscription">${csrfField(visitor)}<input type="hidden" name="token" value="${token}">
${preferenceFields(visitor, parkChoices(), current)}
<p><button class="primary">${say(visitor, 'save')}</button></p></form>
<h2>${say(visitor, 'unsubscribe')}</h2><form method="post" action="/subscription/unsubscribe">${csrfField(visitor)}<input type="hidden" name="token" value="${token}"><p><button class="danger">${say(visitor, 'unsubscribe')}</button></p></form>`}`;
  }

  app.get('/subscription', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const { token: raw } = request.query as Record<string, unknown>;
    const token = typeof raw === 'string' ? raw : '';
    const done = (request.query as Record<string, unknown>).done;
    const message = done === 'saved' ? notice(words(visitor, 'doneSaved')) : done === 'unsubscribed' ? notice(words(visitor, 'doneUnsubscribed')) : '';
    return sendPage(reply, visitor, words(visitor, 'yourSubscription'), preferencesForm(visitor, token, preferences(app.deps, token), message), '/subscription');
  });

  app.post('/subscription', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const token = text(form, 'token');
    try {
      updatePreferences(app.deps, token, parseForm(PreferencesBody, choicesOf(form)));
      return reply.redirect(`/subscription?${new URLSearchParams({ token, done: 'saved' }).toString()}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'yourSubscription'), preferencesForm(visitor, token, preferences(app.deps, token), notice(refused.message, 'error')), '/subscription', refused.status);
    }
  });

  app.post('/subscription/unsubscribe', pageRoute('public'), async (request, reply) => {
    const token = text(request.body as FormBody, 'token');
    unsubscribe(app.deps, token);
    return reply.redirect(`/subscription?${new URLSearchParams({ token, done: 'unsubscribed' }).toString()}`, 303);
  });
};
