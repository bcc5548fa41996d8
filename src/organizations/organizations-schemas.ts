import { Type, type Static, type TSchema } from 'typebox';
import { ORGANIZATION_KINDS, ORGANIZATION_LEVELS, PROPOSAL_STATUSES } from '../db/schema.js';
import { Email, MultiLine, PageQuery, SingleLine, Timestamp } from '../http/schemas.js';

export const OrganizationKindSchema = Type.Enum(ORGANIZATION_KINDS, {
  description: 'Only parks and bases own venues; the coordinator is the sub-district office.',
});

export const CreateOrganizationBody = Type.Object(
  {
    name: SingleLine({ minLength: 1, maxLength: 200 }),
    kind: OrganizationKindSchema,
    contactEmail: Type.Optional(Email),
  },
  { additionalProperties: false },
);
export type CreateOrganizationInput = Static<typeof CreateOrganizationBody>;

export const OrganizationSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: OrganizationKindSchema,
  contactEmail: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type OrganizationView = Static<typeof OrganizationSchema>;

export const ListOrganizationsQuery = Type.Object(
  { kind: Type.Optional(OrganizationKindSchema), ...PageQuery },
  { additionalProperties: false },
);

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Year = Type.Integer({ minimum: 1900, maximum: 2100 });
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const BilingualText = Type.Object({ en: Type.Optional(MultiLine({ maxLength: 1000 })), 'zh-CN': Type.Optional(MultiLine({ maxLength: 1000 })) }, { additionalProperties: false });
const YearCounts = Type.Object({ year: Year, teamsIncubated: Count, internationalTeams: Count }, { additionalProperties: false });

/** Profile fields to set (null clears one); `years` replaces the counts of the years it names. */
export const ProfileChangesBody = Type.Object(
  {
    level: Type.Optional(Nullable(Type.Enum(ORGANIZATION_LEVELS, { description: 'Recognition: national, municipal or district.' }))),
    brand: Type.Optional(Nullable(SingleLine({ maxLength: 100, description: 'Several spaces may share one brand.' }))),
    floorAreaM2: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Square metres.' }))),
    foundedYear: Type.Optional(Nullable(Year)),
    address: Type.Optional(Nullable(SingleLine({ maxLength: 300 }))),
    website: Type.Optional(Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }))),
    description: Type.Optional(Nullable(BilingualText)),
    years: Type.Optional(Type.Array(YearCounts, { maxItems: 50, description: 'Self-reported counts per year.' })),
  },
  { additionalProperties: false },
);

export const ProfileSchema = Type.Object({
  organizationId: Type.Integer(),
  name: Type.String(),
  kind: OrganizationKindSchema,
  level: Nullable(Type.Enum(ORGANIZATION_LEVELS)),
  brand: Nullable(Type.String()),
  floorAreaM2: Nullable(Type.Integer()),
  foundedYear: Nullable(Type.Integer()),
  address: Nullable(Type.String()),
  website: Nullable(Type.String()),
  description: Nullable(Type.Object({ en: Type.Optional(Type.String()), 'zh-CN': Type.Optional(Type.String()) })),
  years: Type.Array(Type.Object({ year: Type.Integer(), teamsIncubated: Type.Integer(), internationalTeams: Type.Integer() })),
});

export const ProposalSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  proposedBy: Type.Integer(),
  changes: Type.Unknown({ description: 'The proposed profile changes, as sent.' }),
  status: Type.Enum(PROPOSAL_STATUSES),
  decidedBy: Nullable(Type.Integer()),
  decidedAt: Nullable(Timestamp),
  reason: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const ListProposalsQuery = Type.Object(
  { status: Type.Optional(Type.Enum(PROPOSAL_STATUSES)), organizationId: Type.Optional(Type.Integer({ minimum: 1 })), ...PageQuery },
  { additionalProperties: false },
);

export const DeclineFields = Type.Object({ reason: Type.Optional(SingleLine({ maxLength: 500 })) }, { additionalProperties: false });
export const DeclineBody = Type.Optional(DeclineFields);

export const AllianceSchema = Type.Object({
  park: Type.Array(ProfileSchema),
  base: Type.Array(ProfileSchema),
  incubator: Type.Array(ProfileSchema),
  grassroots: Type.Array(ProfileSchema),
});
