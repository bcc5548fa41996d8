import type { DbOrTx } from '../db/database.js';
import { noticeVersionKnown } from './personal-data-dal.js';
import { BadRequestError } from '../errors/http-errors.js';
import { nowDate } from '../time/clock.js';
import { Type } from 'typebox';

/** The field each public form and API body takes: which notice the person was shown. */
export const NoticeVersionField = Type.Optional(
  Type.String({ pattern: '^[0-9a-f]{12}$', description: 'The privacy notice the person was shown (`version` of `GET /v1/privacy/notice`); unset: the current one.' }),
);

/**
 * What a registration, subscription or reservation records about its notice: the version the
 * person saw (the form's, which must be one the service has shown) or else the current one, and when.
 */
export function noticeShown(db: DbOrTx, shown: string | undefined, current: string | undefined): { noticeVersion: string | null; noticeAt: Date } {
  if (shown && shown !== current) {
    if (!noticeVersionKnown(db, shown)) throw new BadRequestError(`noticeVersion ${shown} is not a notice this service has shown; reload the form.`, 'noticeVersion').say('errNoticeVersion');
  }
  return { noticeVersion: shown ?? current ?? null, noticeAt: nowDate() };
}
