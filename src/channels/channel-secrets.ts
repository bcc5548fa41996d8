import { open, seal } from '../crypto/secret-box.js';

export interface ChannelSecretValues {
  secret?: string;
  key?: string;
  appSecret?: string;
}

export const SECRET_FIELDS = ['secret', 'key', 'appSecret'] as const;

export function sealSecrets(secretKey: string, secrets: ChannelSecretValues): string | null {
  const present = Object.fromEntries(SECRET_FIELDS.filter((f) => secrets[f]).map((f) => [f, secrets[f]]));
  return Object.keys(present).length > 0 ? seal(secretKey, JSON.stringify(present)) : null;
}

export function openSecrets(secretKey: string, sealed: string | null): ChannelSecretValues {
  return sealed ? (JSON.parse(open(secretKey, sealed)) as ChannelSecretValues) : {};
}

/** Which secrets are set, by name only: what the API shows instead of the values. */
export function secretNames(secretKey: string, sealed: string | null): string[] {
  return Object.keys(openSecrets(secretKey, sealed));
}
