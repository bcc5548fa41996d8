import path from 'node:path';
import { Duration } from 'luxon';

/** Everything the service and the worker read from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  /** Folder for the database, generated secret and written mail; the folder of DATABASE_PATH. */
  dataDir: string;
  databasePath: string;
  /** Unset: jobs run inline in the API process. */
  redisUrl: string | undefined;
  /** Key prefix for every BullMQ key, so several deployments (or test files) can share one Redis. */
  redisPrefix: string;
  /** Unset: each mail is written as an .eml file under mailDir. */
  smtpUrl: string | undefined;
  mailDir: string;
  mailFrom: string;
  publicUrl: string;
  /** Unset: generated into the data folder on first start (see secret-key.ts). */
  secretKey: string | undefined;
  logLevel: string;
  jobAttempts: number;
  jobBackoffMs: number;
  outboxSweepMs: number;
  /** Jobs one `npm run worker` process runs at once. */
  workerConcurrency: number;
  /** How long a worker's hold on a running job lasts; a job of a worker that died is taken up again after it. */
  workerLockMs: number;
  /** A pending booking request expires after this many days (or at its start, if sooner). */
  bookingPendingDays: number;
  /** Attempts and first backoff delay of each announcement delivery. */
  deliveryAttempts: number;
  deliveryBackoffMs: number;
  /** Hosts (or host:port) that channel URLs may use even though they are private or loopback. */
  channelAllowHosts: string[];
  /** Subscribers: an optional mailto for List-Unsubscribe, bounces before an address is marked bouncing, notice send rate (0 = no limit). */
  unsubscribeMailto: string | undefined;
  bounceLimit: number;
  mailRatePerMinute: number;
  /** Subscribe requests allowed per hour from one IP address and for one email address. */
  subscribeLimitPerIp: number;
  subscribeLimitPerAddress: number;
  /** Registrations allowed per hour from one IP address (a venue's shared Wi-Fi counts once) and for one email address. */
  registerLimitPerIp: number;
  registerLimitPerAddress: number;
  /** How long an `updated` announcement waits for more changes to fold in before it goes out. */
  updateSettleMs: number;
  /** How long a seat is held for a registration that must be confirmed by its mailed link. */
  registrationHoldMs: number;
  /** How long before an event's start its reminder goes out. */
  reminderBeforeMs: number;
  /** When the weekly digest goes out, in Asia/Shanghai: ISO weekday (1 = Monday) and HH:MM. */
  digestWeekday: number;
  digestTime: string;
  /** Base URLs of the platforms' APIs, configurable so tests (or proxies) can stand in for them. */
  platformUrls: { wecom: string; dingtalk: string; feishu: string; wechat: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as ${protocols[0]}//host:port (got "${raw}").`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')} (got "${parsed.protocol}").`);
  }
  return raw;
}

function emailAddress(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && !/^[^@\s]+@[^@\s]+$/.test(raw)) throw new ConfigError(`${name} must be an email address (got "${raw}").`);
  return raw;
}

/** "90m", "24h", "2d". */
function duration(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d+)(m|h|d)$/.exec(raw);
  if (!match) throw new ConfigError(`${name} must be a duration such as 90m, 24h or 2d (got "${raw}").`);
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
}

/** An ISO 8601 duration such as PT30M or P1D, in milliseconds. */
function isoDuration(env: Env, name: string, fallback: string, minMs: number, maxMs: number): number {
  const raw = read(env, name) ?? fallback;
  const ms = Duration.fromISO(raw).toMillis();
  if (!/^P/.test(raw) || !Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    throw new ConfigError(`${name} must be an ISO 8601 duration from ${Duration.fromMillis(minMs).rescale().toISO()} to ${Duration.fromMillis(maxMs).rescale().toISO()}, such as PT30M (got "${raw}").`);
  }
  return ms;
}

function clock(env: Env, name: string, fallback: string): string {
  const raw = read(env, name) ?? fallback;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) throw new ConfigError(`${name} must be a time HH:MM (got "${raw}").`);
  return raw;
}

function baseUrl(env: Env, name: string, fallback: string): string {
  return (url(env, name, ['https:', 'http:']) ?? fallback).replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = read(env, 'HOST') ?? '127.0.0.1';
  const databasePath = path.resolve(cwd, read(env, 'DATABASE_PATH') ?? './data/chuanglian.db');
  const dataDir = path.dirname(databasePath);

  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');

  const mailFrom = read(env, 'MAIL_FROM') ?? 'chuanglian <no-reply@chuanglian.local>';
  if (!/^[^<>]*<[^@\s]+@[^@\s>]+>$|^[^@\s]+@[^@\s]+$/.test(mailFrom)) {
    throw new ConfigError(`MAIL_FROM must be an address like "Name <addr@example.org>" (got "${mailFrom}").`);
  }

  const secretKey = read(env, 'SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY must be at least 32 characters long (leave it unset to have one generated).');
  }

  const logLevel = read(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}").`);
  }

  const redisPrefix = read(env, 'REDIS_PREFIX') ?? 'chuanglian';
  if (!/^[\w.-]{1,64}$/.test(redisPrefix)) {
    throw new ConfigError(`REDIS_PREFIX must be 1 to 64 letters, digits, dots, dashes or underscores (got "${redisPrefix}").`);
  }

  return {
    port,
    host,
    dataDir,
    databasePath,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailDir: path.resolve(cwd, read(env, 'MAIL_DIR') ?? path.join(dataDir, 'mail')),
    mailFrom,
    publicUrl,
    secretKey,
    logLevel,
    jobAttempts: integer(env, 'JOB_ATTEMPTS', 8, 1, 50),
    jobBackoffMs: integer(env, 'JOB_BACKOFF_MS', 5_000, 1, 3_600_000),
    outboxSweepMs: integer(env, 'OUTBOX_SWEEP_MS', 5_000, 50, 3_600_000),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 16, 1, 512),
    workerLockMs: integer(env, 'WORKER_LOCK_MS', 30_000, 1_000, 600_000),
    bookingPendingDays: integer(env, 'BOOKING_PENDING_DAYS', 7, 1, 365),
    deliveryAttempts: integer(env, 'DELIVERY_ATTEMPTS', 10, 1, 50),
    deliveryBackoffMs: integer(env, 'DELIVERY_BACKOFF_MS', 10_000, 1, 3_600_000),
    channelAllowHosts: (read(env, 'CHANNEL_ALLOW_HOSTS') ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    unsubscribeMailto: emailAddress(env, 'UNSUBSCRIBE_MAILTO'),
    bounceLimit: integer(env, 'BOUNCE_LIMIT', 3, 1, 100),
    mailRatePerMinute: integer(env, 'MAIL_RATE_PER_MINUTE', 0, 0, 1_000_000),
    subscribeLimitPerIp: integer(env, 'SUBSCRIBE_LIMIT_PER_IP', 30, 1, 100_000),
    subscribeLimitPerAddress: integer(env, 'SUBSCRIBE_LIMIT_PER_ADDRESS', 5, 1, 1_000),
    registerLimitPerIp: integer(env, 'REGISTER_LIMIT_PER_IP', 300, 1, 1_000_000),
    registerLimitPerAddress: integer(env, 'REGISTER_LIMIT_PER_ADDRESS', 20, 1, 1_000),
    registrationHoldMs: isoDuration(env, 'REGISTRATION_HOLD', 'PT30M', 60_000, 7 * 24 * 3600_000),
    updateSettleMs: isoDuration(env, 'UPDATE_SETTLE', 'PT10M', 0, 24 * 3600_000),
    reminderBeforeMs: duration(env, 'REMINDER_BEFORE', 24 * 3600_000),
    digestWeekday: integer(env, 'DIGEST_WEEKDAY', 1, 1, 7),
    digestTime: clock(env, 'DIGEST_TIME', '09:00'),
    platformUrls: {
      wecom: baseUrl(env, 'WECOM_BASE_URL', 'https://qyapi.weixin.qq.com'),
      dingtalk: baseUrl(env, 'DINGTALK_BASE_URL', 'https://oapi.dingtalk.com'),
      feishu: baseUrl(env, 'FEISHU_BASE_URL', 'https://open.feishu.cn'),
      wechat: baseUrl(env, 'WECHAT_BASE_URL', 'https://api.weixin.qq.com'),
    },
  };
}
