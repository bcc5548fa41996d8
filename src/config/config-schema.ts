import { Type, type Static, type TSchema } from 'typebox';

/**
 * Every setting of the service and the worker, in one TypeBox schema: it is the type (`Config`),
 * the validation (config.ts reads each variable by the constraints written here) and the source
 * of the README's configuration table (config-table.ts; a test keeps them in step).
 *
 * Each setting names its variable (`env`), how its text is read (`read`), its `default` (absent:
 * unset means undefined, or a value derived from other settings, said in `defaultText`) and what it
 * is for (`description`, the README's words).
 */
export type Reader = 'integer' | 'text' | 'one-of' | 'url' | 'base-url' | 'email' | 'iso-duration' | 'iso-period' | 'short-duration' | 'clock' | 'host-list' | 'mail-from' | 'trust-proxy' | 'switch';

interface SettingOptions {
  env: string;
  read: Reader;
  description: string;
  default?: string | number;
  /** The README's default when `default` does not say it (derived or generated values). */
  defaultText?: string;
  [constraint: string]: unknown;
  [key: symbol]: unknown;
}

const setting = <S extends TSchema>(schema: (options: SettingOptions) => S, options: SettingOptions): S => schema(options);
const whole = (env: string, fallback: number, minimum: number, maximum: number, description: string) =>
  setting((o) => Type.Integer({ ...o, minimum, maximum }), { env, read: 'integer', default: fallback, description });
const isoDuration = (env: string, fallback: string, minimumMs: number, maximumMs: number, description: string) =>
  setting((o) => Type.Integer({ ...o, minimumMs, maximumMs }), { env, read: 'iso-duration', default: fallback, description });
const platform = (env: string, fallback: string, what: string) =>
  setting((o) => Type.String(o), { env, read: 'base-url', default: fallback, protocols: ['https:', 'http:'], description: `API base URL of ${what}` });

export const SMS_PROVIDERS = ['none', 'aliyun', 'tencent'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = Type.Object({
  port: whole('PORT', 3000, 0, 65535, 'HTTP port'),
  host: setting((o) => Type.String(o), { env: 'HOST', read: 'text', default: '127.0.0.1', description: 'interface to listen on (`0.0.0.0` for all)' }),
  databasePath: setting((o) => Type.String(o), { env: 'DATABASE_PATH', read: 'text', default: './data/chuanglian.db', description: 'SQLite file; its folder (the data folder) also holds `secret.key` and `mail/`' }),
  redisUrl: Type.Optional(setting((o) => Type.String(o), { env: 'REDIS_URL', read: 'url', protocols: ['redis:', 'rediss:'], description: 'BullMQ on this Redis; unset runs jobs inline' })),
  redisPrefix: setting((o) => Type.String(o), {
    env: 'REDIS_PREFIX', read: 'text', default: 'chuanglian', pattern: '^[\\w.-]{1,64}$', patternMessage: '1 to 64 letters, digits, dots, dashes or underscores',
    description: 'prefix of every BullMQ key, so several deployments (or test files) can share one Redis',
  }),
  smtpUrl: Type.Optional(setting((o) => Type.String(o), { env: 'SMTP_URL', read: 'url', protocols: ['smtp:', 'smtps:'], description: 'SMTP server (pooled); unset writes `.eml` files to `MAIL_DIR`' })),
  chromiumPath: setting((o) => Type.String(o), { env: 'CHROMIUM_PATH', read: 'text', default: '/usr/bin/chromium', description: 'headless Chromium that prints the annual review as PDF (Debian: `apt-get install chromium fonts-noto-cjk`); without it the page is printed from the browser' }),
  mailDir: setting((o) => Type.String(o), { env: 'MAIL_DIR', read: 'text', defaultText: '`<data folder>/mail`', description: 'where mail goes without `SMTP_URL`' }),
  mailFrom: setting((o) => Type.String(o), { env: 'MAIL_FROM', read: 'mail-from', default: 'chuanglian <no-reply@chuanglian.local>', description: 'sender of every mail' }),
  publicUrl: setting((o) => Type.String(o), { env: 'PUBLIC_URL', read: 'base-url', protocols: ['http:', 'https:'], defaultText: '`http://localhost:$PORT`', description: 'base of links in mail and of the OpenAPI server' }),
  secretKey: Type.Optional(setting((o) => Type.String(o), { env: 'SECRET_KEY', read: 'text', minLength: 32, minLengthHint: 'leave it unset to have one generated', defaultText: 'generated into `<data folder>/secret.key`', description: 'signs links, encrypts channel secrets; ≥ 32 characters; workers need the same value' })),
  logLevel: setting((o) => Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), o), { env: 'LOG_LEVEL', read: 'one-of', default: 'info', description: '`fatal` … `trace`, or `silent`' }),
  jobAttempts: whole('JOB_ATTEMPTS', 8, 1, 50, 'attempts per job before it is dead-lettered'),
  jobBackoffMs: whole('JOB_BACKOFF_MS', 5_000, 1, 3_600_000, 'first retry delay; doubles each time, with jitter'),
  outboxSweepMs: whole('OUTBOX_SWEEP_MS', 5_000, 50, 3_600_000, 'how often the outbox relay looks for unsent work'),
  workerConcurrency: whole('WORKER_CONCURRENCY', 16, 1, 512, 'jobs one `npm run worker` process runs at once'),
  workerLockMs: whole('WORKER_LOCK_MS', 30_000, 1_000, 600_000, "a worker's hold on a running job; a dead worker's jobs are taken up again after it"),
  bookingPendingDays: whole('BOOKING_PENDING_DAYS', 7, 1, 365, 'a pending booking request expires after this many days, or at its start'),
  deliveryAttempts: whole('DELIVERY_ATTEMPTS', 10, 1, 50, 'attempts per announcement delivery before it is dead'),
  deliveryBackoffMs: whole('DELIVERY_BACKOFF_MS', 10_000, 1, 3_600_000, 'first delivery retry delay; doubles, with jitter; `Retry-After` wins'),
  backupDir: Type.Optional(setting((o) => Type.String(o), { env: 'BACKUP_DIR', read: 'text', description: 'folder of the nightly online backups (checked with `integrity_check`, pruned after `BACKUP_KEEP`); unset: no scheduled backups' })),
  backupAt: setting((o) => Type.String(o), { env: 'BACKUP_AT', read: 'clock', default: '02:30', description: 'when the nightly backup is written (HH:MM, Asia/Shanghai)' }),
  backupKeep: setting((o) => Type.String(o), { env: 'BACKUP_KEEP', read: 'iso-period', default: 'P30D', description: 'how long nightly backups are kept (ISO 8601; 30 days lets an erasure reach every copy within the privacy notice\'s promise)' }),
  trustProxy: Type.Optional(
    setting((o) => Type.Union([Type.Integer({ minimum: 1 }), Type.Array(Type.String())], o), {
      env: 'TRUST_PROXY',
      read: 'trust-proxy',
      defaultText: 'unset: trust none',
      description:
        'the reverse proxies whose `X-Forwarded-For` names the client (each client then has its own rate limits): `loopback`, a hop count, or addresses and CIDRs, comma-separated (`127.0.0.1,10.0.0.0/8`); unset, every request counts as from the address that connected',
    }),
  ),
  channelAllowHosts: setting((o) => Type.Array(Type.String(), o), { env: 'CHANNEL_ALLOW_HOSTS', read: 'host-list', defaultText: 'empty', description: 'hosts (or host:port), comma-separated, that channel URLs may use although private or loopback' }),
  unsubscribeMailto: Type.Optional(setting((o) => Type.String(o), { env: 'UNSUBSCRIBE_MAILTO', read: 'email', description: 'a mailto offered in `List-Unsubscribe` besides the one-click URL' })),
  bounceLimit: whole('BOUNCE_LIMIT', 3, 1, 100, 'permanent bounces before a subscriber is marked bouncing and skipped'),
  mailRatePerMinute: whole('MAIL_RATE_PER_MINUTE', 0, 0, 1_000_000, 'notice mails per minute across all workers (0 = no limit)'),
  subscribeLimitPerIp: whole('SUBSCRIBE_LIMIT_PER_IP', 30, 1, 100_000, 'subscribe requests per hour from one IP address, then 429'),
  subscribeLimitPerAddress: whole('SUBSCRIBE_LIMIT_PER_ADDRESS', 5, 1, 1_000, 'subscribe requests per hour for one email address, then 429'),
  registerLimitPerIp: whole('REGISTER_LIMIT_PER_IP', 300, 1, 1_000_000, "registrations per hour from one IP address (a venue's shared Wi-Fi counts once), then 429"),
  registerLimitPerAddress: whole('REGISTER_LIMIT_PER_ADDRESS', 20, 1, 1_000, 'registrations per hour for one email address (`li+x@…` counts as `li@…`), then 429'),
  updateSettleMs: isoDuration('UPDATE_SETTLE', 'PT10M', 0, 24 * 3600_000, 'how long a change notice (time or place of a published event, a moved green-channel reservation) waits; later changes fold into it'),
  reservationHoldMs: isoDuration('RESERVATION_HOLD', 'PT30M', 60_000, 24 * 3600_000, 'how long a green-channel reservation holds its seat until the person confirms it from the mailed link; then the seat is free again'),
  reserveHoldsPerIp: whole('RESERVE_HOLDS_PER_IP', 5, 1, 10_000, 'green-channel reservations one IP address may hold unconfirmed at once, then 429'),
  postersAhead: setting((o) => Type.Boolean(o), {
    env: 'POSTERS_AHEAD',
    read: 'switch',
    default: 'true',
    description: 'draw each published event\'s poster, cover and QR in the background as soon as it is published or what they show changes; `false`: only once somebody asks for one (that first request answers 202). A request never draws',
  }),
  registrationHoldMs: isoDuration('REGISTRATION_HOLD', 'PT30M', 60_000, 7 * 24 * 3600_000, 'how long a seat is held, at events with `confirmRegistrations`, until the person opens their mailed link'),
  reminderBeforeMs: setting((o) => Type.Integer(o), { env: 'REMINDER_BEFORE', read: 'short-duration', default: '24h', description: 'reminders go out this long before an event starts (`90m`, `24h`, `2d`)' }),
  feedbackAfterMs: isoDuration('FEEDBACK_AFTER', 'PT1H', 0, 30 * 24 * 3600_000, 'how long after an event ends its checked-in attendees are mailed the feedback survey'),
  greenChannelReminderBeforeMs: setting((o) => Type.Integer(o), { env: 'GREEN_CHANNEL_REMINDER_BEFORE', read: 'short-duration', default: '24h', description: 'a green-channel reservation is reminded by mail this long before its slot (`2h`, `24h`, `2d`); one made less than this ahead is not' }),
  greenChannelDaysAhead: whole('GREEN_CHANNEL_DAYS_AHEAD', 30, 1, 366, 'how many days ahead a green-channel slot may be reserved'),
  digestWeekday: whole('DIGEST_WEEKDAY', 1, 1, 7, 'the weekly digest goes out on this ISO weekday (1 = Monday) …'),
  digestTime: setting((o) => Type.String(o), { env: 'DIGEST_TIME', read: 'clock', default: '09:00', description: '… at this time (HH:MM) in Asia/Shanghai' }),
  metricsToken: Type.Optional(setting((o) => Type.String(o), { env: 'METRICS_TOKEN', read: 'text', minLength: 24, description: 'bearer token a Prometheus scraper sends to `/metrics` (coordinators may always read it) and to a worker\'s `METRICS_PORT`' })),
  metricsPort: Type.Optional(setting((o) => Type.Integer(o), { env: 'METRICS_PORT', read: 'integer', minimum: 0, maximum: 65535, description: 'port on which each `npm run worker` serves its `/metrics` (on `HOST`); unset: workers serve none' })),
  sms: Type.Object({
    provider: setting((o) => Type.Union(SMS_PROVIDERS.map((name) => Type.Literal(name)), o), { env: 'SMS_PROVIDER', read: 'one-of', default: 'none', description: 'texts sign-in codes through `aliyun` (Alibaba Cloud SMS) or `tencent` (Tencent Cloud SMS); `none`: members sign in by mailed link only' }),
    accessKeyId: Type.Optional(setting((o) => Type.String(o), { env: 'SMS_ACCESS_KEY_ID', read: 'text', description: 'the provider\'s AccessKey ID (Alibaba) or SecretId (Tencent)' })),
    accessKeySecret: Type.Optional(setting((o) => Type.String(o), { env: 'SMS_ACCESS_KEY_SECRET', read: 'text', description: 'the matching AccessKey secret (Alibaba) or SecretKey (Tencent); signs each request' })),
    signName: Type.Optional(setting((o) => Type.String(o), { env: 'SMS_SIGN_NAME', read: 'text', description: 'the approved SMS signature (签名), e.g. 五角场创联' })),
    template: Type.Optional(setting((o) => Type.String(o), { env: 'SMS_TEMPLATE', read: 'text', description: 'the approved template: its code (Alibaba, `SMS_…`, parameters `code` and `minutes`) or id (Tencent, parameters {1} code, {2} minutes)' })),
    sdkAppId: Type.Optional(setting((o) => Type.String(o), { env: 'SMS_SDK_APP_ID', read: 'text', description: 'Tencent only: the SMS application\'s SdkAppId' })),
    baseUrl: Type.Optional(setting((o) => Type.String(o), { env: 'SMS_BASE_URL', read: 'base-url', protocols: ['https:', 'http:'], defaultText: '`https://dysmsapi.aliyuncs.com` or `https://sms.tencentcloudapi.com`', description: 'the provider\'s API address (a stand-in in tests)' })),
  }),
  privacy: Type.Object({
    controllerName: setting((o) => Type.String(o), { env: 'DATA_CONTROLLER_NAME', read: 'text', default: '创联 chuanglian', minLength: 1, maxLength: 200, description: 'who holds the personal data the forms collect (the personal-information handler under PIPL), named in every notice and on `/privacy`' }),
    controllerContact: Type.Optional(setting((o) => Type.String(o), { env: 'DATA_CONTROLLER_CONTACT', read: 'email', defaultText: 'the address of `MAIL_FROM`', description: 'where people write about their personal data; shown in the notice' })),
    retentionAfterEvent: setting((o) => Type.String(o), { env: 'RETENTION_AFTER_EVENT', read: 'iso-period', default: 'P12M', description: 'how long after an event (or a green-channel slot) the personal data of its registrations, invitations, feedback and reservations is kept (ISO 8601, calendar months and years count as such); mail older than this is erased too' }),
    retentionSubscriber: setting((o) => Type.String(o), { env: 'RETENTION_SUBSCRIBER', read: 'iso-period', default: 'P30D', description: 'how long an unsubscribed, or never confirmed, subscriber\'s address is kept' }),
  }),
  platformUrls: Type.Object({
    wecom: platform('WECOM_BASE_URL', 'https://qyapi.weixin.qq.com', 'WeCom group robots'),
    dingtalk: platform('DINGTALK_BASE_URL', 'https://oapi.dingtalk.com', 'DingTalk group robots'),
    feishu: platform('FEISHU_BASE_URL', 'https://open.feishu.cn', 'Feishu group robots'),
    wechat: platform('WECHAT_BASE_URL', 'https://api.weixin.qq.com', 'WeChat official accounts'),
  }),
});

/** Everything the service and the worker read from the environment, validated once at start. */
export type Config = Static<typeof ConfigSchema> & {
  /** The folder of DATABASE_PATH: the generated secret and written mail live here. */
  dataDir: string;
};

/** Each setting with its variable, in the schema's order (nested objects flattened). */
export function settingsOf(schema: TSchema = ConfigSchema, path: string[] = []): { path: string[]; schema: TSchema & SettingOptions; optional: boolean }[] {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const required = new Set((schema as { required?: string[] }).required ?? []);
  return Object.entries(properties).flatMap(([key, property]) =>
    'env' in property ? [{ path: [...path, key], schema: property as TSchema & SettingOptions, optional: !required.has(key) }] : settingsOf(property, [...path, key]),
  );
}
