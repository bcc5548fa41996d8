import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { IdParams, problems, Timestamp } from '../http/schemas.js';
import { eventFeedback } from './feedback-service.js';

const Rate = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const EventFeedbackSchema = Type.Object({
  eventId: Type.Integer(),
  requestedAt: Type.Union([Timestamp, Type.Null()], { description: 'When the checked-in attendees were mailed the survey (FEEDBACK_AFTER the end); null before.' }),
  asked: Type.Integer({ description: 'Attendees who checked in, each asked once.' }),
  responses: Type.Integer(),
  responseRate: Rate('responses / asked, 0–1; null when nobody checked in'),
  meanRating: Rate('mean of the 1–5 ratings; null without answers'),
  nps: Rate('Net Promoter Score, −100 to 100: % answering 9–10 minus % answering 0–6 to “how likely to recommend”; null when nobody answered it'),
  ratings: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() }, { description: 'How many gave each rating.' }),
  comments: Type.Array(
    Type.Object({ rating: Type.Integer(), recommend: Type.Union([Type.Integer(), Type.Null()]), comment: Type.String(), at: Timestamp }),
    { description: 'Newest first, without names.' },
  ),
});

export const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/events/:id/feedback', {
    config: { access: 'member' },
    schema: {
      tags: ['registrations'],
      summary: 'What attendees said after the event: response rate, mean rating, NPS and comments (the organizing organization, coordinators, and the managers of the park whose venue hosted it)',
      params: IdParams,
      response: { 200: EventFeedbackSchema, ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => eventFeedback(app.deps, principalOf(request), request.params.id),
  });
};
