import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { members, organizations, type OrganizationLevel } from './members.js';

/** An organization's self-reported counts for a year (teams incubated, of which international). */
export const organizationYears = sqliteTable(
  'organization_years',
  {
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    year: integer('year').notNull(),
    teamsIncubated: integer('teams_incubated').notNull(),
    internationalTeams: integer('international_teams').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.year] })],
);

/** The profile fields a change may set; null clears one. Yearly counts replace the named years only. */
export interface ProfileChanges {
  level?: OrganizationLevel | null;
  brand?: string | null;
  floorAreaM2?: number | null;
  foundedYear?: number | null;
  address?: string | null;
  website?: string | null;
  description?: { en?: string; 'zh-CN'?: string } | null;
  years?: Array<{ year: number; teamsIncubated: number; internationalTeams: number }>;
}

export const PROPOSAL_STATUSES = ['pending', 'approved', 'declined'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A member's proposed edit of their organization's profile, applied when a coordinator approves it. */
export const profileProposals = sqliteTable(
  'profile_proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    proposedBy: integer('proposed_by')
      .notNull()
      .references(() => members.id),
    changes: text('changes', { mode: 'json' }).$type<ProfileChanges>().notNull(),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => members.id),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    /** Why it was declined, for the member who proposed it. */
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [index('profile_proposals_status_idx').on(t.status, t.id), index('profile_proposals_organization_idx').on(t.organizationId, t.id)],
);
