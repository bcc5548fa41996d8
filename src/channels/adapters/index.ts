import type { ChannelKind } from '../../db/schema.js';
import type { Config } from '../../config/config.js';
import type { Mailer } from '../../mail/mailer.js';
import type { ChannelAdapter } from './adapter.js';
import { emailAdapter } from './email.js';
import { dingtalkAdapter, feishuAdapter, wecomAdapter } from './robots.js';
import { webhookAdapter } from './webhook.js';
import type { WechatApi } from './wechat-api.js';
import { wechatOfficialAccountAdapter } from './wechat-official-account.js';

export type Adapters = Record<ChannelKind, ChannelAdapter>;

/** One adapter per channel kind, speaking each platform's wire format. */
export function createAdapters(config: Pick<Config, 'channelAllowHosts' | 'platformUrls'>, mailer: Mailer, wechat: WechatApi): Adapters {
  const allow = config.channelAllowHosts;
  const urls = config.platformUrls;
  return {
    email: emailAdapter(mailer),
    webhook: webhookAdapter(allow),
    wecom_robot: wecomAdapter(urls.wecom, allow),
    dingtalk_robot: dingtalkAdapter(urls.dingtalk, allow),
    feishu_robot: feishuAdapter(urls.feishu, allow),
    wechat_official_account: wechatOfficialAccountAdapter(wechat),
  };
}
