import type { Language } from '../../db/schema.js';
import type { OutgoingMail } from '../mailer.js';
import { SIGNATURE } from './common.js';

/** The single-use sign-in link a member asked for on the sign-in page. */
export function signInMail(input: { to: string; name: string; language: Language; url: string }): OutgoingMail {
  if (input.language === 'en') {
    return {
      to: input.to,
      subject: 'Your chuanglian sign-in link',
      text: [`Hello ${input.name},`, '', 'Open this link to sign in. It works once, within 15 minutes:', input.url, '', 'If you did not ask for it, ignore this mail.', '', SIGNATURE.en].join('\n'),
    };
  }
  return {
    to: input.to,
    subject: '创联登录链接',
    text: [`${input.name}，您好：`, '', '请打开以下链接登录（15 分钟内有效，只能使用一次）：', input.url, '', '如果不是您本人操作，请忽略此邮件。', '', SIGNATURE['zh-CN']].join('\n'),
  };
}
