import { createHmac } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { ErasureCounts } from '../db/schema.js';
import { eraseSubject, type PrivacyDeps } from './erasure.js';
import { personalRecords, type DataSubject, type PersonalRecords } from './personal-records.js';

/**
 * How an audit entry names the person without holding their address: a keyed hash. Given the
 * address again (the person asks "did you erase me?"), the office can find the entry; the trail
 * alone says nothing about whom.
 */
export function subjectFingerprint(secretKey: string, subject: DataSubject): string {
  const key = 'email' in subject ? `email:${subject.email}` : `mobile:${subject.mobile}`;
  return createHmac('sha256', secretKey).update(`privacy-subject\n${key}`).digest('hex').slice(0, 32);
}

/**
 * Everything held about a person who asked in person, written out; audited, without the address.
 * Who may ask is the caller's route's to say (coordinators: API and /office/privacy; the
 * operator: the CLI).
 */
export function exportAudited(deps: PrivacyDeps, subject: DataSubject, actor: Actor): PersonalRecords {
  return deps.db.transaction((tx) => {
    const records = personalRecords(tx, subject);
    recordAudit(tx, { entityType: 'personal_data', entityId: 0, action: 'export', actor, after: { subject: subjectFingerprint(deps.secretKey, subject) } });
    return records;
  });
}

/** Everything held about a person who asked in person, erased; audited, without the address. */
export function eraseAudited(deps: PrivacyDeps, subject: DataSubject, actor: Actor): ErasureCounts {
  return eraseSubject(deps, subject, 'in_person', actor.memberId, (tx, counts) =>
    recordAudit(tx, { entityType: 'personal_data', entityId: 0, action: 'erase', actor, after: { subject: subjectFingerprint(deps.secretKey, subject), counts } }),
  );
}
