import { Type, type Static } from 'typebox';
import { Email, SingleLine } from '../http/schemas.js';
import { NoticeVersionField } from '../personal-data/notice-shown.js';

/** What reserving takes, by the API and by the page's form alike. */
export const ReserveBody = Type.Object(
  {
    serviceId: Type.Integer({ minimum: 1 }),
    centreId: Type.Integer({ minimum: 1 }),
    start: Type.String({ minLength: 1, maxLength: 40 }),
    name: SingleLine({ minLength: 1, maxLength: 100 }),
    email: Email,
    phone: Type.Optional(SingleLine({ maxLength: 30 })),
    company: Type.Optional(SingleLine({ maxLength: 200 })),
    creditCode: Type.Optional(SingleLine({ maxLength: 40, description: 'The company’s 18-character Unified Social Credit Code (GB 32100-2015), checked with its check character.' })),
    language: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
    noticeVersion: NoticeVersionField,
  },
  { additionalProperties: false },
);
export type ReserveBodyInput = Static<typeof ReserveBody>;
