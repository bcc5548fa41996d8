import type { AudienceResolver } from '../announcements/audience.js';
import { activeChannelTopics } from './channels-dal.js';

/** Active channels whose topic filter is empty or shares a topic with the event (reminders are for people only). */
export const channelAudience: AudienceResolver = (tx, event, announcement) =>
  announcement.kind === 'reminder'
    ? []
    : activeChannelTopics(tx)
        .filter((channel) => channel.topics.length === 0 || channel.topics.some((topic) => event.topics.includes(topic)))
        .map((channel) => ({ targetType: 'channel' as const, targetId: channel.id }));
