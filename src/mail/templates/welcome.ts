import type { Language, Role } from '../../db/schema.js';
import type { OutgoingMail } from '../mailer.js';
import { SIGNATURE } from './common.js';

const ROLE_NAMES: Record<Language, Record<Role, string>> = {
  'zh-CN': { organizer: '活动组织者', park_manager: '园区负责人', coordinator: '协调员' },
  en: { organizer: 'organizer', park_manager: 'park manager', coordinator: 'coordinator' },
};

export interface WelcomeMailInput {
  to: string;
  name: string;
  role: Role;
  language: Language;
  organizationName: string;
  publicUrl: string;
}

/** The mail a new member receives. It never contains the token, which only the admitting coordinator sees. */
export function welcomeMail(input: WelcomeMailInput): OutgoingMail {
  const role = ROLE_NAMES[input.language][input.role];
  const docs = `${input.publicUrl}/docs`;
  if (input.language === 'en') {
    return {
      to: input.to,
      subject: `Welcome to chuanglian, ${input.name}`,
      text: [
        `Hello ${input.name},`,
        '',
        `You have been added to chuanglian as ${role} of ${input.organizationName}.`,
        'The coordinator who added you has your first API token; ask them for it, then create more of your own with POST /v1/members/me/tokens.',
        `API documentation: ${docs}`,
        '',
        SIGNATURE.en,
      ].join('\n'),
    };
  }
  return {
    to: input.to,
    subject: `欢迎加入创联，${input.name}`,
    text: [
      `${input.name}，您好：`,
      '',
      `您已作为${input.organizationName}的${role}加入创联。`,
      '为您开通账号的协调员持有您的第一个 API 令牌，请向其索取；之后可通过 POST /v1/members/me/tokens 自行创建更多令牌。',
      `API 文档：${docs}`,
      '',
      SIGNATURE['zh-CN'],
    ].join('\n'),
  };
}
