import { DateTime } from 'luxon';
import { eventMessage } from '../events/announcement-message.js';
import type { Db } from '../db/database.js';
import { confirmedSubscribers, planDigestRun, upcomingPublishedWithPark, updateSubscriber } from './subscribers-dal.js';
import { queueEmail } from '../mail/email-outbox.js';
import { wants } from './subscriber-audience.js';
import { manageUrls, type LinkDeps } from './subscriber-links.js';
import { digestMail } from './subscriber-mails.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

const DIGEST_ZONE = DEFAULT_TIMEZONE;

export interface DigestSettings extends LinkDeps {
  unsubscribeMailto: string | undefined;
  digestWeekday: number;
  digestTime: string;
}

/** The next digest time strictly after `now`: the weekday (1 = Monday) and HH:MM in Asia/Shanghai. */
export function nextDigestAt(now: number, weekday: number, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  let at = DateTime.fromMillis(now, { zone: DIGEST_ZONE }).set({ hour, minute, second: 0, millisecond: 0 });
  at = at.plus({ days: (weekday - at.weekday + 7) % 7 });
  if (at.toMillis() <= now) at = at.plus({ weeks: 1 });
  return at.toMillis();
}

/** Plans the next run after `after`; planning the same time twice is a no-op. */
export function planNextDigest(db: Db, after: number, settings: Pick<DigestSettings, 'digestWeekday' | 'digestTime'>): void {
  planDigestRun(db, new Date(nextDigestAt(after, settings.digestWeekday, settings.digestTime)));
}

/**
 * Mails each confirmed weekly subscriber the matching upcoming events published since their
 * last digest, in one mail; someone with nothing new gets nothing. Returns how many were mailed.
 */
export function sendDigests(db: Db, settings: DigestSettings, now: number): number {
  return db.transaction((tx) => {
    const published = upcomingPublishedWithPark(tx, new Date(now));
    let mailed = 0;
    for (const subscriber of confirmedSubscribers(tx)) {
      if (subscriber.preferences.cadence !== 'weekly') continue;
      const since = (subscriber.lastDigestAt ?? subscriber.confirmedAt ?? subscriber.createdAt).getTime();
      const news = published.filter(({ event, park }) => (event.publishedAt?.getTime() ?? 0) > since && wants(subscriber.preferences, event, park));
      updateSubscriber(tx, subscriber.id, { lastDigestAt: new Date(now) });
      if (news.length === 0) continue;
      const messages = news.map(({ event }) => ({ ...eventMessage(tx, event.id, 'published', settings.publicUrl), language: subscriber.preferences.language }));
      queueEmail(tx, 'digest', digestMail(subscriber.email, subscriber.preferences.language, messages, { ...manageUrls(settings, subscriber.id), mailto: settings.unsubscribeMailto }));
      mailed++;
    }
    return mailed;
  });
}
