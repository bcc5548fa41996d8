import { Type, type Static } from 'typebox';
import { PageQuery, SingleLine, Timestamp } from '../http/schemas.js';

const HHMM = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'Local time HH:MM; 24:00 closes at midnight.' });
const Span = Type.Object({ open: HHMM, close: HHMM }, { additionalProperties: false });

const Day = Type.Optional(Type.Array(Span, { maxItems: 6 }));

export const OpeningHoursSchema = Type.Object(
  { mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day },
  {
    additionalProperties: false,
    description: 'Local opening spans per weekday in the venue’s zone; a day left out is closed. Default: every day 08:00–22:00.',
  },
);

const Amenities = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30, uniqueItems: true });
const Timezone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone; default Asia/Shanghai.' });

export const CreateVenueBody = Type.Object(
  {
    organizationId: Type.Integer({ minimum: 1, description: 'The park or base that owns the venue.' }),
    name: SingleLine({ minLength: 1, maxLength: 200 }),
    capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    timezone: Type.Optional(Timezone),
    address: Type.Optional(SingleLine({ maxLength: 500 })),
    amenities: Type.Optional(Amenities),
    openingHours: Type.Optional(OpeningHoursSchema),
    feePerHour: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Yuan per hour.' })),
  },
  { additionalProperties: false },
);
export type CreateVenueInput = Static<typeof CreateVenueBody>;

export const UpdateVenueBody = Type.Object(
  {
    name: Type.Optional(SingleLine({ minLength: 1, maxLength: 200 })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    timezone: Type.Optional(Timezone),
    address: Type.Optional(Type.Union([SingleLine({ maxLength: 500 }), Type.Null()])),
    amenities: Type.Optional(Amenities),
    openingHours: Type.Optional(OpeningHoursSchema),
    feePerHour: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVenueInput = Static<typeof UpdateVenueBody>;

export const VenueSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  name: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  capacity: Type.Integer(),
  amenities: Type.Array(Type.String()),
  timezone: Type.String(),
  openingHours: OpeningHoursSchema,
  feePerHour: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Timestamp,
});
export type VenueView = Static<typeof VenueSchema>;

export const ListVenuesQuery = Type.Object(
  {
    park: Type.Optional(Type.Integer({ minimum: 1, description: 'Owning park or base (organization id).' })),
    minCapacity: Type.Optional(Type.Integer({ minimum: 1 })),
    amenity: Type.Optional(Type.String({ maxLength: 50 })),
    includeInactive: Type.Optional(Type.Boolean({ default: false })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const AvailabilityQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'Start of the window, ISO 8601 with offset.' }),
    to: Type.String({ format: 'date-time', description: 'End of the window (at most 31 days after from).' }),
  },
  { additionalProperties: false },
);

const ZonedInterval = Type.Object({ start: Type.String(), end: Type.String() });

export const AvailabilitySchema = Type.Object({
  venueId: Type.Integer(),
  timezone: Type.String(),
  from: Type.String(),
  to: Type.String(),
  free: Type.Array(ZonedInterval, { description: 'Opening hours minus blackouts minus approved bookings, in the venue’s zone.' }),
});

export const CreateBlackoutBody = Type.Object(
  {
    start: Type.String({ format: 'date-time' }),
    end: Type.String({ format: 'date-time' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    force: Type.Optional(Type.Boolean({ description: 'Cancel approved bookings in the way (their organizers are told).' })),
  },
  { additionalProperties: false },
);

const CommaList = (pattern: string, description: string) => Type.String({ maxLength: 500, pattern: `^(${pattern})(,(${pattern}))*$`, description });
const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'Local time of day HH:MM in each venue’s zone.' });

export const VenueSearchQuerySchema = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'Start of the window, ISO 8601 with offset.' }),
    to: Type.String({ format: 'date-time', description: 'End of the window, at most 62 days after from.' }),
    duration: Type.String({ maxLength: 40, description: 'How long the room is needed, ISO 8601 (PT2H, PT90M).' }),
    capacity: Type.Integer({ minimum: 1, maximum: 100_000, description: 'People.' }),
    amenities: Type.Optional(CommaList('[^,]{1,50}', 'Comma-separated; every one must be present.')),
    park: Type.Optional(CommaList('[1-9]\\d{0,9}', 'Park or base ids, comma-separated.')),
    maxFee: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Yuan per hour, at most.' })),
    weekdays: Type.Optional(CommaList('mon|tue|wed|thu|fri|sat|sun', 'e.g. mon,tue,wed,thu,fri.')),
    earliest: Type.Optional(LocalTime),
    latest: Type.Optional(LocalTime),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

/** The single changes a search that found nothing may suggest. */
export const RELAXATIONS = ['later', 'capacity', 'amenities', 'maxFee', 'hours', 'parks'] as const;

export const VenueSearchSchema = Type.Object({
  items: Type.Array(Type.Object({ venue: VenueSchema, slots: Type.Array(ZonedInterval, { description: 'Up to 5 candidate slots, earliest first, in the venue’s zone.' }) })),
  total: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  together: Type.Union(
    [Type.Object({ venueIds: Type.Array(Type.Integer()), start: Type.String(), end: Type.String() }), Type.Null()],
    { description: 'The best-fitting venues (up to 3) sharing one free slot: send them `venueIds` with this start and end to ask them all at once. Null when none share one.' },
  ),
  suggestions: Type.Array(
    Type.Object({
      relax: Type.Enum(RELAXATIONS),
      change: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), { description: 'Query parameters to change; null leaves one out.' }),
      total: Type.Integer({ description: 'Venues the changed search finds.' }),
      distance: Type.Number({ description: 'How much of what was asked it gives up; nearest first.' }),
    }),
    { description: 'Only when nothing is free: each single change that would find venues, nearest first.' },
  ),
});
