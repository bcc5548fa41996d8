import type { Principal } from '../auth/principal.js';
import { canManagePark } from '../auth/park-access.js';
import { IMMEDIATE } from '../db/database.js';
import { eventAnswers, feedbackOf, putFeedback } from './feedback-dal.js';
import { checkedInAttendees, checkedInCount, registrationRecord } from '../registrations/registrations-service.js';
import { eventWithPlace, feedbackRequested } from '../events/events-service.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors/http-errors.js';
import { assertRunsEvent, canRunEvent } from '../events/event-access.js';
import { eventForMail } from '../events/event-view.js';
import { queueEmail } from '../mail/email-outbox.js';
import { feedbackMail } from '../registrations/registration-mails.js';
import type { LinkDeps } from '../registrations/registration-links.js';
import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import { nowDate } from '../time/clock.js';
import { utc } from '../time/instants.js';
import { addAnswer, feedbackFigures, noFeedback } from './feedback-figures.js';
import { assertNotErased } from '../personal-data/erased.js';
import { feedbackLink } from './feedback-links.js';

export const COMMENT_MAX = 2000;

export interface FeedbackAnswer {
  /** 1–5. */
  rating: number;
  /** 0–10, or null when not given. */
  recommend: number | null;
  comment: string | null;
}

/**
 * Mails each checked-in attendee of an ended event the survey, once ever: the mails and the
 * event's mark are written in one transaction. Not for cancelled events (nor drafts). Returns how
 * many were asked.
 */
export function requestFeedback(deps: { db: OwnDbDeps['db'] } & LinkDeps, eventId: number): number {
  return deps.db.transaction((tx) => {
    const place = eventWithPlace({ db: tx }, eventId);
    const { event } = place;
    if ((event.status !== 'published' && event.status !== 'completed') || event.feedbackRequestedAt) return 0;
    const attendees = checkedInAttendees({ db: tx }, eventId);
    const mail = eventForMail(place);
    for (const person of attendees) queueEmail(tx, 'feedback', feedbackMail({ email: person.email, name: person.name }, mail, feedbackLink(deps, person.id)));
    feedbackRequested({ db: tx }, eventId);
    return attendees.length;
  }, IMMEDIATE);
}

/** The survey a link opens: whose it is, the event, and their answer so far. Only attendees who checked in are asked. */
export function surveyFor({ db }: DbDeps, registrationId: number) {
  const person = registrationRecord({ db }, registrationId);
  if (!person) throw new NotFoundError('Registration', registrationId);
  assertNotErased(person);
  const place = eventWithPlace({ db }, person.eventId);
  if (person.status !== 'checked_in' || place.event.status === 'cancelled') {
    throw new ConflictError('Only people who came to the event are asked about it.', { rule: 'not-attended' }).say('errFeedbackNotAttended');
  }
  const answer = feedbackOf(db, registrationId);
  return {
    name: person.name,
    eventId: place.event.id,
    event: eventForMail(place),
    answer: answer ? { rating: answer.rating, recommend: answer.recommend, comment: answer.comment } : null,
  };
}

function checkAnswer(answer: FeedbackAnswer): void {
  if (!Number.isInteger(answer.rating) || answer.rating < 1 || answer.rating > 5) {
    throw new BadRequestError('Give a rating from 1 to 5.', 'rating').say('errFeedbackRating');
  }
  if (answer.recommend !== null && (!Number.isInteger(answer.recommend) || answer.recommend < 0 || answer.recommend > 10)) {
    throw new BadRequestError('How likely you are to recommend it is a number from 0 to 10.', 'recommend').say('errFeedbackRecommend');
  }
  if (answer.comment !== null && answer.comment.length > COMMENT_MAX) {
    throw new BadRequestError(`A comment has at most ${COMMENT_MAX} characters.`, 'comment').say('errFeedbackComment', { n: COMMENT_MAX });
  }
}

/** Saves an attendee's answer; answering again replaces it (the link says how long that is possible). */
export function answerSurvey({ db }: OwnDbDeps, registrationId: number, answer: FeedbackAnswer): void {
  checkAnswer(answer);
  const comment = answer.comment?.trim() || null;
  db.transaction((tx) => {
    const { eventId } = surveyFor({ db: tx }, registrationId);
    const now = nowDate();
    const values = { rating: answer.rating, recommend: answer.recommend, comment, updatedAt: now };
    putFeedback(tx, registrationId, eventId, values);
  }, IMMEDIATE);
}

/**
 * What attendees said about an event: response rate, mean rating, NPS, how many gave each
 * rating, and the comments (without names). For those who run the event, and the managers of
 * the park whose venue hosted it.
 */
export function eventFeedback({ db }: DbDeps, principal: Principal, eventId: number) {
  const place = eventWithPlace({ db }, eventId);
  if (!canRunEvent(principal, place.event) && !(place.venue && canManagePark(principal, place.venue.organizationId))) assertRunsEvent(principal, place.event);
  const sums = noFeedback();
  sums.asked = checkedInCount({ db }, eventId);
  const answers = eventAnswers(db, eventId);
  const ratings = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<1 | 2 | 3 | 4 | 5, number>;
  for (const answer of answers) {
    addAnswer(sums, answer);
    ratings[answer.rating as 1 | 2 | 3 | 4 | 5] += 1;
  }
  return {
    eventId,
    requestedAt: place.event.feedbackRequestedAt ? utc(place.event.feedbackRequestedAt) : null,
    asked: sums.asked,
    ...feedbackFigures(sums),
    ratings,
    comments: answers.filter((a) => a.comment).map((a) => ({ rating: a.rating, recommend: a.recommend, comment: a.comment!, at: utc(a.updatedAt) })),
  };
}
