import type { Config } from '../../src/config/config.js';
import type { QueueDriver } from '../../src/queue/queue-driver.js';
import type { Mailer } from '../../src/mail/mailer.js';
import { createAdapters } from '../../src/channels/adapters/index.js';
import { deliverToChannelProcessor } from './deliver-to-channel.js';
import { sendEmailProcessor } from './send-email.js';
import { sendNoticesProcessor } from './send-notices.js';
import { broadcastToAccountProcessor } from './broadcast-to-account.js';
import { postParkNoticeProcessor } from './post-park-notice.js';
import { wechatApi } from '../../src/channels/adapters/wechat-api.js';

export interface SenderDeps {
  mailer: Mailer;
  secretKey: string;
  config: Pick<Config, 'channelAllowHosts' | 'platformUrls' | 'mailRatePerMinute'>;
}

/**
 * Registers every sender processor on the `send` queue. `npm run worker` calls this with the
 * BullMQ driver; the API process calls it with the inline driver when no Redis is configured.
 */
export function registerSenders(driver: QueueDriver, deps: SenderDeps, concurrency?: number): void {
  const wechat = wechatApi(deps.config.platformUrls.wechat, deps.config.channelAllowHosts, driver.memo);
  driver.process(
    'send',
    {
      'send-email': sendEmailProcessor(deps.mailer, driver),
      'deliver-to-channel': deliverToChannelProcessor({ adapters: createAdapters(deps.config, deps.mailer, wechat), driver, secretKey: deps.secretKey }),
      'broadcast-to-account': broadcastToAccountProcessor({ api: wechat, driver, secretKey: deps.secretKey }),
      'post-park-notice': postParkNoticeProcessor({ driver, secretKey: deps.secretKey, config: deps.config }),
      'send-notices': sendNoticesProcessor({ mailer: deps.mailer, driver, secretKey: deps.secretKey, ratePerMinute: deps.config.mailRatePerMinute }),
    },
    { concurrency },
  );
}
