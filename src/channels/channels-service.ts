import crypto from 'node:crypto';
import type { DbDeps } from '../services/service-deps.js';
import { IANAZone } from 'luxon';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { channels, ChannelKind, ChannelSettings } from '../db/schema.js';
import { allChannels, findChannelRecord, insertChannel, updateChannelRecord } from './channels-dal.js';
import { BadRequestError, NotFoundError } from '../errors/http-errors.js';
import { utc } from '../time/instants.js';
import { openSecrets, sealSecrets, secretNames, SECRET_FIELDS, type ChannelSecretValues } from './channel-secrets.js';
import type { ChannelConfigInput, CreateChannelInput, UpdateChannelInput } from './channels-schemas.js';
import { robotKey } from './robot-address.js';
import { assertSafeUrl } from './adapters/url-safety.js';
import { skipWaitingDeliveries } from './channel-switch-off.js';
import type { QueueDriver } from '../queue/queue-driver.js';
import { nowDate } from '../time/clock.js';

type ChannelRow = typeof channels.$inferSelect;

/** Sensible send rates per kind; group robots accept about 20 messages a minute. */
export const DEFAULT_RATE_PER_MINUTE: Record<ChannelKind, number> = {
  email: 60,
  webhook: 600,
  wecom_robot: 20,
  dingtalk_robot: 20,
  feishu_robot: 20,
  wechat_official_account: 5,
};

/** What each kind needs, and may have, in its config. */
export const KIND_FIELDS: Record<ChannelKind, { required: (keyof ChannelConfigInput)[]; optional: (keyof ChannelConfigInput)[] }> = {
  email: { required: ['address'], optional: [] },
  webhook: { required: ['url'], optional: ['secret'] },
  wecom_robot: { required: ['key'], optional: [] },
  dingtalk_robot: { required: ['key'], optional: ['secret'] },
  feishu_robot: { required: ['key'], optional: ['secret'] },
  wechat_official_account: { required: ['appId', 'appSecret'], optional: ['thumbMediaId', 'mode', 'sendAt', 'timezone'] },
};

export interface ChannelDeps {
  db: Db;
  secretKey: string;
  config: Pick<Config, 'channelAllowHosts'>;
  /** Takes the jobs of deliveries skipped by switching a channel off out of the queue. */
  jobs?: Pick<QueueDriver, 'remove'>;
}

export function toChannelView(secretKey: string, row: ChannelRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    topics: row.topics,
    ratePerMinute: row.ratePerMinute,
    active: row.active,
    disabledReason: row.disabledReason,
    config: row.settings,
    secretsSet: secretNames(secretKey, row.sealedSecrets),
    createdAt: utc(row.createdAt),
    updatedAt: utc(row.updatedAt),
  };
}

function split(config: ChannelConfigInput): { settings: ChannelSettings; secrets: ChannelSecretValues } {
  const { secret, key, appSecret, ...settings } = config;
  return { settings, secrets: { secret, key, appSecret } };
}

/** Refuses a config the kind cannot use or lacks, a malformed secret or a URL to a private address. */
export async function checkConfig(deps: Pick<ChannelDeps, 'config'>, kind: ChannelKind, config: ChannelConfigInput): Promise<void> {
  const rule = KIND_FIELDS[kind];
  for (const field of Object.keys(config) as (keyof ChannelConfigInput)[]) {
    if (!rule.required.includes(field) && !rule.optional.includes(field)) throw new BadRequestError(`config.${field} is not used by ${kind} channels.`, `config.${field}`).say('errChannelFieldUnused', { field: `chField_${field}`, kindName: `channelKind_${kind}` });
  }
  for (const field of rule.required) {
    if (!config[field]) throw new BadRequestError(`${kind} channels need config.${field}.`, `config.${field}`).say('errChannelFieldNeeded', { field: `chField_${field}`, kindName: `channelKind_${kind}` });
  }
  if (kind === 'wechat_official_account') checkOfficialAccount(config);
  if (kind === 'webhook' && config.secret && !/^whsec_[A-Za-z0-9+/=]{16,}$/.test(config.secret)) {
    throw new BadRequestError('A webhook secret is "whsec_" followed by base64 (leave it out to have one generated).', 'config.secret').say('errWebhookSecret');
  }
  if (config.url) {
    await assertSafeUrl(config.url, deps.config.channelAllowHosts).catch((error: Error) => {
      throw new BadRequestError(error.message, 'config.url').say('errChannelUrl', { reason: error.message });
    });
  }
}

/** A broadcast's send time and zone; publishing needs a cover of the account's own (a permanent image material). */
function checkOfficialAccount(config: ChannelConfigInput): void {
  if (config.sendAt !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(config.sendAt)) throw new BadRequestError('The send time is HH:MM, e.g. 18:00.', 'config.sendAt').say('errSendAt');
  if (config.timezone !== undefined && !IANAZone.isValidZone(config.timezone)) {
    throw new BadRequestError(`${config.timezone} is not a time zone.`, 'config.timezone').say('errChannelZone', { zone: config.timezone });
  }
  if (config.mode === 'publish' && !config.thumbMediaId) {
    throw new BadRequestError('wechat_official_account channels in publish mode need config.thumbMediaId.', 'config.thumbMediaId').say('errChannelFieldNeeded', { field: 'chField_thumbMediaId', kindName: 'channelKind_wechat_official_account' });
  }
}

function normalizeTopics(topics: string[] | undefined): string[] {
  return [...new Set((topics ?? []).map((topic) => topic.trim().toLowerCase()))];
}

/** Registers a partner channel. Secrets are sealed with SECRET_KEY; a webhook secret is generated when not given. */
export async function createChannel(deps: ChannelDeps, input: CreateChannelInput) {
  const config = { ...input.config, ...(input.config.key ? { key: robotKey(input.kind, input.config.key) } : {}) };
  let generatedSecret: string | undefined;
  if (input.kind === 'webhook' && !config.secret) {
    generatedSecret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
    config.secret = generatedSecret;
  }
  await checkConfig(deps, input.kind, config);
  const { settings, secrets } = split(config);
  const row = insertChannel(deps.db, {
    kind: input.kind,
    name: input.name.trim(),
    topics: normalizeTopics(input.topics),
    ratePerMinute: input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE[input.kind],
    active: input.active ?? true,
    settings,
    sealedSecrets: sealSecrets(deps.secretKey, secrets),
    updatedAt: nowDate(),
  });
  return { ...toChannelView(deps.secretKey, row), ...(generatedSecret ? { generatedSecret } : {}) };
}

export function findChannel({ db }: DbDeps, id: number): ChannelRow {
  const row = findChannelRecord(db, id);
  if (!row) throw new NotFoundError('Channel', id);
  return row;
}

/** Changes a channel; config fields given replace the stored ones (secrets too), others stay. */
export async function updateChannel(deps: ChannelDeps, id: number, input: UpdateChannelInput) {
  const before = findChannel(deps, id);
  let settings = before.settings;
  let sealedSecrets = before.sealedSecrets;
  if (input.config) {
    const stored = openSecrets(deps.secretKey, before.sealedSecrets);
    const merged: ChannelConfigInput = { ...before.settings, ...stored, ...input.config };
    if (input.config.key) merged.key = robotKey(before.kind, input.config.key);
    for (const field of SECRET_FIELDS) if (!merged[field]) delete merged[field];
    await checkConfig(deps, before.kind, merged);
    const parts = split(merged);
    settings = parts.settings;
    sealedSecrets = sealSecrets(deps.secretKey, parts.secrets);
  }
  const switchedOff = before.active && input.active === false;
  const { row, skippedJobs } = deps.db.transaction((tx) => {
    const updated = updateChannelRecord(tx, id, {
      name: input.name?.trim() ?? before.name,
      topics: input.topics ? normalizeTopics(input.topics) : before.topics,
      ratePerMinute: input.ratePerMinute ?? before.ratePerMinute,
      active: input.active ?? before.active,
      // Switching a channel back on clears why it was switched off.
      disabledReason: input.active ? null : before.disabledReason,
      settings,
      sealedSecrets,
      updatedAt: nowDate(),
    });
    return { row: updated, skippedJobs: switchedOff ? skipWaitingDeliveries(tx, id, 'channel switched off') : [] };
  });
  if (skippedJobs.length > 0) await deps.jobs?.remove('send', skippedJobs).catch(() => undefined);
  return toChannelView(deps.secretKey, row);
}

export function listChannels({ db, secretKey }: DbDeps & { secretKey: string }) {
  return { items: allChannels(db).map((row) => toChannelView(secretKey, row)) };
}

/** A channel as stored, or undefined when there is none (a delivery's channel may have been removed). */
export function channelIfAny({ db }: DbDeps, id: number): ChannelRow | undefined {
  return findChannelRecord(db, id);
}
