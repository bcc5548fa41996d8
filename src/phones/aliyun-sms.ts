import crypto from 'node:crypto';
import type { Config } from '../config/config.js';
import { postJson, SmsError, type SmsSender } from './sms-http.js';

/** RFC 3986 encoding as Alibaba Cloud's signature wants it (encodeURIComponent leaves !'()* alone). */
export const percentEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Alibaba Cloud's RPC signature (version 1.0, HMAC-SHA1): the parameters sorted and encoded,
 * `POST&%2F&<encoded query>` signed with `secret&`, base64.
 * https://www.alibabacloud.com/help/en/sms/signature-method
 */
export function aliyunSignature(method: string, params: Record<string, string>, secret: string): string {
  const query = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join('&');
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(query)}`;
  return crypto.createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

/** Alibaba Cloud SMS (dysmsapi, `SendSms` of 2017-05-25): template parameters `code` and `minutes`; `Code: "OK"` is sent. */
export function aliyunSms(sms: Config['sms']): SmsSender {
  const baseUrl = sms.baseUrl ?? 'https://dysmsapi.aliyuncs.com';
  return {
    async sendCode(mobile, code, minutes) {
      const params: Record<string, string> = {
        AccessKeyId: sms.accessKeyId!,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: mobile.replace(/^\+86/, ''),
        RegionId: 'cn-hangzhou',
        SignName: sms.signName!,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: crypto.randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: sms.template!,
        TemplateParam: JSON.stringify({ code, minutes: String(minutes) }),
        // Real time (the provider checks it), not the app's test clock.
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const body = new URLSearchParams({ ...params, Signature: aliyunSignature('POST', params, sms.accessKeySecret!) });
      const answer = (await postJson(`${baseUrl}/`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })) as { Code?: string; Message?: string };
      if (answer.Code !== 'OK') throw new SmsError(`Alibaba Cloud SMS refused: ${answer.Code ?? '?'} ${answer.Message ?? ''}`.trim(), answer.Code ?? 'unknown');
    },
  };
}
