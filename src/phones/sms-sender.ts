import type { Config } from '../config/config.js';
import { aliyunSms } from './aliyun-sms.js';
import { tencentSms } from './tencent-sms.js';
import type { SmsSender } from './sms-http.js';

/** The configured provider, or null (SMS_PROVIDER=none: members sign in by mailed link only). */
export function smsSender(sms: Config['sms']): SmsSender | null {
  if (sms.provider === 'aliyun') return aliyunSms(sms);
  if (sms.provider === 'tencent') return tencentSms(sms);
  return null;
}

