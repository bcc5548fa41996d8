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
