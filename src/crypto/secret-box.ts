import crypto from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of channel secrets with a key derived from
 * SECRET_KEY. Sealed values are stored in the database and travel in job payloads; only a
 * process holding SECRET_KEY (the API and the workers) can open them.
 */
function keyFrom(secretKey: string): Buffer {
  return crypto.createHash('sha256').update(`chuanglian:secret-box:${secretKey}`).digest();
}

export function seal(secretKey: string, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFrom(secretKey), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

export function open(secretKey: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new Error('Sealed secret is malformed.');
  const decipher = crypto.createDecipheriv('aes-256-gcm', keyFrom(secretKey), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
