import crypto from 'node:crypto';
import type { AnnouncementMessage } from '../../announcements/announcement-types.js';
import { DeliveryError, type ChannelAdapter } from './adapter.js';
import { callJson, httpFailure } from './http.js';

/** The Standard Webhooks signature: v1,base64(HMAC-SHA256(secret, "id.timestamp.body")), secret "whsec_<base64>". */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function webhookBody(message: AnnouncementMessage): string {
  return JSON.stringify({ type: `event.${message.kind}`, timestamp: new Date().toISOString(), data: message });
}

/** A signed JSON POST per the Standard Webhooks spec; the webhook-id stays the same across retries. */
export function webhookAdapter(allowHosts: readonly string[]): ChannelAdapter {
  return {
    async send(channel, message, ctx) {
      if (!channel.settings.url || !channel.secrets.secret) throw new DeliveryError('The webhook channel has no URL or secret.', { permanent: true });
      const body = webhookBody(message);
      const timestamp = Math.floor(Date.now() / 1000);
      const answer = await callJson(channel.settings.url, body, {
        allowHosts,
        headers: {
          'webhook-id': ctx.messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(channel.secrets.secret, ctx.messageId, timestamp, body),
        },
      });
      if (answer.status < 200 || answer.status >= 300) throw httpFailure(answer);
      return { remoteId: ctx.messageId, answer: { status: answer.status } };
    },
  };
}
