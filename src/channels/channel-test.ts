import { createAdapters } from './adapters/index.js';
import { wechatApi } from './adapters/wechat-api.js';
import { MemoryMemo } from '../queue/shared-memo.js';
import { DeliveryError } from './adapters/adapter.js';
import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import type { Config } from '../config/config.js';
import type { Mailer } from '../mail/mailer.js';
import { inZone } from '../time/instants.js';
import { openSecrets } from './channel-secrets.js';
import { findChannel, type ChannelDeps } from './channels-service.js';
import { nowMs } from '../time/clock.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

function testMessage(publicUrl: string): AnnouncementMessage {
  const start = nowMs() + 24 * 3600_000;
  return {
    announcementId: 0,
    eventId: 0,
    kind: 'published',
    language: 'zh-CN',
    title: 'chuanglian 测试消息 / test message',
    summary: 'If you can read this, the channel works. 收到此消息说明渠道配置正确。',
    when: inZone(start, DEFAULT_TIMEZONE),
    start: inZone(start, DEFAULT_TIMEZONE),
    end: inZone(start + 3600_000, DEFAULT_TIMEZONE),
    place: 'Wujiaochang',
    topics: [],
    url: `${publicUrl}/docs`,
    icsUrl: `${publicUrl}/docs`,
    uid: `test@${new URL(publicUrl).hostname}`,
    sequence: 0,
  };
}

/** Sends a test message to a channel right away, from the API process, and returns the adapter's answer. */
export async function testChannel(deps: ChannelDeps & { mailer: Mailer; config: Pick<Config, 'channelAllowHosts' | 'platformUrls' | 'publicUrl'> }, id: number) {
  const row = findChannel(deps, id);
  const wechat = wechatApi(deps.config.platformUrls.wechat, deps.config.channelAllowHosts, new MemoryMemo());
  const adapters = createAdapters(deps.config, deps.mailer, wechat);
  const channel = { ...row, settings: row.settings, secrets: openSecrets(deps.secretKey, row.sealedSecrets) };
  try {
    if (row.kind === 'wechat_official_account') {
      // An Official Account's test proves its credentials only: a test article would go to every follower
      // (broadcast) or stay public as a permalink (publish).
      await wechat.checkAccount({ appId: row.settings.appId ?? '', appSecret: channel.secrets.appSecret ?? '' });
      return { ok: true, answer: { credentials: 'accepted: WeChat issued an access token' } };
    }
    const { remoteId, answer } = await adapters[row.kind].send(channel, testMessage(deps.config.publicUrl), { messageId: `test-${row.id}-${nowMs()}` });
    return { ok: true, ...(remoteId ? { remoteId } : {}), answer };
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message);
    return { ok: false, error: failure.message, permanent: !!failure.options.permanent };
  }
}
