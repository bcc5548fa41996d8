import { heading, toText } from '../../mail/templates/announcement.js';
import { isPermanentMailError, type Mailer } from '../../mail/mailer.js';
import { DeliveryError, type ChannelAdapter } from './adapter.js';

/** A mailing list: the announcement as one mail to the list's address, through the pooled transport. */
export function emailAdapter(mailer: Mailer): ChannelAdapter {
  return {
    async send(channel, message, ctx) {
      if (!channel.settings.address) throw new DeliveryError('The email channel has no address.', { permanent: true });
      try {
        const { messageId } = await mailer.send({ to: channel.settings.address, subject: heading(message), text: toText(message), headers: { 'X-Chuanglian-Delivery': ctx.messageId } });
        return { remoteId: messageId, answer: { messageId } };
      } catch (error) {
        throw new DeliveryError((error as Error).message, { permanent: isPermanentMailError(error) });
      }
    },
  };
}
