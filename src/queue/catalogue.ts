/**
 * The one catalogue of queues, job names and payloads. Producers and processors are both
 * typed against it, in the API process and in `npm run worker` alike.
 *
 * - `send`: sender jobs. They need only Redis and the outside world (SMTP, HTTP), never the
 *   database, so any number of worker processes can run them. Payloads carry everything needed.
 * - `results`: outcomes reported back by senders; the API process records them in SQLite.
 * - `database`: jobs that read or write the database (expiry, …); only the API process runs them.
 */

import { createHash } from 'node:crypto';
import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import type { ChannelKind, ChannelSettings, MailAttachment } from '../db/schema.js';

/** A rendered mail from the `emails` outbox. */
export interface SendEmailJob {
  emailId: number;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string> | null;
  attachments?: MailAttachment[] | null;
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
 * One person a notice goes to. The sender signs their personal links (preferences and
 * unsubscribe, or cancelling a seat) with SECRET_KEY, which it holds anyway, so each
 * recipient costs a few bytes in Redis, however many thousands an announcement reaches.
 */
export type NoticeRecipient = { deliveryId: number; round: number; to: string } & (
  | { template: 'subscriber-notice'; subscriberId: number }
  | { template: 'attendee-reminder'; registrationId: number; name: string }
);

/**
 * One announcement to a batch of subscribers or attendees, sharing the message. Batching
 * divides the jobs (and the outcome reports the API records) by the batch size; a retry
 * resends only the recipients whose notice has not gone out (jobs/senders/send-notices.ts).
 */
export interface SendNoticesJob {
  message: AnnouncementMessage;
  /** Where the links point (the service's PUBLIC_URL), and the mailto: for List-Unsubscribe if any. */
  links: { publicUrl: string; unsubscribeMailto?: string };
  recipients: NoticeRecipient[];
}

/** What a sender reports after each delivery attempt. */
export interface DeliveryOutcome {
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

/** Outcomes reported together, recorded in one transaction. */
export interface DeliveryOutcomesJob {
  outcomes: DeliveryOutcome[];
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

/** Delayed until a held seat's hold ends; gives it back if it is still unconfirmed. */
export interface ExpireHoldJob {
  registrationId: number;
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

/** One article of an Official Account's news message, rendered in the API process. */
export interface BroadcastArticle {
  title: string;
  digest: string;
  /** The article's HTML (only tags WeChat keeps); `{{cover}}` stands where the cover goes in the body. */
  content: string;
  url: string;
  /** The cover as PNG, base64: uploaded once as permanent material (its media_id is remembered by its hash). */
  coverPng: string;
}

/** The day's mass-send of one Official Account: everything gathered for it, as one news message. */
export interface BroadcastToAccountJob {
  broadcastId: number;
  /** The due time this send was planned for (a postponed broadcast is a new job). */
  dueAt: number;
  channel: ChannelTarget;
  deliveries: Array<{ deliveryId: number; round: number }>;
  articles: BroadcastArticle[];
}

/** What became of a day's mass-send, for the API process to record. */
export interface BroadcastOutcomeJob {
  broadcastId: number;
  dueAt: number;
  attempt: number;
  /** `postponed`: the day's quota was used (errcode 45028); it goes with the next day's send. */
  status: 'sent' | 'failed' | 'dead' | 'postponed';
  remoteId?: string;
  error?: string;
  deliveries: Array<{ deliveryId: number; round: number }>;
}

/** A post to a park's group robot about a booking request, its words made in the API process. */
export interface PostParkNoticeJob {
  noticeId: number;
  robot: { id: number; kind: 'wecom_robot' | 'dingtalk_robot' | 'feishu_robot'; sealedSecrets: string };
  note: { title: string; markdown: string };
}

export interface ParkNoticeOutcomeJob {
  noticeId: number;
  status: OutcomeStatus;
  attempt: number;
  error?: string;
}

/** Delayed until a reservation's reminder time, its slot's end (a no-show if nobody came), its hold's end, or its move mail's time. */
export interface ReservationJob {
  reservationId: number;
}

/** Delayed until an Official Account broadcast's due time (the channel's sendAt). */
export interface SendBroadcastJob {
  broadcastId: number;
}

/** Delayed until FEEDBACK_AFTER an event's end; mails its checked-in attendees the survey. */
export interface RequestFeedbackJob {
  eventId: number;
}

/** An event whose poster, cover and QR are to be drawn (or found current) for its latest version. */
export interface DrawPicturesJob {
  eventId: number;
}

/** A planned nightly backup (a row of backup_runs). */
export interface BackupJob {
  runId: number;
}

/** A planned weekly digest run (a row of digest_runs). */
export interface SendDigestJob {
  runId: number;
}

/** A planned nightly retention run (a row of erasures with reason 'retention'). */
export interface EraseExpiredJob {
  runId: number;
}

export interface Catalogue {
  send: { 'send-email': SendEmailJob; 'deliver-to-channel': DeliverToChannelJob; 'send-notices': SendNoticesJob; 'broadcast-to-account': BroadcastToAccountJob; 'post-park-notice': PostParkNoticeJob };
  results: { 'email-outcome': EmailOutcomeJob; 'delivery-outcomes': DeliveryOutcomesJob; 'broadcast-outcome': BroadcastOutcomeJob; 'park-notice-outcome': ParkNoticeOutcomeJob };
  database: {
    'expire-booking': ExpireBookingJob;
    'expire-hold': ExpireHoldJob;
    'fan-out-announcement': FanOutAnnouncementJob;
    'complete-event': CompleteEventJob;
    'send-reminder': SendReminderJob;
    'send-digest': SendDigestJob;
    'request-feedback': RequestFeedbackJob;
    'send-broadcast': SendBroadcastJob;
    'remind-reservation': ReservationJob;
    'mark-no-show': ReservationJob;
    'expire-reservation-hold': ReservationJob;
    'send-reservation-change': ReservationJob;
    'erase-expired': EraseExpiredJob;
    'draw-event-pictures': DrawPicturesJob;
    'backup-database': BackupJob;
  };
}

export type QueueName = keyof Catalogue;
export type JobName<Q extends QueueName> = keyof Catalogue[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = Catalogue[Q][N];

/** Notices per `send-notices` job at most. */
export const NOTICE_BATCH_SIZE = 100;

export const QUEUE_NAMES: readonly QueueName[] = ['send', 'results', 'database'];

/**
 * Job ids derive from the row a job acts on, so enqueuing the same row twice is a no-op. The
 * API process's BullMQ driver puts the database's lifetime in front of each (see
 * db/schema/database-identity.ts); outcome reports derive theirs from the job they report on.
 */
export const jobIds = {
  sendEmail: (emailId: number) => `email-${emailId}`,
  /** `sendJobId`: the id of the send job whose attempt this reports. */
  emailOutcome: (sendJobId: string, o: EmailOutcomeJob) => `${sendJobId}-a${o.attempt}-${o.status}`,
  expireBooking: (bookingId: number, dueAt: number) => `expire-booking-${bookingId}-${dueAt}`,
  fanOut: (announcementId: number) => `fan-out-${announcementId}`,
  expireHold: (registrationId: number, dueAt: number) => `expire-hold-${registrationId}-${dueAt}`,
  /** A manual retry starts a new round, which must be a new job. */
  delivery: (deliveryId: number, round: number) => `delivery-${deliveryId}-${round}`,
  /**
   * A batch of first-round notices is named by its announcement and a block of delivery ids, so
   * handing the same rows over again (e.g. after Redis came back) names the same job, however
   * many of them are done by then. A retried delivery (round > 0) is sent on its own.
   */
  noticeBatch: (announcementId: number, deliveryId: number, round: number) =>
    round === 0 ? `notices-${announcementId}-${Math.floor(deliveryId / NOTICE_BATCH_SIZE)}` : `notices-${announcementId}-d${deliveryId}-${round}`,
  /** Named by the send job and the content: the same report sent twice (a sender resuming) is one job. */
  deliveryOutcomes: (sendJobId: string, outcomes: DeliveryOutcome[]) =>
    `${sendJobId}-outcomes-${createHash('sha1').update(outcomes.map((o) => `${o.deliveryId}.${o.round}.${o.attempt}.${o.status}`).join(',')).digest('hex').slice(0, 16)}`,
  completeEvent: (eventId: number, dueAt: number) => `complete-event-${eventId}-${dueAt}`,
  sendReminder: (eventId: number, dueAt: number) => `reminder-${eventId}-${dueAt}`,
  sendDigest: (runId: number, dueAt: number) => `digest-${runId}-${dueAt}`,
  eraseExpired: (runId: number, dueAt: number) => `erase-expired-${runId}-${dueAt}`,
  requestFeedback: (eventId: number, dueAt: number) => `feedback-${eventId}-${dueAt}`,
  /** The database side (gathering) and the send side of one broadcast at one due time. */
  sendBroadcast: (broadcastId: number, dueAt: number) => `broadcast-${broadcastId}-${dueAt}`,
  broadcastToAccount: (broadcastId: number, dueAt: number) => `broadcast-send-${broadcastId}-${dueAt}`,
  broadcastOutcome: (sendJobId: string, o: BroadcastOutcomeJob) => `${sendJobId}-a${o.attempt}-${o.status}`,
  parkNotice: (noticeId: number) => `park-notice-${noticeId}`,
  remindReservation: (reservationId: number, dueAt: number) => `remind-reservation-${reservationId}-${dueAt}`,
  markNoShow: (reservationId: number, dueAt: number) => `no-show-${reservationId}-${dueAt}`,
  backupDatabase: (runId: number, dueAt: number) => `backup-${runId}-${dueAt}`,
  /** Per event and version (its updatedAt): a change is a new drawing job. */
  drawPictures: (eventId: number, updatedAt: number) => `pictures-${eventId}-${updatedAt}`,
  expireReservationHold: (reservationId: number, dueAt: number) => `reservation-hold-${reservationId}-${dueAt}`,
  sendReservationChange: (reservationId: number, dueAt: number) => `reservation-change-${reservationId}-${dueAt}`,
  parkNoticeOutcome: (sendJobId: string, o: ParkNoticeOutcomeJob) => `${sendJobId}-a${o.attempt}-${o.status}`,
};
