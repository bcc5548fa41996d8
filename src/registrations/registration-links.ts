import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import { nowMs } from '../time/clock.js';

export const REGISTRATION_CANCEL_PURPOSE = 'registration-cancel';

export interface LinkDeps {
  secretKey: string;
  publicUrl: string;
  /** REGISTRATION_HOLD: how long a seat is held for a registration that must be confirmed. */
  holdMs?: number;
}

/** REGISTRATION_HOLD's default, for callers that hold no seats (guests accepting an invitation). */
export const DEFAULT_HOLD_MS = 30 * 60_000;

/** A personal cancel link, valid until a day after the event ends. */
export function cancelLink(deps: LinkDeps, registrationId: number, eventEndsAt: Date): string {
  const ttlSeconds = Math.max(3600, Math.ceil((eventEndsAt.getTime() - nowMs()) / 1000) + 24 * 3600);
  return `${deps.publicUrl}/registrations/${signLink(deps.secretKey, REGISTRATION_CANCEL_PURPOSE, { r: registrationId }, ttlSeconds)}/cancel`;
}

export function readCancelLink(secretKey: string, token: string): number {
  return verifyLink<SignedPayload & { r: number }>(secretKey, REGISTRATION_CANCEL_PURPOSE, token).r;
}

export const REGISTRATION_CONFIRM_PURPOSE = 'registration-confirm';

/** The link that turns a held seat into a confirmed one; valid as long as the hold (a lapsed hold is refused by its status). */
export function confirmLink(deps: LinkDeps, registrationId: number, holdExpiresAt: Date): string {
  const ttlSeconds = Math.max(60, Math.ceil((holdExpiresAt.getTime() - nowMs()) / 1000) + 3600);
  return `${deps.publicUrl}/registrations/${signLink(deps.secretKey, REGISTRATION_CONFIRM_PURPOSE, { r: registrationId }, ttlSeconds)}/confirm`;
}

export function readConfirmLink(secretKey: string, token: string): number {
  return verifyLink<SignedPayload & { r: number }>(secretKey, REGISTRATION_CONFIRM_PURPOSE, token).r;
}
