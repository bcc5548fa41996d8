import type { Principal } from '../auth/principal.js';
import { ForbiddenError } from '../errors/http-errors.js';
import type { EventRow } from './events-dal.js';

/** The organizing organization's members and coordinators run an event. */
export function canRunEvent(principal: Principal | null, event: Pick<EventRow, 'organizationId'>): boolean {
  return !!principal && (principal.role === 'coordinator' || principal.organizationId === event.organizationId);
}

export function assertRunsEvent(principal: Principal, event: Pick<EventRow, 'organizationId'>): void {
  if (!canRunEvent(principal, event)) throw new ForbiddenError('Only the organizing organization’s members and coordinators manage this event.');
}
