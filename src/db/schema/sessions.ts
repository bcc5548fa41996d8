import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { members } from './members.js';

/** Browser sessions of members signed in by an emailed link. The cookie holds a random token; only its hash is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sessions_member_idx').on(t.memberId)],
);

/**
 * Codes texted to a mobile number (when an SMS provider is configured): six digits, kept only as a
 * keyed hash, good for 10 minutes and 5 tries, used once. `holder` says whom a code is for: a
 * member signing in (`member:12`) or a person asking on /privacy what is held about their number
 * (`privacy:` + a keyed fingerprint, never the number itself).
 */
export const textedCodes = sqliteTable(
  'texted_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    holder: text('holder').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('texted_codes_holder_idx').on(t.holder, t.id)],
);

/**
 * What the hourly limits on public forms counted (src/http/hour-window.ts): one row per request
 * taken, under a hashed key (`register-ip:…`, `sms-code-number:…`; never an address or number in
 * clear), kept an hour. In the database so the limits survive a restart and hold over a sliding
 * hour exactly.
 */
export const limitHits = sqliteTable(
  'limit_hits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('limit_hits_key_idx').on(t.key, t.at), index('limit_hits_at_idx').on(t.at)],
);
