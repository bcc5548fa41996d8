import type { DbOrTx } from '../db/database.js';
import { auditEntriesOf, insertAuditEntry } from './audit-dal.js';
import { nowDate } from '../time/clock.js';

export type AuditVia = 'api' | 'web' | 'email-link' | 'cli' | 'system';

/** Who acts: a member through some channel, or the system itself (memberId null). */
export interface Actor {
  memberId: number | null;
  via: AuditVia;
}

export const SYSTEM: Actor = { memberId: null, via: 'system' };

export interface AuditInput {
  /** `personal_data`: a coordinator's export or erasure for a person (entityId 0; the person named by a keyed hash only). */
  entityType: 'booking' | 'venue' | 'blackout' | 'event' | 'member' | 'organization' | 'profile_proposal' | 'personal_data';
  entityId: number;
  action: string;
  actor: Actor;
  before?: unknown;
  after?: unknown;
}

/** Records a state change; call it in the transaction that makes the change. */
export function recordAudit(tx: DbOrTx, entry: AuditInput): void {
  insertAuditEntry(tx, {
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorMemberId: entry.actor.memberId,
    via: entry.actor.via,
    before: entry.before ?? null,
    after: entry.after ?? null,
    at: nowDate(),
  });
}

export function auditTrail(db: DbOrTx, entityType: AuditInput['entityType'], entityId: number) {
  return auditEntriesOf(db, entityType, entityId).map((row) => ({
    id: row.id,
    action: row.action,
    actorMemberId: row.actorMemberId,
    via: row.via,
    before: row.before,
    after: row.after,
    at: row.at.toISOString(),
  }));
}

/** The actor behind an API call. */
export function apiActor(principal: { memberId: number }): Actor {
  return { memberId: principal.memberId, via: 'api' };
}

/** The actor behind a page of the site (a signed-in session). */
export function webActor(principal: { memberId: number }): Actor {
  return { memberId: principal.memberId, via: 'web' };
}
