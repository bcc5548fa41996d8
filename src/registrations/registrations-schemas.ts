import { Type } from 'typebox';
import { REGISTRATION_STATUSES } from '../db/schema.js';
import { Email, PageQuery, SingleLine, Timestamp } from '../http/schemas.js';
import { NoticeVersionField } from '../personal-data/notice-shown.js';

export const RegisterBody = Type.Object(
  {
    name: SingleLine({ minLength: 1, maxLength: 100 }),
    email: Email,
    mobile: Type.Optional(SingleLine({ maxLength: 30, description: 'Mainland China mobile number (`+86` optional), where the event asks for one (`askMobile`); refused where it does not.' })),
    answers: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 5000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 }), Type.Boolean()]), {
        description: 'Answers to the event’s `questions` by question id: text, an option, several options, or true for consent.',
      }),
    ),
    noticeVersion: NoticeVersionField,
  },
  { additionalProperties: false },
);

export const RegistrationSchema = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  mobile: Type.Union([Type.String(), Type.Null()], { description: 'E.164, when the event asked for it; shown to its organizers only.' }),
  answers: Type.Union(
    [Type.Record(Type.String(), Type.Object({ label: Type.String(), value: Type.Union([Type.String(), Type.Array(Type.String()), Type.Boolean()]) }))],
    { description: 'Answers by question id, each with the label it answered; organizers and coordinators only.' },
  ),
  status: Type.Enum(REGISTRATION_STATUSES),
  kind: Type.Enum(['public', 'guest']),
  waitlistPosition: Type.Union([Type.Integer(), Type.Null()], { description: '1 for the next person to get a seat; null unless waitlisted.' }),
  checkedInAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});

/** What a public registrant sees: no other person's data. */
export const PublicRegistrationSchema = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  status: Type.Enum(REGISTRATION_STATUSES),
  waitlistPosition: Type.Union([Type.Integer(), Type.Null()]),
  message: Type.String(),
});

export const ListRegistrationsQuery = Type.Object(
  { status: Type.Optional(Type.Enum(REGISTRATION_STATUSES)), ...PageQuery },
  { additionalProperties: false },
);

export const RegistrationTokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 2048, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }) });

