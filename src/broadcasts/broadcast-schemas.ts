import { Type } from 'typebox';
import { Timestamp } from '../http/schemas.js';

/** An Official Account's daily broadcast: what waits for it, and when it goes. */
export const BroadcastSchema = Type.Object({
  id: Type.Integer(),
  channelId: Type.Integer(),
  status: Type.String(),
  dueAt: Timestamp,
  postponed: Type.Integer({ description: 'How many times the day’s mass-send quota was found used (errcode 45028) and the send moved to the next day.' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  remoteId: Type.Union([Type.String(), Type.Null()]),
  waiting: Type.Array(Type.Object({ kind: Type.String(), title: Type.String(), start: Timestamp })),
});
