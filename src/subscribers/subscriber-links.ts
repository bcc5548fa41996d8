import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';

const CONFIRM = 'subscriber-confirm';
const MANAGE = 'subscriber-manage';
const CONFIRM_TTL_SECONDS = 7 * 24 * 3600;
/** Unsubscribe links in old mail must keep working. */
const MANAGE_TTL_SECONDS = 2 * 366 * 24 * 3600;

export interface LinkDeps {
  secretKey: string;
  publicUrl: string;
}

/** The double opt-in link; only the one from the latest subscribe request works (`v`). */
export function confirmUrl(deps: LinkDeps, subscriberId: number, version: number): string {
  return `${deps.publicUrl}/subscribers/confirm?token=${signLink(deps.secretKey, CONFIRM, { s: subscriberId, v: version }, CONFIRM_TTL_SECONDS)}`;
}

export function readConfirmToken(secretKey: string, token: string): { subscriberId: number; version: number } {
  const payload = verifyLink<SignedPayload & { s: number; v: number }>(secretKey, CONFIRM, token);
  return { subscriberId: payload.s, version: payload.v };
}

/** The token in every notice for preferences and unsubscribing. */
export function manageToken(secretKey: string, subscriberId: number): string {
  return signLink(secretKey, MANAGE, { s: subscriberId }, MANAGE_TTL_SECONDS);
}

export function readManageToken(secretKey: string, token: string): number {
  return verifyLink<SignedPayload & { s: number }>(secretKey, MANAGE, token).s;
}

export function manageUrls(deps: LinkDeps, subscriberId: number) {
  const token = manageToken(deps.secretKey, subscriberId);
  return {
    preferences: `${deps.publicUrl}/subscription?token=${token}`,
    // The page a person opens from the mail's footer …
    unsubscribe: `${deps.publicUrl}/subscribers/unsubscribe?token=${token}`,
    // … and the RFC 8058 one-click address mail programs post to (List-Unsubscribe).
    oneClick: `${deps.publicUrl}/v1/subscribers/unsubscribe?token=${token}`,
  };
}
