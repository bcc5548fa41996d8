import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import type { LinkDeps } from '../registrations/registration-links.js';

export const FEEDBACK_PURPOSE = 'feedback';
/** How long an attendee may answer, and change their answer, after the survey is mailed. */
export const FEEDBACK_DAYS = 14;

/** The survey's personal address: a signed link naming the registration, valid FEEDBACK_DAYS. */
export function feedbackLink(deps: LinkDeps, registrationId: number): string {
  return `${deps.publicUrl}/feedback/${signLink(deps.secretKey, FEEDBACK_PURPOSE, { r: registrationId }, FEEDBACK_DAYS * 24 * 3600)}`;
}

/** The registration a survey link names (400 when altered, 410 once expired). */
export function readFeedbackLink(secretKey: string, token: string): number {
  return verifyLink<SignedPayload & { r: number }>(secretKey, FEEDBACK_PURPOSE, token).r;
}
