import { Type, type Static } from 'typebox';
import { ORGANIZATION_KINDS } from '../db/schema.js';
import { Email, PageQuery, SingleLine, Timestamp } from '../http/schemas.js';

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
