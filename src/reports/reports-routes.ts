import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PARK_MANAGERS, principalOf } from '../auth/auth-plugin.js';
import { problems } from '../http/schemas.js';
import { impactCsv, impactReport } from './impact-report.js';
import { greenChannelCsv, greenChannelReport } from './green-channel-report.js';
import { sendCsv, wantsCsv } from '../http/csv.js';

const Ratio = Type.Union([Type.Number(), Type.Null()]);
const Figures = {
  eventsHeld: Type.Integer(),
  registrations: Type.Integer(),
  checkIns: Type.Integer(),
  noShowRate: Ratio,
  noticesDelivered: Type.Integer(),
  channelPosts: Type.Integer(),
  hoursBooked: Type.Number(),
  openingHours: Type.Union([Type.Number(), Type.Null()]),
  utilization: Ratio,
  venueValue: Type.Number(),
  feedbackResponses: Type.Integer(),
  feedbackResponseRate: Type.Union([Type.Number(), Type.Null()], { description: 'Feedback answers per check-in (each attendee who checked in is asked once).' }),
  meanRating: Type.Union([Type.Number(), Type.Null()], { description: 'Mean of the attendees’ 1–5 ratings.' }),
};

const ImpactSchema = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  zone: Type.String(),
  groupBy: Type.Enum(['park', 'organization', 'month']),
  park: Type.Union([Type.Integer(), Type.Null()], { description: 'The park the report is limited to (a park manager’s own).' }),
  rows: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...Figures })),
  totals: Type.Object(Figures),
});

export const ImpactQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date', description: 'First day (Asia/Shanghai), included. Default: a year before `to`.' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day (Asia/Shanghai), included. Default: today.' })),
    groupBy: Type.Optional(Type.Enum(['park', 'organization', 'month'], { default: 'park' })),
    format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'csv downloads the table (so does Accept: text/csv).' })),
  },
  { additionalProperties: false },
);

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/reports/green-channel', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['reports'],
      summary: 'The green channel: per month, centre and category — reservations, served, no-shows and the mean wait from check-in to served',
      querystring: Type.Object({ from: ImpactQuerySchema.properties.from, to: ImpactQuerySchema.properties.to, format: ImpactQuerySchema.properties.format }, { additionalProperties: false }),
      response: { 200: { description: 'The report', content: { 'application/json': { schema: Type.Object({ from: Type.String(), to: Type.String(), zone: Type.String(), rows: Type.Array(Type.Object({}, { additionalProperties: true })) }) }, 'text/csv': { schema: Type.String() } } }, ...problems(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const report = greenChannelReport(app.deps, principalOf(request), request.query);
      const csv = wantsCsv(request.query.format, request.headers.accept);
      if (!csv) return report;
      return sendCsv(reply, `green-channel-${report.from}-${report.to}.csv`, greenChannelCsv(report));
    },
  });

  app.get('/reports/impact', {
    config: { access: PARK_MANAGERS },
    schema: {
      tags: ['reports'],
      summary: 'Impact report: events held, registrations, check-ins, no-shows, reach, venue hours, utilization, value and attendees’ feedback',
      description:
        'Grouped by park, organization or month. Events count when held (completed, or over); bookings when approved; utilization is hours booked over the venues’ opening hours in the window; venue value is the fee per hour times the hours of the free bookings. A park manager sees their own park.',
      querystring: ImpactQuerySchema,
      response: {
        200: { description: 'The report', content: { 'application/json': { schema: ImpactSchema }, 'text/csv': { schema: Type.String({ description: 'One line per group and a totals line.' }) } } },
        ...problems(400, 401, 403),
      },
    },
    handler: async (request, reply) => {
      const report = impactReport(app.deps, principalOf(request), request.query);
      const csv = wantsCsv(request.query.format, request.headers.accept);
      if (!csv) return report;
      const filename = `impact-${report.groupBy}-${report.from}-${report.to}.csv`;
      return sendCsv(reply, filename, impactCsv(report));
    },
  });
};
