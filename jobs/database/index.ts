import { EVENT_AUDIENCE } from '../../src/fan-out/event-audience.js';
import type { Db } from '../../src/db/database.js';
import type { LinkDeps } from '../../src/registrations/registration-links.js';
import type { DigestSettings } from '../../src/subscribers/weekly-digest.js';
import type { AnyOutboxSource } from '../../src/queue/outbox/outbox-relay.js';
import type { QueueDriver } from '../../src/queue/queue-driver.js';
import { bookingExpirySource, expireBookingProcessor } from '../../src/bookings/booking-jobs.js';
import { deliveryOutboxSource, type DeliveryJobSettings } from '../../src/deliveries/delivery-outbox.js';
import { recordDeliveryOutcomes } from '../../src/deliveries/delivery-outcomes.js';
import { emailOutboxSource, recordEmailOutcome } from '../../src/mail/mail-dal.js';
import { completeEventProcessor, eventCompletionSource } from '../../src/events/event-jobs.js';
import { reminderSource, sendReminderProcessor } from '../../src/events/reminder-jobs.js';
import { announcementOutboxSource, fanOutProcessor } from '../../src/fan-out/fan-out-jobs.js';
import { expireHoldProcessor, holdExpirySource } from '../../src/registrations/registration-jobs.js';
import { digestSource, sendDigestProcessor } from '../../src/subscribers/subscriber-jobs.js';
import { eraseExpiredProcessor, retentionSource } from '../../src/privacy/privacy-jobs.js';
import { drawPicturesProcessor, pictureSource } from '../../src/posters/poster-jobs.js';
import { backupProcessor, backupSource } from '../../src/backups/backup-jobs.js';
import type { BackupSettings } from '../../src/backups/nightly-backups.js';
import type { RetentionSettings } from '../../src/privacy/retention.js';
import { feedbackSource, requestFeedbackProcessor } from '../../src/feedback/feedback-jobs.js';
import { broadcastSource, recordBroadcastOutcome, sendBroadcastProcessor } from '../../src/broadcasts/broadcast-jobs.js';
import { gatherIntoBroadcasts } from '../../src/broadcasts/broadcasts.js';
import { parkNoticeSource, recordParkNoticeOutcome } from '../../src/park-notices/park-notice-jobs.js';
import {
  expireReservationHoldProcessor,
  markNoShowProcessor,
  noShowSource,
  remindReservationProcessor,
  reservationChangeSource,
  reservationHoldSource,
  reservationReminderSource,
  sendReservationChangeProcessor,
} from '../../src/green-channel/reservation-jobs.js';

/**
 * The jobs that touch the database; only the API process runs them, whichever the driver.
 * `wroteOutbox` is called after a job committed outbox rows (mail), to relay them at once.
 */
export function registerDatabaseJobs(
  driver: QueueDriver,
  db: Db,
  wroteOutbox: () => void,
  settings: { bounceLimit: number; reminderBeforeMs: number; feedbackAfterMs: number; reservationReminderMs: number; digest: DigestSettings; retention: RetentionSettings; backups: BackupSettings; links: LinkDeps; delivery: { attempts: number; backoffMs: number } },
): void {
  driver.process('results', {
    'email-outcome': async (outcome) => recordEmailOutcome(db, outcome),
    'delivery-outcomes': async ({ outcomes }) => {
      const skipped = recordDeliveryOutcomes(db, outcomes, settings.bounceLimit);
      if (skipped.length > 0) await driver.remove('send', skipped);
    },
    'broadcast-outcome': async (outcome) => recordBroadcastOutcome(db, outcome, settings.bounceLimit),
    'park-notice-outcome': async (outcome) => recordParkNoticeOutcome(db, outcome),
  });
  driver.process('database', {
    'expire-booking': expireBookingProcessor(db, wroteOutbox),
    'expire-hold': expireHoldProcessor(db, settings.links, wroteOutbox),
    'fan-out-announcement': fanOutProcessor(db, EVENT_AUDIENCE, wroteOutbox),
    'complete-event': completeEventProcessor(db),
    'send-reminder': sendReminderProcessor(db, settings.reminderBeforeMs, wroteOutbox),
    'send-digest': sendDigestProcessor(db, settings.digest, wroteOutbox),
    'request-feedback': requestFeedbackProcessor(db, settings.links, settings.feedbackAfterMs, wroteOutbox),
    'send-broadcast': sendBroadcastProcessor(db, { publicUrl: settings.links.publicUrl, ...settings.delivery }, driver),
    'remind-reservation': remindReservationProcessor(db, settings.links, settings.reservationReminderMs, wroteOutbox),
    'mark-no-show': markNoShowProcessor(db),
    'expire-reservation-hold': expireReservationHoldProcessor(db),
    'send-reservation-change': sendReservationChangeProcessor(db, settings.links, wroteOutbox),
    'erase-expired': eraseExpiredProcessor(db, settings.retention),
    'draw-event-pictures': drawPicturesProcessor(db, settings.links.publicUrl),
    'backup-database': backupProcessor(db, settings.backups),
  });
}

/** Every outbox table the relay hands to the queue. */
export function outboxSources(db: Db, deliverySettings: DeliveryJobSettings, due: { reminderBeforeMs: number; feedbackAfterMs: number; greenChannelReminderBeforeMs: number; postersAhead: boolean }): AnyOutboxSource[] {
  return [
    emailOutboxSource(db),
    bookingExpirySource(db),
    holdExpirySource(db),
    announcementOutboxSource(db),
    eventCompletionSource(db),
    reminderSource(db, due.reminderBeforeMs),
    feedbackSource(db, due.feedbackAfterMs),
    digestSource(db),
    retentionSource(db),
    deliveryOutboxSource(db, { ...deliverySettings, gather: gatherIntoBroadcasts(db) }),
    broadcastSource(db),
    reservationReminderSource(db, due.greenChannelReminderBeforeMs),
    noShowSource(db),
    reservationHoldSource(db),
    pictureSource(db, due.postersAhead),
    backupSource(db),
    reservationChangeSource(db),
    parkNoticeSource(db, { publicUrl: deliverySettings.publicUrl, attempts: deliverySettings.attempts, backoffMs: deliverySettings.backoffMs }),
  ];
}
