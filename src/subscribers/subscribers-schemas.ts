import { Type, type Static } from 'typebox';
import { LANGUAGES, SUBSCRIBER_STATUSES } from '../db/schema.js';
import { Email, PageQuery, Timestamp } from '../http/schemas.js';
import { NoticeVersionField } from '../personal-data/notice-shown.js';

const PreferenceFields = {
  topics: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30, uniqueItems: true })),
  parks: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 30, uniqueItems: true, description: 'Park or base organization ids.' })),
  organizations: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 30, uniqueItems: true, description: 'Organizing organization ids.' })),
  language: Type.Optional(Type.Enum(LANGUAGES)),
  cadence: Type.Optional(Type.Enum(['instant', 'weekly'], { description: 'instant: a notice per event; weekly: one digest a week.' })),
  reminders: Type.Optional(Type.Boolean({ description: 'Also a reminder before each event you were told of.' })),
};

export const SubscribeBody = Type.Object({ email: Email, ...PreferenceFields, noticeVersion: NoticeVersionField }, { additionalProperties: false });
export type SubscribeInput = Static<typeof SubscribeBody>;

export const PreferencesBody = Type.Object(PreferenceFields, { additionalProperties: false, minProperties: 1 });
export type PreferencesInput = Static<typeof PreferencesBody>;

export const PreferencesSchema = Type.Object({
  email: Type.String(),
  status: Type.Enum(SUBSCRIBER_STATUSES),
  topics: Type.Array(Type.String()),
  parks: Type.Array(Type.Integer()),
  organizations: Type.Array(Type.Integer()),
  language: Type.Enum(LANGUAGES),
  cadence: Type.Enum(['instant', 'weekly']),
  reminders: Type.Boolean(),
});

export const TokenQuery = Type.Object({ token: Type.String({ minLength: 10, maxLength: 2048 }) }, { additionalProperties: false });

export const SubscriberSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  status: Type.Enum(SUBSCRIBER_STATUSES),
  preferences: Type.Omit(PreferencesSchema, ['email', 'status']),
  bounces: Type.Integer(),
  confirmedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});

export const ListSubscribersQuery = Type.Object({ status: Type.Optional(Type.Enum(SUBSCRIBER_STATUSES)), ...PageQuery }, { additionalProperties: false });
