import type { DbOrTx } from '../db/database.js';
import type { Language, ParkNoticeKind } from '../db/schema.js';
import { requestFacts } from './park-notices-dal.js';
import { t } from '../i18n/translate.js';
import { robotText } from '../mail/templates/announcement.js';
import { spokenSpan } from '../i18n/spoken.js';

/** The post's language: the alliance's own (park groups are Chinese-speaking). */
const LANGUAGE: Language = 'zh-CN';

/**
 * What a park's group robot posts about a request, from the request as it stands: the venue, the
 * slot in the venue's zone, who asked, what for, and a link to it in the park's inbox (which shows
 * it only to the park's managers once signed in). What people typed is made inert for markdown.
 */
export function parkNoticeNote(db: DbOrTx, publicUrl: string, bookingId: number, kind: ParkNoticeKind): { title: string; markdown: string } | null {
  const row = requestFacts(db, bookingId);
  if (!row) return null;
  const { booking, venue, series } = row;
  const say = (key: Parameters<typeof t>[1], values = {}) => t(LANGUAGE, key, values);
  const title = say(kind === 'requested' ? 'parkNoticeRequested' : 'parkNoticeWithdrawn');
  const when = spokenSpan({ start: booking.startAt.getTime(), end: booking.endAt.getTime(), zone: venue.timezone }, LANGUAGE);
  const link = `${publicUrl}/park/inbox#b${booking.id}`;
  const markdown = [
    `### ${title}`,
    `**${say('parkNoticeVenue')}**: ${robotText(venue.name)}`,
    `**${say('parkNoticeSlot')}**: ${when}${series > 1 ? ` · ${say('parkNoticeDates', { n: series })}` : ''}`,
    `**${say('parkNoticeBy')}**: ${robotText(row.organization)}${row.member ? ` · ${robotText(row.member)}` : ''}`,
    booking.purpose ? `**${say('parkNoticePurpose')}**: ${robotText(booking.purpose)}` : '',
    `[${say('parkNoticeOpen')}](${encodeURI(link)})`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return { title, markdown };
}
