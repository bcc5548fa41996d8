import type { FastifyContextConfig, FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { describeEventTime } from '../../events/event-view.js';
import { answerSurvey, COMMENT_MAX, surveyFor, type FeedbackAnswer } from '../../feedback/feedback-service.js';
import { readFeedbackLink } from '../../feedback/feedback-links.js';
import { html, type HtmlPart } from '../../http/html.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import { notice, say, sendPage, words } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/** The survey's link is its key: no sign-in, no form token (like every personal link in a mail). */
const config: FastifyContextConfig = { access: 'public', html: true, page: 'public', signedLink: true };
/** Generous limits: what the service refuses (a comment over 2,000 characters) comes back on the page with the reason. */
const SurveyBody = Type.Object(
  { rating: Type.Optional(Type.String({ maxLength: 10 })), recommend: Type.Optional(Type.String({ maxLength: 10 })), comment: Type.Optional(Type.String({ maxLength: 50_000 })) },
  { additionalProperties: false },
);

/** A row of numbered choices (1–5, 0–10), large enough to tap, that wraps on a narrow phone. */
function scale(name: string, from: number, to: number, chosen: number | null, required: boolean): HtmlPart {
  const choices = Array.from({ length: to - from + 1 }, (_, i) => from + i).map(
    (n) => html`<label class="choice"><input type="radio" name="${name}" value="${n}"${n === chosen ? html` checked` : ''}${required ? html` required` : ''}><span>${n}</span></label>`,
  );
  return html`<div class="scale">${choices}</div>`;
}

/** Whole numbers as typed into the form; anything else is NaN, which the service refuses by name. */
const numberOf = (value: string) => (/^\d{1,2}$/.test(value) ? Number(value) : Number.NaN);

/**
 * The one-page survey an attendee's feedback mail links to (`/feedback/:token`): a rating 1–5,
 * how likely they are to recommend it 0–10, a comment. Answering again replaces the answer, for
 * as long as the link lives (14 days).
 */
export const feedbackPages: FastifyPluginAsync = async (app) => {
  function surveyPage(visitor: Visitor, token: string, message: HtmlPart = '', typed?: FeedbackAnswer) {
    const survey = surveyFor(app.deps, readFeedbackLink(app.deps.secretKey, token));
    const shown = typed ?? survey.answer ?? { rating: null, recommend: null, comment: null };
    const body = html`${message}<p>${survey.name} · ${describeEventTime({ ...survey.event, language: visitor.language })} · ${survey.event.place}</p>
<form method="post" action="/feedback/${token}">
<fieldset class="plain"><legend>${say(visitor, 'feedbackRating')}</legend>${scale('rating', 1, 5, shown.rating, true)}</fieldset>
<fieldset class="plain"><legend>${say(visitor, 'feedbackRecommend')}</legend>${scale('recommend', 0, 10, shown.recommend, false)}</fieldset>
<label for="comment">${say(visitor, 'feedbackComment')}</label><textarea id="comment" name="comment" rows="4" maxlength="${COMMENT_MAX}">${shown.comment ?? ''}</textarea>
<p><button class="primary">${say(visitor, 'feedbackSend')}</button></p></form>`;
    return { title: words(visitor, 'feedbackTitle', { title: survey.event.title }), body };
  }

  app.get('/feedback/:token', { config, schema: { hide: true } }, async (request, reply) => {
    const { visitor } = request;
    const token = String((request.params as { token?: string }).token ?? '');
    const saved = (request.query as { done?: string }).done === 'saved' ? notice(words(visitor, 'feedbackThanks')) : '';
    const { title, body } = surveyPage(visitor, token, saved);
    return sendPage(reply, visitor, title, body);
  });

  app.post('/feedback/:token', { config, schema: { hide: true, body: SurveyBody } }, async (request, reply) => {
    const { visitor } = request;
    const token = String((request.params as { token?: string }).token ?? '');
    const form = request.body as FormBody;
    const answer: FeedbackAnswer = {
      rating: numberOf(text(form, 'rating')),
      recommend: text(form, 'recommend') === '' ? null : numberOf(text(form, 'recommend')),
      comment: typeof form.comment === 'string' ? form.comment : null,
    };
    try {
      answerSurvey(app.deps, readFeedbackLink(app.deps.secretKey, token), answer);
      return reply.redirect(`/feedback/${token}?done=saved`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      if (refused.status !== 400) throw error;
      const { title, body } = surveyPage(visitor, token, notice(refused.message, 'error'), answer);
      return sendPage(reply, visitor, title, body, `/feedback/${token}`, 400);
    }
  });
};
