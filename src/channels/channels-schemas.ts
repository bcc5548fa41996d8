import { Type, type Static } from 'typebox';
import { CHANNEL_KINDS } from '../db/schema.js';
import { Email, SingleLine, Timestamp } from '../http/schemas.js';

const Topics = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20, uniqueItems: true, description: 'Only announcements of events with one of these topics; empty: all.' });

export const ChannelConfigBody = Type.Object(
  {
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 1000, description: 'webhook: where to POST.' })),
    secret: Type.Optional(Type.String({ minLength: 8, maxLength: 500, description: 'webhook: whsec_… (generated if left out); DingTalk/Feishu: the signing secret.' })),
    address: Type.Optional(Email),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Group robots: the webhook key / access_token / hook id.' })),
    appId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    appSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    thumbMediaId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Official Account: a permanent image material (media_id) used as the cover in publish mode; broadcasts upload each event’s own cover.' })),
    mode: Type.Optional(Type.Union([Type.Literal('broadcast'), Type.Literal('publish')], { description: 'Official Account: broadcast (default) gathers the day’s announcements into one mass-send to every follower; publish makes a permalink per announcement (reaches nobody’s message list).' })),
    sendAt: Type.Optional(Type.String({ maxLength: 5, description: 'Official Account, broadcast: the daily send time, HH:MM (default 18:00).' })),
    timezone: Type.Optional(Type.String({ maxLength: 64, description: 'Official Account, broadcast: the zone of sendAt (default Asia/Shanghai).' })),
  },
  { additionalProperties: false },
);
export type ChannelConfigInput = Static<typeof ChannelConfigBody>;

export const CreateChannelBody = Type.Object(
  {
    kind: Type.Enum(CHANNEL_KINDS),
    name: SingleLine({ minLength: 1, maxLength: 200 }),
    topics: Type.Optional(Topics),
    ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 6000 })),
    active: Type.Optional(Type.Boolean()),
    config: ChannelConfigBody,
  },
  { additionalProperties: false },
);
export type CreateChannelInput = Static<typeof CreateChannelBody>;

export const UpdateChannelBody = Type.Object(
  {
    name: Type.Optional(SingleLine({ minLength: 1, maxLength: 200 })),
    topics: Type.Optional(Topics),
    ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 6000 })),
    active: Type.Optional(Type.Boolean()),
    config: Type.Optional(ChannelConfigBody),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateChannelInput = Static<typeof UpdateChannelBody>;

export const ChannelSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(CHANNEL_KINDS),
  name: Type.String(),
  topics: Type.Array(Type.String()),
  ratePerMinute: Type.Integer(),
  active: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  config: Type.Object({
    url: Type.Optional(Type.String()),
    address: Type.Optional(Type.String()),
    appId: Type.Optional(Type.String()),
    thumbMediaId: Type.Optional(Type.String()),
    mode: Type.Optional(Type.String()),
    sendAt: Type.Optional(Type.String()),
    timezone: Type.Optional(Type.String()),
  }),
  secretsSet: Type.Array(Type.String(), { description: 'Which secrets are stored (never their values).' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreatedChannelSchema = Type.Object({
  ...ChannelSchema.properties,
  generatedSecret: Type.Optional(Type.String({ description: 'The webhook signing secret generated for you, shown this once.' })),
});

export const ChannelTestSchema = Type.Object({
  ok: Type.Boolean(),
  remoteId: Type.Optional(Type.String()),
  answer: Type.Optional(Type.Unknown()),
  error: Type.Optional(Type.String()),
  permanent: Type.Optional(Type.Boolean()),
});
