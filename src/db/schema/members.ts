import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, LANGUAGES, type Bilingual } from './common.js';

export const ORGANIZATION_KINDS = ['park', 'base', 'incubator', 'grassroots', 'coordinator'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ROLES = ['organizer', 'park_manager', 'coordinator', 'service_staff'] as const;
export type Role = (typeof ROLES)[number];

/** A maker space's or incubator's recognition, as the district's annual review counts them. */
export const ORGANIZATION_LEVELS = ['national', 'municipal', 'district'] as const;
export type OrganizationLevel = (typeof ORGANIZATION_LEVELS)[number];

export const organizations = sqliteTable('organizations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: ORGANIZATION_KINDS }).notNull(),
  contactEmail: text('contact_email'),
  createdAt: createdAt(),
  // The member profile (all optional, edited by the coordinator or proposed by the members):
  level: text('level', { enum: ORGANIZATION_LEVELS }),
  /** Several spaces may share one brand. */
  brand: text('brand'),
  floorAreaM2: integer('floor_area_m2'),
  foundedYear: integer('founded_year'),
  address: text('address'),
  website: text('website'),
  description: text('description', { mode: 'json' }).$type<Bilingual>(),
});

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    role: text('role', { enum: ROLES }).notNull(),
    language: text('language', { enum: LANGUAGES }).notNull().default('zh-CN'),
    /** E.164 mainland mobile number, for sign-in codes by SMS; one member per number. */
    mobile: text('mobile').unique(),
    createdAt: createdAt(),
    /** Set when a coordinator deactivates the member: no token, session, sign-in or mailed link works any more. */
    deactivatedAt: integer('deactivated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('members_organization_idx').on(t.organizationId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    name: text('name').notNull(),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the token, so a person can tell their tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_tokens_member_idx').on(t.memberId)],
);
