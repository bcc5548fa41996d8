import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import { open, seal } from '../crypto/secret-box.js';
import type { Language } from '../db/schema.js';
import { InvalidLinkError } from '../errors/http-errors.js';
import { t } from '../i18n/translate.js';
import { queueEmail } from '../mail/email-outbox.js';
import { composeMail } from '../mail/templates/common.js';
import { eraseSubject, type PrivacyDeps } from './erasure.js';
import { holdsNothing, personalRecords, type DataSubject } from './personal-records.js';

const PURPOSE = 'privacy-access';
/** How long the mailed link opens the person's page. */
export const ACCESS_LINK_HOURS = 1;

/**
 * A person asks, on /privacy, what is held about their address: if anything is, a link to see,
 * download and erase it is mailed to that address (only its owner can open it). The caller's
 * answer is the same either way, so nobody learns whether an address is known here.
 */
export function requestAccess(deps: PrivacyDeps, subject: { email: string }, language: Language): void {
  if (holdsNothing(personalRecords(deps.db, subject))) return;
  // The address travels sealed: the link (and any log of its URL) never shows it.
  const token = signLink(deps.secretKey, PURPOSE, { s: seal(deps.secretKey, subject.email) }, ACCESS_LINK_HOURS * 3600);
  const url = `${deps.publicUrl}/privacy/me?${new URLSearchParams({ token }).toString()}`;
  const say = (key: Parameters<typeof t>[1], values = {}) => t(language, key, values);
  queueEmail(deps.db, 'privacy-access', composeMail(subject.email, language, say('mailPrivacySubject'), [say('mailPrivacyBody', { n: ACCESS_LINK_HOURS }), '', url, '', say('mailPrivacyNotYou')]));
}

/** Whose data a mailed link opens (400/410 for a tampered or expired link). */
export function subjectOfLink(deps: Pick<PrivacyDeps, 'secretKey'>, token: string): DataSubject {
  const payload = verifyLink<SignedPayload & { s?: string }>(deps.secretKey, PURPOSE, token);
  if (typeof payload.s !== 'string') throw new InvalidLinkError('The link is malformed; open it exactly as it came in the mail.').say('errLinkMalformed');
  return { email: open(deps.secretKey, payload.s) };
}

/** Everything held about the link's person. */
export function ownRecords(deps: PrivacyDeps, token: string) {
  return personalRecords(deps.db, subjectOfLink(deps, token));
}

/** The person erases everything held about them, through their link. */
export function eraseOwn(deps: PrivacyDeps, token: string) {
  return eraseSubject(deps, subjectOfLink(deps, token), 'request');
}
