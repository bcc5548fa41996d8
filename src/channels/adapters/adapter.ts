import type { AnnouncementMessage } from '../../announcements/announcement-types.js';
import type { ChannelTarget } from '../../queue/catalogue.js';

export interface ChannelSecrets {
  secret?: string;
  key?: string;
  appSecret?: string;
}

/** A channel with its secrets opened, inside a sender only. */
export interface OpenChannel extends ChannelTarget {
  secrets: ChannelSecrets;
}

export interface SendContext {
  /** Stable across retries, so receivers can deduplicate (the webhook-id). */
  messageId: string;
  /** What an earlier try of this delivery saved (a WeChat publish_id), so a retry goes on from there. */
  progress?: unknown;
  saveProgress?(progress: object): Promise<void>;
}

export interface AdapterAnswer {
  remoteId?: string;
  /** What the platform answered, for POST /v1/channels/:id/test. */
  answer?: unknown;
}

export interface ChannelAdapter {
  send(channel: OpenChannel, message: AnnouncementMessage, ctx: SendContext): Promise<AdapterAnswer>;
}

/**
 * A failed delivery attempt, classified: `permanent` ones are not retried, `retryAfterMs`
 * overrides the backoff, and `disableChannel` switches the channel off (the receiver is gone).
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly options: { permanent?: boolean; retryAfterMs?: number; disableChannel?: boolean; status?: number } = {},
  ) {
    super(message);
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
}
