import { Type, type Static } from 'typebox';
import { LANGUAGES, ROLES } from '../db/schema.js';
import { Email, PageQuery, SingleLine, Timestamp } from '../http/schemas.js';

export const RoleSchema = Type.Enum(ROLES);
export const LanguageSchema = Type.Enum(LANGUAGES);

export const CreateMemberBody = Type.Object(
  {
    name: SingleLine({ minLength: 1, maxLength: 200 }),
    email: Email,
    role: RoleSchema,
    language: Type.Optional(LanguageSchema),
    mobile: Type.Optional(SingleLine({ maxLength: 30, description: 'Mainland mobile number (`+86` optional): with an SMS provider configured, the member can sign in with a texted code.' })),
  },
  { additionalProperties: false },
);
export type CreateMemberInput = Static<typeof CreateMemberBody>;

export const MemberSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  language: LanguageSchema,
  mobile: Type.Union([Type.String(), Type.Null()], { description: 'E.164.' }),
  createdAt: Timestamp,
  deactivatedAt: Type.Union([Timestamp, Type.Null()], { description: 'When a coordinator deactivated the member; null while active.' }),
});
export type MemberView = Static<typeof MemberSchema>;

export const TokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type TokenView = Static<typeof TokenSchema>;

export const NewTokenSchema = Type.Object({
  ...TokenSchema.properties,
  token: Type.String({ description: 'The API token. Shown this once; only its hash is stored.' }),
});

export const CreatedMemberSchema = Type.Object({
  member: MemberSchema,
  token: Type.String({ description: 'The new member’s first API token. Shown this once; only its hash is stored.' }),
});

export const CreateTokenBody = Type.Object(
  { name: Type.Optional(SingleLine({ minLength: 1, maxLength: 100, description: 'A label, e.g. "laptop".' })) },
  { additionalProperties: false },
);

export const MemberParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const TokenParams = Type.Object({ tokenId: Type.Integer({ minimum: 1 }) });
export const ListMembersQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
