import { ExpiredLinkError } from '../errors/http-errors.js';

/**
 * A personal link (ticket, cancel or confirm link, survey, subscription, reservation) to a record
 * whose person's data was erased answers 410 and says so, rather than a page with blanks.
 */
export function assertNotErased<R extends { erasedAt: Date | null }>(row: R): R {
  if (row.erasedAt) throw new ExpiredLinkError('The personal data behind this link was erased (at the person’s request, or after the retention period).').say('errErased');
  return row;
}
