import crypto from 'node:crypto';
import { startReceiver, type ReceivedRequest } from './http-receiver.js';

/**
 * A local stand-in for Alibaba Cloud SMS and Tencent Cloud SMS that checks each request's
 * signature the way the providers document it (written here on its own, not with the app's
 * code) and answers as they do: a wrong signature is refused, a good request "sent". Each sent
 * text is kept with its number and code.
 */
export interface SentText {
  mobile: string;
  code: string;
}

const rfc3986 = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function aliyunAnswer(request: ReceivedRequest, secret: string, sent: SentText[]) {
  const params = Object.fromEntries(new URLSearchParams(request.body));
  const { Signature: signature, ...rest } = params;
  const canonical = Object.keys(rest).sort().map((k) => `${rfc3986(k)}=${rfc3986(rest[k]!)}`).join('&');
  const expected = crypto.createHmac('sha1', `${secret}&`).update(`POST&%2F&${rfc3986(canonical)}`).digest('base64');
  if (signature !== expected || rest.SignatureMethod !== 'HMAC-SHA1' || rest.Action !== 'SendSms') {
    return { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' } };
  }
  const code = (JSON.parse(rest.TemplateParam ?? '{}') as { code?: string }).code ?? '';
  sent.push({ mobile: `+86${rest.PhoneNumbers}`, code });
  return { body: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: crypto.randomUUID() } };
}

function tencentAnswer(request: ReceivedRequest, secret: string, sent: SentText[]) {
  const authorization = String(request.headers.authorization ?? '');
  const match = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(authorization);
  const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
  const mac = (key: crypto.BinaryLike, text: string) => crypto.createHmac('sha256', key).update(text).digest();
  const timestamp = String(request.headers['x-tc-timestamp'] ?? '');
  if (match) {
    const [, , date, signature] = match;
    const canonical = `POST\n/\n\ncontent-type:${String(request.headers['content-type'])}\nhost:${String(request.headers.host)}\n\ncontent-type;host\n${hash(request.body)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${hash(canonical)}`;
    const key = mac(mac(mac('TC3' + secret, date!), 'sms'), 'tc3_request');
    const dayOfTimestamp = new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
    if (crypto.createHmac('sha256', key).update(toSign).digest('hex') === signature && date === dayOfTimestamp && request.headers['x-tc-action'] === 'SendSms') {
      const body = request.json as { PhoneNumberSet: string[]; TemplateParamSet: string[] };
      sent.push({ mobile: body.PhoneNumberSet[0]!, code: body.TemplateParamSet[0]! });
      return { body: { Response: { SendStatusSet: [{ SerialNo: '5000:1045710669157053657849499619', PhoneNumber: body.PhoneNumberSet[0], Fee: 1, Code: 'Ok', Message: 'send success' }], RequestId: crypto.randomUUID() } } };
    }
  }
  return { body: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: crypto.randomUUID() } } };
}

/** `holdMs`: how long each answer is held (a slow provider), 0 unless a test sets it. */
export async function startSmsStandIn(provider: 'aliyun' | 'tencent', secret: string) {
  const sent: SentText[] = [];
  const standIn = { holdMs: 0 };
  const receiver = await startReceiver((request) => ({ ...(provider === 'aliyun' ? aliyunAnswer(request, secret, sent) : tencentAnswer(request, secret, sent)), delayMs: standIn.holdMs }));
  return Object.assign(standIn, { url: receiver.url, sent, requests: receiver.requests, close: () => receiver.close() });
}
