/**
 * The one catalogue of queues, job names and payloads. Producers and processors are both
 * typed against it, in the API process and in `npm run worker` alike.
 *
 * - `send`: sender jobs. They need only Redis and the outside world (SMTP, HTTP), never the
 *   database, so any number of worker processes can run them. Payloads carry everything needed.
 * - `results`: outcomes reported back by senders; the API process records them in SQLite.
 * - `database`: jobs that read or write the database (expiry, …); only the API process runs them.
 */

import type { AnnouncementMessage } from '../announcements/announcement-message.js';
import type { ChannelKind, ChannelSettings } from '../db/schema.js';

/** A rendered mail from the `emails` outbox. */
export interface SendEmailJob {
  emailId: number;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string> | null;
}

export type OutcomeStatus = 'sent' | 'failed' | 'dead';

/** A channel as a sender needs it: its secrets still sealed with SECRET_KEY. */
export interface ChannelTarget {
  id: number;
  kind: ChannelKind;
  name: string;
  settings: ChannelSettings;
  sealedSecrets: string | null;
  ratePerMinute: number;
}

/** One announcement to one channel. */
export interface DeliverToChannelJob {
  deliveryId: number;
  /** The delivery's retry round (see jobIds.delivery). */
  round: number;
  channel: ChannelTarget;
  message: AnnouncementMessage;
}

/**
 * What a sender needs to write one person's notice: the shared message plus their address and
 * personal links. The sender renders the mail and its .ics (src/mail/templates/notice.ts), which
 * keeps each job small however many thousands an announcement fans out to.
 */
export type NoticeContent =
  | { template: 'subscriber-notice'; to: string; message: AnnouncementMessage; links: { preferences: string; unsubscribe: string; mailto?: string } }
  | { template: 'attendee-reminder'; to: string; name: string; message: AnnouncementMessage; cancelUrl: string };

/** One announcement to one subscriber or attendee. */
export interface SendNoticeJob {
  deliveryId: number;
  round: number;
  notice: NoticeContent;
}

/** What a sender reports after each delivery attempt. */
export interface DeliveryOutcomeJob {
  deliveryId: number;
  round: number;
  status: OutcomeStatus;
  attempt: number;
  at: string;
  remoteId?: string;
  error?: string;
  /** Set when the receiver asked never to be sent to again (e.g. 410 Gone): the channel is switched off. */
  disableChannel?: string;
  /** A permanent SMTP refusal of a subscriber's address: counts toward marking it bouncing. */
  bounced?: boolean;
}

/** What a sender reports after each attempt. `failed` will be retried; `dead` will not. */
export interface EmailOutcomeJob {
  emailId: number;
  status: OutcomeStatus;
  attempt: number;
  at: string;
  messageId?: string;
  error?: string;
}

/** Delayed until the request's expiry; expires it if it is still pending then. */
export interface ExpireBookingJob {
  bookingId: number;
}

/** Resolves an announcement's audience and writes its deliveries. */
export interface FanOutAnnouncementJob {
  announcementId: number;
}

/** Delayed until an event's end; marks it completed. */
export interface CompleteEventJob {
  eventId: number;
}

/** Delayed until REMINDER_BEFORE an event's start; writes its reminder announcement. */
export interface SendReminderJob {
  eventId: number;
}

/** A planned weekly digest run (a row of digest_runs). */
export interface SendDigestJob {
  runId: number;
}

export interface Catalogue {
  send: { 'send-email': SendEmailJob; 'deliver-to-channel': DeliverToChannelJob; 'send-notice': SendNoticeJob };
  results: { 'email-outcome': EmailOutcomeJob; 'delivery-outcome': DeliveryOutcomeJob };
  database: {
    'expire-booking': ExpireBookingJob;
    'fan-out-announcement': FanOutAnnouncementJob;
    'complete-event': CompleteEventJob;
    'send-reminder': SendReminderJob;
    'send-digest': SendDigestJob;
  };
}

export type QueueName = keyof Catalogue;
export type JobName<Q extends QueueName> = keyof Catalogue[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = Catalogue[Q][N];

export const QUEUE_NAMES: readonly QueueName[] = ['send', 'results', 'database'];

/** Job ids derive from the row a job acts on, so enqueuing the same row twice is a no-op. */
export const jobIds = {
  sendEmail: (emailId: number) => `email-${emailId}`,
  emailOutcome: (o: EmailOutcomeJob) => `email-${o.emailId}-${o.attempt}-${o.status}`,
  expireBooking: (bookingId: number, dueAt: number) => `expire-booking-${bookingId}-${dueAt}`,
  fanOut: (announcementId: number) => `fan-out-${announcementId}`,
  /** A manual retry starts a new round, which must be a new job. */
  delivery: (deliveryId: number, round: number) => `delivery-${deliveryId}-${round}`,
  deliveryOutcome: (o: DeliveryOutcomeJob) => `delivery-${o.deliveryId}-${o.round}-${o.attempt}-${o.status}`,
  completeEvent: (eventId: number, dueAt: number) => `complete-event-${eventId}-${dueAt}`,
  sendReminder: (eventId: number, dueAt: number) => `reminder-${eventId}-${dueAt}`,
  sendDigest: (runId: number, dueAt: number) => `digest-${runId}-${dueAt}`,
};
