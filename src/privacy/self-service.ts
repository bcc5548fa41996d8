import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import { issueCode, useCode, type CodeHolder } from '../auth/sms-codes.js';
import { open, seal } from '../crypto/secret-box.js';
import type { Language } from '../db/schema.js';
import { InvalidLinkError } from '../errors/http-errors.js';
import { t } from '../i18n/translate.js';
import { queueEmail } from '../mail/email-outbox.js';
import { composeMail } from '../mail/templates/common.js';
import { eraseSubject, type PrivacyDeps } from './erasure.js';
import { holdsAnything, personalRecords, type DataSubject } from './personal-records.js';
import { subjectFingerprint } from './privacy-requests.js';

const PURPOSE = 'privacy-access';
/** How long the mailed link (or the page a texted code opens) shows the person's data. */
export const ACCESS_LINK_HOURS = 1;

/** The path of the person's own page; the address or number travels sealed, so no URL or log line shows it. */
export function accessPath(deps: Pick<PrivacyDeps, 'secretKey'>, subject: DataSubject): string {
  const sealed = 'email' in subject ? { s: seal(deps.secretKey, subject.email) } : { m: seal(deps.secretKey, subject.mobile) };
  return `/privacy/me?${new URLSearchParams({ token: signLink(deps.secretKey, PURPOSE, sealed, ACCESS_LINK_HOURS * 3600) }).toString()}`;
}

/**
 * A person asks, on /privacy, what is held about their address: if anything is, a link to see,
 * download and erase it is mailed to that address (only its owner can open it). The caller's
 * answer is the same either way, so nobody learns whether an address is known here.
 */
export function requestAccess(deps: PrivacyDeps, subject: { email: string }, language: Language): void {
  if (!holdsAnything(deps.db, subject)) return;
  const url = `${deps.publicUrl}${accessPath(deps, subject)}`;
  const say = (key: Parameters<typeof t>[1], values = {}) => t(language, key, values);
  queueEmail(deps.db, 'privacy-access', composeMail(subject.email, language, say('mailPrivacySubject'), [say('mailPrivacyBody', { n: ACCESS_LINK_HOURS }), '', url, '', say('mailPrivacyNotYou')]));
}

/** Whom a texted privacy code is for: a keyed fingerprint of the number, never the number. */
const codeHolder = (deps: Pick<PrivacyDeps, 'secretKey'>, mobile: string): CodeHolder => `privacy:${subjectFingerprint(deps.secretKey, { mobile })}`;

/**
 * The same asked by mobile number: SMS templates are approved in advance, and a verification-code
 * template may not hold a link (Alibaba Cloud's template rules, "验证码模板不支持链接":
 * https://help.aliyun.com/document_detail/463237.html; PLATFORMS.md: "codes go in template
 * parameters"), so the number is texted a code with the sign-in template, typed on the next page.
 * Returns the code to text, or null when nothing is held (then nothing is texted and the page
 * says the same).
 */
export function codeForMobile(deps: PrivacyDeps, mobile: string): string | null {
  return holdsAnything(deps.db, { mobile }) ? issueCode(deps, codeHolder(deps, mobile)) : null;
}

/** A typed code opens the number's own page (400 for a wrong or lapsed code, tries counted). */
export function accessByCode(deps: PrivacyDeps, mobile: string, typed: string): string {
  useCode(deps, codeHolder(deps, mobile), typed);
  return accessPath(deps, { mobile });
}

/** Whose data a link opens (400/410 for a tampered or expired link). */
export function subjectOfLink(deps: Pick<PrivacyDeps, 'secretKey'>, token: string): DataSubject {
  const payload = verifyLink<SignedPayload & { s?: string; m?: string }>(deps.secretKey, PURPOSE, token);
  if (typeof payload.s === 'string') return { email: open(deps.secretKey, payload.s) };
  if (typeof payload.m === 'string') return { mobile: open(deps.secretKey, payload.m) };
  throw new InvalidLinkError('The link is malformed; open it exactly as it came in the mail.').say('errLinkMalformed');
}

/** Everything held about the link's person. */
export function ownRecords(deps: PrivacyDeps, token: string) {
  return personalRecords(deps.db, subjectOfLink(deps, token));
}

/** The person erases everything held about them, through their link. */
export function eraseOwn(deps: PrivacyDeps, token: string) {
  return eraseSubject(deps, subjectOfLink(deps, token), 'request');
}
