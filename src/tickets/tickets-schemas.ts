import { Type } from 'typebox';
import { REGISTRATION_STATUSES } from '../db/schema.js';
import { Email, Timestamp } from '../http/schemas.js';
import { RegistrationSchema } from '../registrations/registrations-schemas.js';

export const CheckinBody = Type.Object(
  {
    registrationId: Type.Optional(Type.Integer({ minimum: 1 })),
    email: Type.Optional(Email),
    ticket: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'The ticket token, or the whole ticket URL as a scanner reads it from the QR code.' })),
    scannedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the ticket was scanned, for a check-in sent late by a phone that was offline (within the last 48 hours). Two scans of one ticket make one check-in at the earlier time.' })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 2, description: 'One of registrationId, email or ticket; optionally scannedAt.' },
);

export const CheckinSchema = Type.Object({
  ...RegistrationSchema.properties,
  alreadyCheckedIn: Type.Boolean({ description: 'True when this person was checked in before (checkedInAt says when): a second scan is not an error.' }),
});

export const AttendanceSchema = Type.Object({
  eventId: Type.Integer(),
  capacity: Type.Integer(),
  confirmed: Type.Integer({ description: 'Holding a seat, not (yet) checked in.' }),
  held: Type.Integer({ description: 'Seats held for people who have not yet opened their confirm link.' }),
  checkedIn: Type.Integer(),
  waitlisted: Type.Integer(),
  cancelled: Type.Integer(),
  noShows: Type.Union([Type.Integer(), Type.Null()], { description: 'Confirmed but never checked in; null until the event has ended.' }),
});

export const DoorCountSchema = Type.Object({
  checkedIn: Type.Integer(),
  seats: Type.Integer({ description: 'Confirmed or checked in.' }),
  capacity: Type.Integer(),
});

export const DoorListSchema = Type.Object({
  event: Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.String(), start: Timestamp, end: Timestamp, timezone: Type.String() }),
  count: DoorCountSchema,
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      status: Type.Enum(REGISTRATION_STATUSES),
      checkedInAt: Type.Union([Timestamp, Type.Null()]),
      ticket: Type.String({ description: 'The first 16 hex characters of SHA-256 of the ticket token: a scanner checks a scanned ticket against it offline; it opens nothing itself.' }),
      code: Type.String({ description: 'The 6-character code printed under the ticket’s QR, for door staff to type.' }),
    }),
  ),
});
