import { announcementOutboxSource } from '../announcements/announcements.js';
import { channelAudience, fanOutProcessor } from '../announcements/fan-out.js';
import { deliveryOutboxSource, type DeliveryJobSettings } from '../deliveries/delivery-outbox.js';
import { recordDeliveryOutcomes } from '../deliveries/delivery-outcomes.js';
import { subscriberAudience } from '../subscribers/subscriber-audience.js';
import { digestSource, sendDigestProcessor, type DigestSettings } from '../subscribers/weekly-digest.js';
import { bookingExpirySource, expireBookingProcessor } from '../bookings/booking-expiry.js';
import type { Db } from '../db/database.js';
import { completeEventProcessor, eventCompletionSource } from '../events/event-completion.js';
import { reminderSource, sendReminderProcessor } from '../events/event-reminders.js';
import { attendeeAudience } from '../registrations/attendee-audience.js';
import { emailOutboxSource, recordEmailOutcome } from '../mail/email-outbox.js';
import type { AnyOutboxSource } from './outbox-relay.js';
import { expireHoldProcessor, holdExpirySource } from '../registrations/hold-expiry.js';
import type { LinkDeps } from '../registrations/registration-links.js';
import type { QueueDriver } from './queue-driver.js';

/**
 * The jobs that touch the database; only the API process runs them, whichever the driver.
 * `wroteOutbox` is called after a job committed outbox rows (mail), to relay them at once.
 */
export function registerDatabaseJobs(
  driver: QueueDriver,
  db: Db,
  wroteOutbox: () => void,
  settings: { bounceLimit: number; reminderBeforeMs: number; digest: DigestSettings; links: LinkDeps },
): void {
  driver.process('results', {
    'email-outcome': async (outcome) => recordEmailOutcome(db, outcome),
    'delivery-outcomes': async ({ outcomes }) => {
      const skipped = recordDeliveryOutcomes(db, outcomes, settings.bounceLimit);
      if (skipped.length > 0) await driver.remove('send', skipped);
    },
  });
  driver.process('database', {
    'expire-booking': expireBookingProcessor(db, wroteOutbox),
    'expire-hold': expireHoldProcessor(db, settings.links, wroteOutbox),
    'fan-out-announcement': fanOutProcessor(db, [channelAudience, subscriberAudience, attendeeAudience], wroteOutbox),
    'complete-event': completeEventProcessor(db),
    'send-reminder': sendReminderProcessor(db, settings.reminderBeforeMs, wroteOutbox),
    'send-digest': sendDigestProcessor(db, settings.digest, wroteOutbox),
  });
}

/** Every outbox table the relay hands to the queue. */
export function outboxSources(db: Db, deliverySettings: DeliveryJobSettings, reminderBeforeMs: number): AnyOutboxSource[] {
  return [emailOutboxSource(db), bookingExpirySource(db), holdExpirySource(db), announcementOutboxSource(db), eventCompletionSource(db), reminderSource(db, reminderBeforeMs), digestSource(db), deliveryOutboxSource(db, deliverySettings)];
}
