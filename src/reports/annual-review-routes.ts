import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { problems } from '../http/schemas.js';
import { annualCsv, annualReview, FIGURE_NAMES } from './annual-review.js';
import { sendCsv, wantsCsv } from '../http/csv.js';

const Value = Type.Union([Type.Number(), Type.Null()]);
const Figures = Type.Record(Type.String(), Value, { description: `By name: ${FIGURE_NAMES.join(', ')}. Rates are 0–1; change is this year less the year before (rates in points).` });
const Entry = { figures: Figures, previous: Figures, change: Figures };

const AnnualSchema = Type.Object({
  year: Type.Integer(),
  zone: Type.String(),
  organization: Type.Union([Type.Integer(), Type.Null()]),
  organizations: Type.Array(
    Type.Object({
      organizationId: Type.Integer(),
      name: Type.String(),
      kind: Type.String(),
      level: Type.Union([Type.String(), Type.Null()]),
      brand: Type.Union([Type.String(), Type.Null()]),
      floorAreaM2: Type.Union([Type.Integer(), Type.Null()]),
      ...Entry,
    }),
  ),
  totals: Type.Union([Type.Object(Entry), Type.Null()], { description: 'The alliance’s totals; coordinators only.' }),
  centres: Type.Array(Type.Object({ centreId: Type.Integer(), name: Type.String(), served: Type.Integer(), previous: Type.Integer(), change: Type.Integer() }), { description: 'Green-channel services delivered per service centre; coordinators only.' }),
});

export const AnnualQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'A calendar year (Asia/Shanghai).' }),
    organization: Type.Optional(Type.Integer({ minimum: 1, description: 'One organization; a member may ask for their own only.' })),
    format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'csv: every figure, one line per organization and figure (so does Accept: text/csv).' })),
  },
  { additionalProperties: false },
);

export const annualReviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/reports/annual', {
    config: { access: 'member' },
    schema: {
      tags: ['reports'],
      summary: 'Annual review: each member organization’s year against the year before, and the alliance’s totals',
      description:
        'Events held (as the impact report counts them) and co-organized, registrations, check-ins, no-show rate, feedback rating and response rate, reach, venue hours given to other organizations and their fee value, green-channel services delivered, the share of participants from outside the Chinese mainland (events asking the country question), self-reported teams. Coordinators see every organization; a member asks for their own (`organization`).',
      querystring: AnnualQuery,
      response: {
        200: { description: 'The review', content: { 'application/json': { schema: AnnualSchema }, 'text/csv': { schema: Type.String() } } },
        ...problems(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) => {
      const review = annualReview(app.deps, principalOf(request), request.query);
      const csv = wantsCsv(request.query.format, request.headers.accept);
      if (!csv) return review;
      const name = `annual-review-${review.year}${review.organization ? `-${review.organization}` : ''}.csv`;
      return sendCsv(reply, name, annualCsv(review));
    },
  });
};
