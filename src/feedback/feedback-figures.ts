import { roundTo } from '../util/round-to.js';

/** The sums of an event's (or a report group's) feedback, and what people read from them. */
export interface FeedbackSums {
  /** Attendees asked: those checked in. */
  asked: number;
  responses: number;
  ratingSum: number;
  /** Answers giving a likelihood to recommend, and of those the promoters (9–10) and detractors (0–6). */
  recommenders: number;
  promoters: number;
  detractors: number;
}

export const noFeedback = (): FeedbackSums => ({ asked: 0, responses: 0, ratingSum: 0, recommenders: 0, promoters: 0, detractors: 0 });

/** Adds one answer to the sums. */
export function addAnswer(sums: FeedbackSums, answer: { rating: number; recommend: number | null }): void {
  sums.responses += 1;
  sums.ratingSum += answer.rating;
  if (answer.recommend === null) return;
  sums.recommenders += 1;
  if (answer.recommend >= 9) sums.promoters += 1;
  else if (answer.recommend <= 6) sums.detractors += 1;
}

/**
 * Response rate (answers per attendee asked), mean rating (1–5) and the Net Promoter Score
 * (% promoters − % detractors, −100 to 100); each null when there is nothing to divide by.
 */
export function feedbackFigures(sums: FeedbackSums) {
  return {
    responses: sums.responses,
    responseRate: sums.asked ? roundTo(Math.min(1, sums.responses / sums.asked), 4) : null,
    meanRating: sums.responses ? roundTo(sums.ratingSum / sums.responses, 2) : null,
    nps: sums.recommenders ? Math.round(((sums.promoters - sums.detractors) / sums.recommenders) * 100) : null,
  };
}
