import { COORDINATORS } from '../auth/auth-plugin.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { limitPerHour, limitPublicRequest, registerLimits } from '../http/rate-limit.js';
import { IdParams, problems, SingleLine } from '../http/schemas.js';
import { catalogue, createCentre, listCentres, setCalendarDay, upsertCategory, upsertItem } from './catalogue.js';
import { cancelReservation, confirmReservation, MAX_MOVES, moveReservation, reservationPage } from './reservation-changes.js';
import { readReservationLink } from './reservation-links.js';
import { ReserveBody } from './green-channel-schemas.js';
import { reserve } from './reservations.js';
import { bookableDate, daySlots, offering } from './slots.js';

const BilingualText = (maxLength: number) => Type.Object({ en: Type.Optional(Type.String({ maxLength })), 'zh-CN': Type.Optional(Type.String({ maxLength })) }, { additionalProperties: false });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local day, YYYY-MM-DD.' });
const Hours = Type.Record(Type.String({ pattern: '^(mon|tue|wed|thu|fri|sat|sun)$' }), Type.Array(Type.Object({ open: Type.String(), close: Type.String() }), { maxItems: 4 }));

const SlotSchema = Type.Object({ start: Type.String({ description: 'ISO 8601 with the centre’s offset.' }), end: Type.String(), remaining: Type.Integer() });

/**
 * The green channel (绿色通道): service centres, the catalogue of services, the working-day
 * calendar and reservations — public to read and to reserve (no account), the coordinator's to edit.
 */
export const greenChannelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/services', {
    config: { access: 'public' },
    schema: { tags: ['green channel'], summary: 'The green channel’s catalogue: categories with their services, in both languages, and the centres offering each' },
    handler: async () => catalogue(app.deps),
  });

  app.get('/services/:id/slots', {
    config: { access: 'public' },
    schema: {
      tags: ['green channel'],
      summary: 'A day’s slots of a service at a centre, in the centre’s zone, with the seats left; none on a closed day or in the past',
      params: IdParams,
      querystring: Type.Object({ centre: Type.Integer({ minimum: 1 }), date: Day }, { additionalProperties: false }),
      response: { 200: Type.Object({ date: Type.String(), timezone: Type.String(), slots: Type.Array(SlotSchema) }), ...problems(400, 404) },
    },
    handler: async (request) => {
      const { item, centre } = offering(app.db, request.params.id, request.query.centre);
      const day = bookableDate(centre, request.query.date, app.config.greenChannelDaysAhead);
      return { date: request.query.date, timezone: centre.timezone, slots: daySlots(app.db, item, centre, day) };
    },
  });

  const ReservationView = Type.Object({
    id: Type.Integer(),
    number: Type.String(),
    serviceId: Type.Integer(),
    centreId: Type.Integer(),
    start: Type.String(),
    end: Type.String(),
    name: Type.String(),
    status: Type.String({ description: '`held` until confirmed from the mailed link, then `confirmed`, `checked_in`, `served`; or `cancelled`, `no_show`' }),
    holdExpiresAt: Type.Union([Type.String(), Type.Null()], { description: 'while held: when the seat goes back unless confirmed' }),
    createdAt: Type.String(),
  });

  app.post('/reservations', {
    config: { access: 'public' },
    schema: {
      tags: ['green channel'],
      summary: 'Reserve a slot (no account): the seat is held until the person confirms from the link mailed to the address',
      description:
        'The answer is `held` with `holdExpiresAt` (RESERVATION_HOLD) and never the personal link: it goes to the address only. Confirmed from that link, the confirmation mail brings the number, what to bring, a QR for the counter and the .ics; unconfirmed, the seat is free again. One active reservation per email per service; a full slot is a 409 naming the next free slots. Limited per IP address and per email address, and to RESERVE_HOLDS_PER_IP unconfirmed holds per IP address (429).',
      body: ReserveBody,
      response: { 201: ReservationView, ...problems(400, 404, 409, 429) },
    },
    handler: async (request, reply) => {
      await limitPublicRequest(app.hourLimits, 'reserve', registerLimits(app.config), request.ip, request.body.email, 'reservations');
      const made = reserve({ ...app.deps, daysAhead: app.config.greenChannelDaysAhead }, request.body, request.ip);
      app.outbox.kick();
      return reply.code(201).send(made);
    },
  });

  const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 1000 }) });
  const linkDeps = () => ({ ...app.deps, daysAhead: app.config.greenChannelDaysAhead });

  app.get('/reservations/:token', {
    config: { access: 'public' },
    schema: { tags: ['green channel'], summary: 'A reservation, through the personal link in its mail', params: TokenParams, response: { 200: ReservationView, ...problems(400, 404, 410) } },
    handler: async (request) => reservationPage(app.db, readReservationLink(app.secretKey, request.params.token)).reservation,
  });

  app.post('/reservations/:token/cancel', {
    config: { access: 'public' },
    schema: { tags: ['green channel'], summary: 'Cancel a reservation through its personal link (the seat is free again)', params: TokenParams, response: { 200: ReservationView, ...problems(400, 404, 409, 410) } },
    handler: async (request) => {
      const done = cancelReservation(linkDeps(), readReservationLink(app.secretKey, request.params.token));
      app.outbox.kick();
      return done;
    },
  });

  app.post('/reservations/:token/confirm', {
    config: { access: 'public' },
    schema: { tags: ['green channel'], summary: 'Confirm a held reservation through its personal link (then the confirmation mail goes out)', params: TokenParams, response: { 200: ReservationView, ...problems(400, 404, 410) } },
    handler: async (request) => {
      const done = confirmReservation(linkDeps(), readReservationLink(app.secretKey, request.params.token));
      app.outbox.kick();
      return done;
    },
  });

  app.post('/reservations/:token/move', {
    config: { access: 'public' },
    schema: {
      tags: ['green channel'],
      summary: 'Move a reservation to another slot of the same service and centre (checked like a new one); the number stays',
      description: `At most ${MAX_MOVES} moves per reservation (then 409 \`moves-used\`), limited per IP address like reserving (429); the new confirmation mail waits UPDATE_SETTLE, so moves close together send one mail.`,
      params: TokenParams,
      body: Type.Object({ start: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
      response: { 200: ReservationView, ...problems(400, 404, 409, 410, 429) },
    },
    handler: async (request) => {
      await limitPerHour(app.hourLimits, 'reserve-move-ip', request.ip, app.config.registerLimitPerIp, 'moves from your address');
      const moved = moveReservation(linkDeps(), readReservationLink(app.secretKey, request.params.token), request.body.start);
      app.outbox.kick();
      return moved;
    },
  });

  app.get('/service-centres', {
    config: { access: 'public' },
    schema: { tags: ['green channel'], summary: 'The community service centres' },
    handler: async () => ({ items: listCentres(app.deps).map((c) => ({ id: c.id, name: c.name, address: c.address, timezone: c.timezone, openingHours: c.openingHours, makeUpDayHours: c.makeUpDayHours })) }),
  });

  app.post('/service-centres', {
    config: { access: COORDINATORS },
    schema: {
      tags: ['green channel'],
      summary: 'Add a community service centre',
      body: Type.Object(
        { name: SingleLine({ minLength: 1, maxLength: 200 }), address: Type.Optional(SingleLine({ maxLength: 300 })), timezone: Type.Optional(Type.String({ maxLength: 64 })), openingHours: Type.Optional(Hours), makeUpDayHours: Type.Optional(Type.Union(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => Type.Literal(d)))) },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: true }), ...problems(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const centre = createCentre(app.deps, request.body);
      return reply.code(201).send({ id: centre.id, name: centre.name });
    },
  });

  app.post('/service-categories', {
    config: { access: COORDINATORS },
    schema: { tags: ['green channel'], summary: 'Add or rename a category (by its code)', body: Type.Object({ code: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), name: BilingualText(200), position: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }), response: { 200: Type.Object({ id: Type.Integer(), code: Type.String() }, { additionalProperties: true }), ...problems(400, 401, 403) } },
    handler: async (request) => upsertCategory(app.deps, request.body.code, request.body.name, request.body.position),
  });

  app.post('/services', {
    config: { access: COORDINATORS },
    schema: {
      tags: ['green channel'],
      summary: 'Add or replace a service (by its code) and the centres offering it',
      body: Type.Object(
        {
          code: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
          categoryCode: Type.String({ maxLength: 40 }),
          name: BilingualText(200),
          description: Type.Optional(BilingualText(2000)),
          bring: Type.Optional(BilingualText(1000)),
          durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
          seatsPerSlot: Type.Integer({ minimum: 1, maximum: 100 }),
          centreIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ id: Type.Integer(), code: Type.String() }, { additionalProperties: true }), ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => upsertItem(app.deps, request.body),
  });

  app.post('/calendar/days', {
    config: { access: COORDINATORS },
    schema: {
      tags: ['green channel'],
      summary: 'Declare a day a holiday (closed) or a working day (open), over China’s statutory calendar',
      body: Type.Object({ date: Day, kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: SingleLine({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ date: Type.String(), kind: Type.String(), name: Type.String() }, { additionalProperties: true }), ...problems(400, 401, 403) },
    },
    handler: async (request) => setCalendarDay(app.deps, request.body),
  });
};
