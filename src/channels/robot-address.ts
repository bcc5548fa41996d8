import type { ChannelKind } from '../db/schema.js';

/**
 * A group robot's key from what people paste: the whole webhook address its settings show
 * (WeCom `…/cgi-bin/webhook/send?key=K`, DingTalk `…/robot/send?access_token=K`, Feishu
 * `…/open-apis/bot/v2/hook/K`) or the key alone. Anything else is kept as typed (and the robot's
 * own platform refuses it on the test send).
 */
export function robotKey(kind: ChannelKind, value: string | undefined): string | undefined {
  const typed = value?.trim();
  if (!typed || !/^https?:\/\//i.test(typed)) return typed;
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return typed;
  }
  if (kind === 'wecom_robot') return url.searchParams.get('key') ?? typed;
  if (kind === 'dingtalk_robot') return url.searchParams.get('access_token') ?? typed;
  if (kind === 'feishu_robot') return /\/hook\/([^/?#]+)/.exec(url.pathname)?.[1] ?? typed;
  return typed;
}
