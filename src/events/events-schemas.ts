import { Type, type Static } from 'typebox';
import { ASK_MOBILE, EVENT_STATUSES, LANGUAGES, QUESTION_TYPES } from '../db/schema.js';
import { MultiLine, SingleLine, Timestamp } from '../http/schemas.js';

const Topic = Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} _-]*$', description: 'A tag such as "ai" or "hardware".' });
const Topics = Type.Array(Topic, { maxItems: 10, uniqueItems: true });
const OnlineUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });

const AskMobileSchema = Type.Enum(ASK_MOBILE, { description: 'Whether registering asks for a mainland mobile number (default off); organizers see it, the public never does.' });

const Label = SingleLine({ minLength: 1, maxLength: 300 });
export const QuestionSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', description: 'Stable key of the answers, e.g. "company".' }),
    label: Type.Object({ en: Type.Optional(Label), 'zh-CN': Type.Optional(Label) }, { additionalProperties: false, minProperties: 1, description: 'In one or both languages.' }),
    type: Type.Enum(QUESTION_TYPES, { description: 'text; choice (one option); multi (several); consent (a box to tick); country (the built-in list of countries and regions: the answer is an ISO 3166-1 alpha-2 code; at most one per event).' }),
    options: Type.Optional(Type.Array(SingleLine({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 20, description: 'For choice and multi.' })),
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);
const CoOrganizers = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 5, uniqueItems: true, description: 'Other member organizations running the event too (up to 5).' });
const Questions = Type.Array(QuestionSchema, { maxItems: 10, description: 'What registering asks besides name and email. Answers go to the organizers only.' });

export const CreateEventBody = Type.Object(
  {
    title: SingleLine({ minLength: 1, maxLength: 200 }),
    summary: Type.Optional(MultiLine({ maxLength: 500 })),
    body: Type.Optional(MultiLine({ maxLength: 20_000 })),
    language: Type.Optional(Type.Enum(LANGUAGES)),
    topics: Type.Optional(Topics),
    start: Type.String({ format: 'date-time' }),
    end: Type.String({ format: 'date-time' }),
    capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    confirmRegistrations: Type.Optional(Type.Boolean({ description: 'Hold each new seat until the person opens the link mailed to them (REGISTRATION_HOLD); an unconfirmed seat goes back.' })),
    askMobile: Type.Optional(AskMobileSchema),
    questions: Type.Optional(Questions),
    bookingId: Type.Optional(Type.Integer({ minimum: 1, description: 'An approved (or still pending) booking of your organization; the event must fit inside it.' })),
    onlineUrl: Type.Optional(OnlineUrl),
    organizationId: Type.Optional(Type.Integer({ minimum: 1, description: 'Coordinators only: the organizing organization.' })),
    coOrganizerIds: Type.Optional(CoOrganizers),
  },
  { additionalProperties: false },
);
export type CreateEventInput = Static<typeof CreateEventBody>;

export const UpdateEventBody = Type.Object(
  {
    title: Type.Optional(SingleLine({ minLength: 1, maxLength: 200 })),
    summary: Type.Optional(Type.Union([MultiLine({ maxLength: 500 }), Type.Null()])),
    body: Type.Optional(Type.Union([MultiLine({ maxLength: 20_000 }), Type.Null()])),
    language: Type.Optional(Type.Enum(LANGUAGES)),
    topics: Type.Optional(Topics),
    start: Type.Optional(Type.String({ format: 'date-time' })),
    end: Type.Optional(Type.String({ format: 'date-time' })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    confirmRegistrations: Type.Optional(Type.Boolean()),
    askMobile: Type.Optional(AskMobileSchema),
    questions: Type.Optional(Questions),
    bookingId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    onlineUrl: Type.Optional(Type.Union([OnlineUrl, Type.Null()])),
    coOrganizerIds: Type.Optional(CoOrganizers),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateEventInput = Static<typeof UpdateEventBody>;

export const EventVenueSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  parkId: Type.Integer(),
});

export const EventSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  title: Type.String(),
  summary: Type.Union([Type.String(), Type.Null()]),
  body: Type.Union([Type.String(), Type.Null()]),
  language: Type.Enum(LANGUAGES),
  topics: Type.Array(Type.String()),
  coOrganizerIds: Type.Array(Type.Integer()),
  start: Type.String({ description: 'In the venue’s zone with its offset (Asia/Shanghai for online events).' }),
  end: Type.String(),
  timezone: Type.String(),
  bookingId: Type.Union([Type.Integer(), Type.Null()]),
  venue: Type.Union([EventVenueSchema, Type.Null()]),
  onlineUrl: Type.Union([Type.String(), Type.Null()]),
  capacity: Type.Integer(),
  confirmRegistrations: Type.Boolean(),
  askMobile: AskMobileSchema,
  questions: Questions,
  seatsLeft: Type.Integer(),
  status: Type.Enum(EVENT_STATUSES),
  sequence: Type.Integer(),
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type EventView = Static<typeof EventSchema>;

export const ListEventsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Events ending after this; default now.' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Events starting before this.' })),
    topic: Type.Optional(Type.String({ maxLength: 40 })),
    park: Type.Optional(Type.Integer({ minimum: 1, description: 'Events at venues of this park or base.' })),
    organization: Type.Optional(Type.Integer({ minimum: 1, description: 'Events organized by this organization.' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Words in the title.' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type ListEventsQueryInput = Static<typeof ListEventsQuery>;

export const CalendarQuery = Type.Object(
  {
    park: Type.Optional(Type.Integer({ minimum: 1 })),
    topic: Type.Optional(Type.String({ maxLength: 40 })),
    organization: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
