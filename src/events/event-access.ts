import type { Principal } from '../auth/principal.js';
import { ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import type { EventRow } from './events-dal.js';

/** The organizing organization's members and coordinators run an event. */
export function canRunEvent(principal: Principal | null, event: Pick<EventRow, 'organizationId'>): boolean {
  return !!principal && (principal.role === 'coordinator' || principal.organizationId === event.organizationId);
}

/**
 * Refuses whoever does not run the event. A draft is not known outside its organization: to
 * others it answers 404 as reading it does, so nobody learns which drafts exist.
 */
export function assertRunsEvent(principal: Principal, event: Pick<EventRow, 'organizationId' | 'status' | 'id'>): void {
  if (canRunEvent(principal, event)) return;
  if (event.status === 'draft') throw new NotFoundError('Event', event.id);
  throw new ForbiddenError('Only the organizing organization’s members and coordinators manage this event.').say('errManageEvent');
}
