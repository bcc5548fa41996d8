import crypto from 'node:crypto';
import { heading, toMarkdown } from '../../mail/templates/announcement.js';
import { DeliveryError, type ChannelAdapter, type ChannelSecrets } from './adapter.js';
import { callJson, httpFailure, type HttpAnswer } from './http.js';

/** Platform error codes that mean "slow down" rather than "wrong". */
const RATE_LIMITED = new Set([45009, 130101, 9499, 11232, 11233]);

function platformAnswer(answer: HttpAnswer, code: number | undefined, message: unknown, platform: string) {
  if (answer.status < 200 || answer.status >= 300) throw httpFailure(answer);
  if (code === undefined) throw new DeliveryError(`${platform} answered something unexpected: ${answer.text.slice(0, 200)}`);
  if (code !== 0) {
    throw new DeliveryError(`${platform} error ${code}: ${String(message)}`, RATE_LIMITED.has(code) ? { retryAfterMs: 60_000 } : {});
  }
  return { answer: answer.json };
}

function requireKey(key: string | undefined, platform: string): string {
  if (!key) throw new DeliveryError(`The ${platform} channel has no key.`, { permanent: true });
  return key;
}

/** What a group robot posts: a title and the body as the robots' markdown (what people typed already made inert). */
export interface RobotNote {
  title: string;
  markdown: string;
}
type RobotSecrets = ChannelSecrets;
/** Posts one note to a robot; the three platforms' wire formats below. */
export type RobotPost = (secrets: RobotSecrets, note: RobotNote) => Promise<{ answer: unknown }>;

/** An announcement as a robot posts it. */
function robotAdapter(post: RobotPost): ChannelAdapter {
  return { send: (channel, message) => post(channel.secrets, { title: heading(message), markdown: toMarkdown(message) }) };
}

/** WeCom group robot: markdown to /cgi-bin/webhook/send?key=…, errcode 0 on success. */
export function wecomPost(baseUrl: string, allowHosts: readonly string[]): RobotPost {
  return async (secrets, note) => {
    const key = requireKey(secrets.key, 'WeCom');
    const url = `${baseUrl}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
    const answer = await callJson(url, JSON.stringify({ msgtype: 'markdown', markdown: { content: note.markdown } }), { allowHosts });
    const json = answer.json as { errcode?: number; errmsg?: string } | undefined;
    return platformAnswer(answer, json?.errcode, json?.errmsg, 'WeCom');
  };
}
export const wecomAdapter = (baseUrl: string, allowHosts: readonly string[]) => robotAdapter(wecomPost(baseUrl, allowHosts));

/** DingTalk's signature: base64(HMAC-SHA256(secret, "timestamp\nsecret")), timestamp in ms. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return crypto.createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** DingTalk group robot: markdown to /robot/send?access_token=…[&timestamp&sign], errcode 0 on success. */
export function dingtalkPost(baseUrl: string, allowHosts: readonly string[]): RobotPost {
  return async (secrets, note) => {
    const token = requireKey(secrets.key, 'DingTalk');
    const params = new URLSearchParams({ access_token: token });
    if (secrets.secret) {
      const timestamp = Date.now();
      params.set('timestamp', String(timestamp));
      params.set('sign', dingtalkSign(secrets.secret, timestamp));
    }
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: note.title, text: note.markdown } });
    const answer = await callJson(`${baseUrl}/robot/send?${params.toString()}`, body, { allowHosts });
    const json = answer.json as { errcode?: number; errmsg?: string } | undefined;
    return platformAnswer(answer, json?.errcode, json?.errmsg, 'DingTalk');
  };
}
export const dingtalkAdapter = (baseUrl: string, allowHosts: readonly string[]) => robotAdapter(dingtalkPost(baseUrl, allowHosts));

/** Feishu's signature: base64(HMAC-SHA256 keyed with "timestamp\nsecret" over an empty message), timestamp in s. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return crypto.createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Feishu group robot: an interactive card with a markdown element to /open-apis/bot/v2/hook/…, code 0 on success. */
export function feishuPost(baseUrl: string, allowHosts: readonly string[]): RobotPost {
  return async (secrets, note) => {
    const hook = requireKey(secrets.key, 'Feishu');
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = secrets.secret ? { timestamp: String(timestamp), sign: feishuSign(secrets.secret, timestamp) } : {};
    const body = JSON.stringify({
      ...signature,
      msg_type: 'interactive',
      card: { header: { title: { tag: 'plain_text', content: note.title } }, elements: [{ tag: 'markdown', content: note.markdown }] },
    });
    const answer = await callJson(`${baseUrl}/open-apis/bot/v2/hook/${encodeURIComponent(hook)}`, body, { allowHosts });
    const json = answer.json as { code?: number; StatusCode?: number; msg?: string } | undefined;
    return platformAnswer(answer, json?.code ?? json?.StatusCode, json?.msg, 'Feishu');
  };
}
export const feishuAdapter = (baseUrl: string, allowHosts: readonly string[]) => robotAdapter(feishuPost(baseUrl, allowHosts));
