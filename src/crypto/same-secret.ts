import crypto from 'node:crypto';

/** Compares a presented secret with the configured one in constant time; an unset secret matches nothing. */
export function sameSecret(configured: string | undefined, presented: string | undefined): boolean {
  if (!configured || !presented) return false;
  const a = crypto.createHash('sha256').update(configured).digest();
  const b = crypto.createHash('sha256').update(presented).digest();
  return crypto.timingSafeEqual(a, b);
}
