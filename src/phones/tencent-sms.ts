import crypto from 'node:crypto';
import type { Config } from '../config/config.js';
import { postJson, SmsError, type SmsSender } from './sms-http.js';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const hmac = (key: crypto.BinaryLike, text: string) => crypto.createHmac('sha256', key).update(text).digest();

/**
 * Tencent Cloud's TC3-HMAC-SHA256 signature of a JSON POST to `host` (service `sms`): the
 * canonical request hashed into the string to sign, signed with a key derived from the secret,
 * the day (UTC) and the service. https://www.tencentcloud.com/document/api/382/40467 (Signature v3)
 */
export function tc3Authorization(input: { secretId: string; secretKey: string; host: string; timestamp: number; payload: string; service?: string }): string {
  const service = input.service ?? 'sms';
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonical = ['POST', '/', '', `content-type:application/json; charset=utf-8\nhost:${input.host}\n`, 'content-type;host', sha256(input.payload)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, date), service), 'tc3_request');
  const signature = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

/** Tencent Cloud SMS (`SendSms` of 2021-01-11): template parameters {1} the code, {2} the minutes; each number's `Code: "Ok"` is sent. */
export function tencentSms(sms: Config['sms']): SmsSender {
  const baseUrl = sms.baseUrl ?? 'https://sms.tencentcloudapi.com';
  const host = new URL(baseUrl).host;
  return {
    async sendCode(mobile, code, minutes) {
      const payload = JSON.stringify({ PhoneNumberSet: [mobile], SmsSdkAppId: sms.sdkAppId!, SignName: sms.signName!, TemplateId: sms.template!, TemplateParamSet: [code, String(minutes)] });
      // The provider's clock, not the app's test clock: Tencent refuses a request more than 5 minutes off.
      const timestamp = Math.floor(Date.now() / 1000);
      const answer = (await postJson(`${baseUrl}/`, {
        headers: {
          authorization: tc3Authorization({ secretId: sms.accessKeyId!, secretKey: sms.accessKeySecret!, host, timestamp, payload }),
          'content-type': 'application/json; charset=utf-8',
          'x-tc-action': 'SendSms',
          'x-tc-version': '2021-01-11',
          'x-tc-region': 'ap-guangzhou',
          'x-tc-timestamp': String(timestamp),
        },
        body: payload,
      })) as { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: Array<{ Code: string; Message: string }> } };
      const error = answer.Response?.Error;
      if (error) throw new SmsError(`Tencent Cloud SMS refused: ${error.Code} ${error.Message}`, error.Code);
      const status = answer.Response?.SendStatusSet?.[0];
      if (status?.Code !== 'Ok') throw new SmsError(`Tencent Cloud SMS did not send: ${status?.Code ?? '?'} ${status?.Message ?? ''}`.trim(), status?.Code ?? 'unknown');
    },
  };
}
