import { Type, type Static } from 'typebox';
import { BOOKING_STATUSES } from '../db/schema.js';
import { MultiLine, PageQuery, Timestamp } from '../http/schemas.js';

const ZonedTime = Type.String({ description: 'ISO 8601 in the venue’s zone, with its offset.' });

export const CreateBookingBody = Type.Object(
  {
    venueId: Type.Optional(Type.Integer({ minimum: 1, description: 'The venue; or give `venueIds` instead.' })),
    venueIds: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 2,
        maxItems: 3,
        description: '2–3 venues (any parks) asked for the same slot at once: one request each, sharing a `groupId`; the first approval withdraws the others.',
      }),
    ),
    start: Type.String({ format: 'date-time', description: 'ISO 8601 with an offset, e.g. 2026-12-01T14:00:00+08:00.' }),
    end: Type.String({ format: 'date-time' }),
    expectedAttendance: Type.Integer({ minimum: 1, maximum: 100_000 }),
    purpose: MultiLine({ minLength: 1, maxLength: 2000 }),
    recurrence: Type.Optional(
      Type.Object(
        { count: Type.Integer({ minimum: 1, maximum: 52, description: 'Weekly occurrences, this one included.' }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateBookingInput = Static<typeof CreateBookingBody>;

export const BookingStatusSchema = Type.Enum(BOOKING_STATUSES);

export const BookingSchema = Type.Object({
  id: Type.Integer(),
  venueId: Type.Integer(),
  organizationId: Type.Integer(),
  requestedBy: Type.Integer(),
  start: ZonedTime,
  end: ZonedTime,
  timezone: Type.String(),
  expectedAttendance: Type.Integer(),
  purpose: Type.String(),
  seriesId: Type.Union([Type.String(), Type.Null()]),
  groupId: Type.Union([Type.String(), Type.Null()], { description: 'Shared by requests sent to several venues for one slot.' }),
  status: BookingStatusSchema,
  version: Type.Integer({ description: 'Send it back with a decision; a decision on an older version is refused with 409.' }),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.Union([Type.Integer(), Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  expiresAt: Timestamp,
  createdAt: Timestamp,
});
export type BookingView = Static<typeof BookingSchema>;

export const CreatedBookingSchema = Type.Object({
  ...BookingSchema.properties,
  occurrences: Type.Optional(Type.Array(BookingSchema, { description: 'Every occurrence of a weekly recurrence, this one first.' })),
  group: Type.Optional(Type.Array(BookingSchema, { description: 'Every request of a multi-venue group, in the order of `venueIds`.' })),
});

export const ListBookingsQuery = Type.Object(
  {
    status: Type.Optional(BookingStatusSchema),
    venueId: Type.Optional(Type.Integer({ minimum: 1 })),
    seriesId: Type.Optional(Type.String({ maxLength: 64 })),
    groupId: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Bookings ending after this.' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Bookings starting before this.' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const Version = Type.Optional(Type.Integer({ minimum: 1, description: 'The version you decided on; 409 if the request changed since.' }));

export const ApproveBody = Type.Object(
  { version: Version, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const DeclineBody = Type.Object(
  { reason: MultiLine({ minLength: 1, maxLength: 2000 }), version: Version },
  { additionalProperties: false },
);

export const CancelBody = Type.Object(
  { reason: Type.Optional(MultiLine({ maxLength: 2000 })), version: Version },
  { additionalProperties: false },
);

export const SeriesParams = Type.Object({ seriesId: Type.String({ minLength: 1, maxLength: 64 }) });
export const GroupParams = Type.Object({ groupId: Type.String({ minLength: 1, maxLength: 64 }) });

export const GroupSchema = Type.Object({ items: Type.Array(BookingSchema) });

export const SeriesDecisionSchema = Type.Object({
  approved: Type.Array(BookingSchema),
  declined: Type.Array(BookingSchema),
  conflicts: Type.Array(
    Type.Object({
      booking: BookingSchema,
      reason: Type.String(),
      conflictsWith: Type.Array(Type.Integer(), { description: 'Approved bookings it overlaps.' }),
    }),
    { description: 'Occurrences left pending because they overlap an approved booking or a blackout.' },
  ),
});

export const HistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      action: Type.String(),
      actorMemberId: Type.Union([Type.Integer(), Type.Null()]),
      via: Type.String(),
      before: Type.Unknown(),
      after: Type.Unknown(),
      at: Timestamp,
    }),
  ),
});

export const AlternativesSchema = Type.Object({
  start: ZonedTime,
  end: ZonedTime,
  items: Type.Array(
    Type.Object({ venueId: Type.Integer(), name: Type.String(), park: Type.String(), capacity: Type.Integer(), feePerHour: Type.Integer() }),
    { description: 'Up to 3 venues free for exactly this slot and big enough, best fit first, other than those asked.' },
  ),
});
