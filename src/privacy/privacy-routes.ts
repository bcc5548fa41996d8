import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { apiActor } from '../audit/audit.js';
import { principalOf } from '../auth/auth-plugin.js';
import { ERASURE_REASONS } from '../db/schema.js';
import { Email, PageQuery, problems, Timestamp } from '../http/schemas.js';
import { listErasures } from './erasure-log.js';
import { dataSubject } from './personal-records.js';
import { eraseAudited, exportAudited } from './privacy-requests.js';

const Who = {
  email: Type.Optional(Email),
  mobile: Type.Optional(Type.String({ maxLength: 20, description: 'A mainland mobile number (+86 optional); used when no email is given.' })),
};

const Counts = Type.Object(
  {
    registrations: Type.Integer(),
    invitations: Type.Integer(),
    feedback: Type.Integer({ description: 'Feedback comments erased (ratings stay).' }),
    reservations: Type.Integer(),
    subscribers: Type.Integer(),
    emails: Type.Integer(),
    cancelled: Type.Integer({ description: 'Registrations and reservations still to come that were cancelled first.' }),
  },
  { description: 'How many records of each kind were erased.' },
);

const RECORDS_DESCRIPTION =
  'Everything held about the person: registrations (event, name, address, mobile, answers, status, the notice shown, feedback), invitations, subscriptions, green-channel reservations and every mail sent to them.';

const Texts = Type.Object({ en: Type.String(), 'zh-CN': Type.String() });
const Part = Type.Object({ heading: Type.String(), text: Type.String() });

export const privacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/privacy/notice', {
    config: { access: 'public' },
    schema: {
      tags: ['privacy'],
      summary: 'The privacy notice the forms show now: who holds the data, what for, how long',
      description: 'An app that collects registrations, subscriptions or reservations shows `short` under its form and sends `version` as `noticeVersion`, which is recorded with what the person gives.',
      response: {
        200: Type.Object({
          version: Type.String(),
          controller: Type.Object({ name: Type.String(), contact: Type.String() }),
          retention: Type.Object({ afterEvent: Type.String({ description: 'ISO 8601 period (RETENTION_AFTER_EVENT)' }), subscriber: Type.String({ description: 'ISO 8601 period (RETENTION_SUBSCRIBER)' }) }),
          short: Type.Object({ registration: Texts, subscription: Texts, reservation: Texts }),
          full: Type.Object({ en: Type.Array(Part), 'zh-CN': Type.Array(Part) }),
        }),
      },
    },
    handler: async () => {
      const { version, settings, short, full } = app.privacyNotice;
      return { version, controller: { name: settings.controllerName, contact: settings.controllerContact }, retention: { afterEvent: settings.retentionAfterEvent, subscriber: settings.retentionSubscriber }, short, full };
    },
  });

  app.get('/privacy/export', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['privacy'],
      summary: 'Everything held about one person, for a request made in person (coordinators; audited without the address)',
      description: `${RECORDS_DESCRIPTION} Give \`email\` or \`mobile\`. A person can ask for the same themselves on /privacy.`,
      querystring: Type.Object(Who, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true, description: RECORDS_DESCRIPTION }), ...problems(400, 401, 403) },
    },
    handler: async (request) => exportAudited(app.deps, dataSubject(request.query), apiActor(principalOf(request))),
  });

  app.post('/privacy/erase', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['privacy'],
      summary: 'Erase everything held about one person, for a request made in person (coordinators; audited without the address)',
      description:
        'Cancels their registrations and reservations still to come (freed seats go to the waitlist; they are not mailed), then erases names, addresses, mobile numbers, free-text answers, feedback comments and mail; counts, statuses, ratings and the country answer stay, so reports keep their figures. Recorded with its counts.',
      body: Type.Object(Who, { additionalProperties: false }),
      response: { 200: Type.Object({ erased: Counts }), ...problems(400, 401, 403) },
    },
    handler: async (request) => ({ erased: eraseAudited(app.deps, dataSubject(request.body), apiActor(principalOf(request))) }),
  });

  app.get('/privacy/erasures', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['privacy'],
      summary: 'What has been erased, newest first: when, why, by whom and how many records of each kind (never whose)',
      description: 'Reasons: `retention` (the nightly run; runs that found nothing due are left out), `request` (a person on /privacy), `in_person` (a coordinator, named in `by`, or the CLI). `nextRetentionAt` is the next nightly run.',
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({ id: Type.Integer(), reason: Type.Enum(ERASURE_REASONS), doneAt: Timestamp, by: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]), counts: Counts })),
          nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page.' }),
          nextRetentionAt: Type.Union([Timestamp, Type.Null()]),
        }),
        ...problems(400, 401, 403),
      },
    },
    handler: async (request) => listErasures(app.deps, request.query),
  });
};
