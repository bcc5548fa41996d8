import crypto from 'node:crypto';

const TOKEN_PREFIX = 'cl_';

/** A new API token: 32 random bytes, shown to its owner once. */
export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

/** Tokens carry 256 bits of entropy, so a fast unsalted hash is enough to store them safely. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
