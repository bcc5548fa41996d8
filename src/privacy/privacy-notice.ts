import { createHash } from 'node:crypto';
import { Duration } from 'luxon';
import type { Db } from '../db/database.js';
import type { Language } from '../db/schema.js';
import { keepNotice } from './privacy-dal.js';

export interface NoticeSettings {
  controllerName: string;
  /** Where people write about their data. */
  controllerContact: string;
  retentionAfterEvent: string;
  retentionSubscriber: string;
}

/** The forms that collect personal data, each with its own short notice. */
export type NoticeForm = 'registration' | 'subscription' | 'reservation';

type Texts = Record<Language, string>;

export interface PrivacyNotice {
  /** A hash of every text below: a new controller, contact or period is a new version. */
  version: string;
  settings: NoticeSettings;
  /** One or two sentences under each form, linking to /privacy. */
  short: Record<NoticeForm, Texts>;
  /** The whole notice, as /privacy shows it: headings and paragraphs. */
  full: Record<Language, Array<{ heading: string; text: string }>>;
}

const UNITS = [
  ['years', 'year', 'years', '年'],
  ['months', 'month', 'months', '个月'],
  ['weeks', 'week', 'weeks', '周'],
  ['days', 'day', 'days', '天'],
] as const;

/** An ISO 8601 period in words: P12M → "12 months" / "12 个月", P1Y6M → "1 year 6 months" / "1 年 6 个月". */
export function spokenPeriod(period: string, language: Language): string {
  const parts = Duration.fromISO(period).toObject() as Record<string, number | undefined>;
  const said = UNITS.filter(([unit]) => parts[unit]).map(([unit, one, many, zh]) => (language === 'en' ? `${parts[unit]} ${parts[unit] === 1 ? one : many}` : `${parts[unit]} ${zh}`));
  return said.join(' ');
}

/** The notice for these settings, in both languages. */
export function privacyNotice(settings: NoticeSettings): PrivacyNotice {
  const { controllerName: who, controllerContact: contact } = settings;
  const after = { en: spokenPeriod(settings.retentionAfterEvent, 'en'), 'zh-CN': spokenPeriod(settings.retentionAfterEvent, 'zh-CN') };
  const lapsed = { en: spokenPeriod(settings.retentionSubscriber, 'en'), 'zh-CN': spokenPeriod(settings.retentionSubscriber, 'zh-CN') };
  const short: PrivacyNotice['short'] = {
    registration: {
      en: `${who} keeps what you enter here (name, address, mobile number, answers) to run this event and write to you about it, shows it to the event's organizers, and erases it ${after.en} after the event, or when you ask.`,
      'zh-CN': `${who}保存您在此填写的信息（姓名、邮箱、手机号码、问题回答），用于举办本活动并与您联系，仅向活动主办方提供，并在活动结束 ${after['zh-CN']}后或应您的要求删除。`,
    },
    subscription: {
      en: `${who} keeps your address to send you the notices you choose, and erases it ${lapsed.en} after you unsubscribe (or if you never confirm), or when you ask.`,
      'zh-CN': `${who}保存您的邮箱地址，用于发送您选择的通知；退订（或始终未确认）${lapsed['zh-CN']}后，或应您的要求删除。`,
    },
    reservation: {
      en: `${who} keeps what you enter here (name, address, mobile number, company and credit code) to serve you at the centre and write to you about it, and erases it ${after.en} after your slot, or when you ask.`,
      'zh-CN': `${who}保存您在此填写的信息（姓名、邮箱、手机号码、企业名称和信用代码），用于在服务中心为您办理并与您联系，并在预约时段结束 ${after['zh-CN']}后或应您的要求删除。`,
    },
  };
  const full: PrivacyNotice['full'] = {
    en: [
      { heading: 'Who holds your data', text: `${who}, which runs this service for the alliance's events and the green channel. Write to ${contact} about anything here.` },
      { heading: 'What and why', text: 'When you register for an event: your name, address, mobile number (where the event asks for it) and your answers, to hold your seat, let you in and write to you about the event; its organizers see them. When you subscribe: your address and the notices you chose. When you reserve a green-channel service: your name, address, mobile number, company and credit code, to serve you. Feedback you give after an event. The mail we send you.' },
      { heading: 'How long', text: `Registrations, invitations, feedback and reservations: until ${after.en} after the event or the slot. A subscription: while you are subscribed, and ${lapsed.en} after you unsubscribe (or if you never confirm it). Mail we sent: ${after.en}. Then names, addresses, numbers and what you wrote are erased; only counts stay (how many came, ratings), for the alliance's reports.` },
      { heading: 'Your own data', text: 'Below you can ask for everything held about your address: we mail you a link to a page that shows it, lets you download it (JSON) and erase it. Erasing cancels your registrations and reservations still to come. You can also ask the office in person.' },
      { heading: 'Who else', text: 'Partner channels (official accounts, group robots, mail lists) receive event notices, never your data. Backups of the database keep erased data until they are pruned (see the operators\' guide).' },
    ],
    'zh-CN': [
      { heading: '个人信息处理者', text: `${who}，为联盟活动和绿色通道运营本服务。如有任何问题，请写信至 ${contact}。` },
      { heading: '收集的信息与用途', text: '报名活动时：您的姓名、邮箱、手机号码（活动要求时）和问题回答，用于保留名额、签到入场并就活动与您联系，活动主办方可以查看。订阅时：您的邮箱地址和所选通知。预约绿色通道服务时：姓名、邮箱、手机号码、企业名称和信用代码，用于为您办理。活动后的反馈。我们发送给您的邮件。' },
      { heading: '保存期限', text: `报名、邀请、反馈和预约：保存至活动或预约时段结束后 ${after['zh-CN']}。订阅：订阅期间保存，退订（或始终未确认）${lapsed['zh-CN']}后删除。我们发出的邮件：${after['zh-CN']}。之后姓名、邮箱、号码和您填写的内容将被删除，仅保留统计数字（到场人数、评分），用于联盟报告。` },
      { heading: '查阅、复制和删除', text: '您可以在下方申请查阅与您的邮箱有关的全部信息：我们会向该邮箱发送一个链接，打开后可查看、下载（JSON）和删除。删除将取消您尚未开始的报名和预约。您也可以到街道办事处当面申请。' },
      { heading: '其他接收方', text: '合作渠道（公众号、群机器人、邮件列表）只接收活动通知，不接收您的个人信息。数据库备份在被清理之前仍保留已删除的数据（见运维说明）。' },
    ],
  };
  const version = createHash('sha256').update(JSON.stringify({ short, full })).digest('hex').slice(0, 12);
  return { version, settings, short, full };
}

/** Keeps what this version of the notice said, so a recorded version can always be read back. */
export function recordNotice(db: Db, notice: PrivacyNotice): void {
  const text = (language: Language) => [...Object.values(notice.short).map((texts) => texts[language]), ...notice.full[language].map((part) => `${part.heading}\n${part.text}`)].join('\n\n');
  keepNotice(db, notice.version, text('en'), text('zh-CN'));
}
