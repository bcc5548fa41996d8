import { createHmac } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { ErasureCounts } from '../db/schema.js';
import { ForbiddenError } from '../errors/http-errors.js';
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

function assertCoordinator(principal: Principal): void {
  if (principal.role !== 'coordinator') throw new ForbiddenError('Only coordinators answer personal-data requests made in person.').say('errPrivacyCoordinator');
}

/** A coordinator writes out everything held about a person who asked in person; audited, without the address. */
export function exportForRequest(deps: PrivacyDeps, principal: Principal, subject: DataSubject, actor: Actor): PersonalRecords {
  assertCoordinator(principal);
  return exportAudited(deps, subject, actor);
}

/** A coordinator erases everything held about a person who asked in person; audited, without the address. */
export function eraseForRequest(deps: PrivacyDeps, principal: Principal, subject: DataSubject, actor: Actor): ErasureCounts {
  assertCoordinator(principal);
  return eraseAudited(deps, subject, actor);
}

/** The export, audited (the API's coordinators and the operator's CLI). */
export function exportAudited(deps: PrivacyDeps, subject: DataSubject, actor: Actor): PersonalRecords {
  return deps.db.transaction((tx) => {
    const records = personalRecords(tx, subject);
    recordAudit(tx, { entityType: 'personal_data', entityId: 0, action: 'export', actor, after: { subject: subjectFingerprint(deps.secretKey, subject) } });
    return records;
  });
}

/** The erasure, audited (the API's coordinators and the operator's CLI). */
export function eraseAudited(deps: PrivacyDeps, subject: DataSubject, actor: Actor): ErasureCounts {
  return eraseSubject(deps, subject, 'in_person', actor.memberId, (tx, counts) =>
    recordAudit(tx, { entityType: 'personal_data', entityId: 0, action: 'erase', actor, after: { subject: subjectFingerprint(deps.secretKey, subject), counts } }),
  );
}
