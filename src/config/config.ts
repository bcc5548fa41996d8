import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { Duration } from 'luxon';
import { Value } from 'typebox/value';
import { ConfigSchema, settingsOf, type Config } from './config-schema.js';

export type { Config } from './config-schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;
type Setting = ReturnType<typeof settingsOf>[number]['schema'];

const fail = (setting: Setting, must: string, raw: string): never => {
  throw new ConfigError(`${setting.env} must be ${must} (got "${raw}").`);
};

function parseUrl(setting: Setting, raw: string): string {
  const protocols = setting.protocols as string[];
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail(setting, `a URL such as ${protocols[0]}//host:port`, raw);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${setting.env} must start with ${protocols.join(' or ')} (got "${parsed.protocol}").`);
  return raw;
}

/** Names Fastify's trustProxy (proxy-addr) knows for address ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Fastify's `trustProxy` takes it: a hop count, or the proxies' addresses, CIDRs
 * and range names. `true` (trust whoever connects) is refused: any client could then name itself.
 */
function trustedProxies(setting: Setting, raw: string): number | string[] {
  if (/^\d+$/.test(raw)) return Number(raw) >= 1 ? Number(raw) : fail(setting, 'a hop count of 1 or more, or addresses', raw);
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const wrong = entries.find((entry) => !PROXY_RANGES.includes(entry) && !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry));
  if (wrong !== undefined || entries.length === 0) fail(setting, `loopback, a hop count, or IP addresses and CIDRs separated by commas (not "${wrong ?? raw}")`, raw);
  return entries;
}

/** Reads one variable's text by its setting's reader and the constraints the schema gives it. */
function read(setting: Setting, raw: string): unknown {
  switch (setting.read) {
    case 'integer': {
      const { minimum, maximum } = setting as unknown as { minimum: number; maximum: number };
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || value < minimum || value > maximum) fail(setting, `a whole number from ${minimum} to ${maximum}`, raw);
      return value;
    }
    case 'text': {
      const { pattern, patternMessage, minLength, minLengthHint } = setting as unknown as { pattern?: string; patternMessage?: string; minLength?: number; minLengthHint?: string };
      if (pattern && !new RegExp(pattern).test(raw)) fail(setting, patternMessage ?? `text matching ${pattern}`, raw);
      if (minLength && raw.length < minLength) throw new ConfigError(`${setting.env} must be at least ${minLength} characters long${minLengthHint ? ` (${minLengthHint})` : ''}.`);
      return raw;
    }
    case 'one-of': {
      const allowed = (setting as unknown as { anyOf: { const: string }[] }).anyOf.map((option) => option.const);
      if (!allowed.includes(raw)) fail(setting, `one of ${allowed.join(', ')}`, raw);
      return raw;
    }
    case 'url':
      return parseUrl(setting, raw);
    case 'base-url':
      return parseUrl(setting, raw).replace(/\/+$/, '');
    case 'email':
      if (!/^[^@\s]+@[^@\s]+$/.test(raw)) fail(setting, 'an email address', raw);
      return raw;
    case 'mail-from':
      if (!/^[^<>]*<[^@\s]+@[^@\s>]+>$|^[^@\s]+@[^@\s]+$/.test(raw)) fail(setting, 'an address like "Name <addr@example.org>"', raw);
      return raw;
    case 'iso-duration': {
      const { minimumMs, maximumMs } = setting as unknown as { minimumMs: number; maximumMs: number };
      const ms = Duration.fromISO(raw).toMillis();
      if (!/^P/.test(raw) || !Number.isFinite(ms) || ms < minimumMs || ms > maximumMs) {
        fail(setting, `an ISO 8601 duration from ${Duration.fromMillis(minimumMs).rescale().toISO()} to ${Duration.fromMillis(maximumMs).rescale().toISO()}, such as PT30M`, raw);
      }
      return ms;
    }
    case 'iso-period': {
      // Kept as written: a period of calendar months is counted on the calendar, not as 30-day blocks.
      const period = Duration.fromISO(raw);
      const days = period.isValid ? period.as('days') : NaN;
      if (!/^P/.test(raw) || !(days >= 1 && days <= 3660)) fail(setting, 'an ISO 8601 period from P1D to P10Y, such as P12M or P30D', raw);
      return raw;
    }
    case 'short-duration': {
      const match = /^(\d+)(m|h|d)$/.exec(raw);
      if (!match) return fail(setting, 'a duration such as 90m, 24h or 2d', raw);
      return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
    }
    case 'clock':
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) fail(setting, 'a time HH:MM', raw);
      return raw;
    case 'host-list':
      return raw.split(',').map((host) => host.trim()).filter(Boolean);
    case 'trust-proxy':
      return trustedProxies(setting, raw);
    case 'switch':
      if (/^(true|yes|1|on)$/i.test(raw)) return true;
      if (/^(false|no|0|off)$/i.test(raw)) return false;
      return fail(setting, 'true or false', raw);
  }
}

/** Reads and checks every setting of ConfigSchema from the environment; a wrong value is one sentence naming its variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const values: Record<string, unknown> = {};
  for (const { path: at, schema: setting } of settingsOf()) {
    const given = env[setting.env]?.trim();
    const raw = given === '' || given === undefined ? (setting.default === undefined ? undefined : String(setting.default)) : given;
    let target = values;
    for (const key of at.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[at.at(-1)!] = raw === undefined ? undefined : read(setting, raw);
  }

  // Settings whose default comes from others.
  const databasePath = path.resolve(cwd, values.databasePath as string);
  const dataDir = path.dirname(databasePath);
  values.databasePath = databasePath;
  values.mailDir = path.resolve(cwd, (values.mailDir as string | undefined) ?? path.join(dataDir, 'mail'));
  values.publicUrl ??= `http://localhost:${values.port as number}`;
  values.channelAllowHosts ??= [];
  if (values.backupDir) values.backupDir = path.resolve(cwd, values.backupDir as string);

  // An SMS provider needs its credentials and approved signature and template (Tencent also its app).
  const sms = values.sms as Record<string, string | undefined>;
  if (sms.provider !== 'none') {
    const needed: Array<[string, string]> = [['accessKeyId', 'SMS_ACCESS_KEY_ID'], ['accessKeySecret', 'SMS_ACCESS_KEY_SECRET'], ['signName', 'SMS_SIGN_NAME'], ['template', 'SMS_TEMPLATE'], ...(sms.provider === 'tencent' ? [['sdkAppId', 'SMS_SDK_APP_ID'] as [string, string]] : [])];
    const missing = needed.filter(([key]) => !sms[key]).map(([, env]) => env);
    if (missing.length) throw new ConfigError(`SMS_PROVIDER=${sms.provider} needs ${missing.join(', ')}.`);
  }

  // The readers above said what is wrong in words; this holds the result to the type.
  if (!Value.Check(ConfigSchema, values)) {
    const [first] = Value.Errors(ConfigSchema, values);
    throw new ConfigError(`Configuration does not fit its schema at ${first?.instancePath ?? '?'}: ${first?.message ?? 'unknown'}.`);
  }
  return { ...values, dataDir };
}
