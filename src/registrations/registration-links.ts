import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import { nowMs } from '../time/clock.js';

export const REGISTRATION_CANCEL_PURPOSE = 'registration-cancel';

export interface LinkDeps {
  secretKey: string;
  publicUrl: string;
}

/** A personal cancel link, valid until a day after the event ends. */
export function cancelLink(deps: LinkDeps, registrationId: number, eventEndsAt: Date): string {
  const ttlSeconds = Math.max(3600, Math.ceil((eventEndsAt.getTime() - nowMs()) / 1000) + 24 * 3600);
  return `${deps.publicUrl}/v1/registrations/${signLink(deps.secretKey, REGISTRATION_CANCEL_PURPOSE, { r: registrationId }, ttlSeconds)}/cancel`;
}

export function readCancelLink(secretKey: string, token: string): number {
  return verifyLink<SignedPayload & { r: number }>(secretKey, REGISTRATION_CANCEL_PURPOSE, token).r;
}
